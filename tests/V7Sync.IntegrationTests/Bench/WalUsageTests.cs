// The benchmarks' Program would clash with the product's (WebApplicationFactory<Program>): reach their types by alias.
extern alias bench;

using bench::V7Sync.Bench;
using V7Sync.IntegrationTests.Infrastructure;

namespace V7Sync.IntegrationTests.Bench;

/// <summary>The benches' WAL figure, on the tests' real PostgreSQL.</summary>
/// <remarks>Serial: WAL is counted server-wide, and other tests' databases being created and written would count too.</remarks>
[Collection(SerialCollection.Name)]
public sealed class WalUsageTests(PostgresServer server)
{
    [Fact]
    public async Task A_Megabyte_Written_Is_Counted_As_At_Least_A_Megabyte_Of_WAL_And_Not_Many_Times_That()
    {
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("CREATE TABLE wal_probe (body bytea)");
        await db.ExecuteAsync("ALTER TABLE wal_probe ALTER COLUMN body SET STORAGE EXTERNAL"); // kept as written, not compressed
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(db.ConnectionString);
        const int megabyte = 1 << 20;

        var usage = await WalUsage.StartAsync(dataSource, CancellationToken.None);
        await db.ExecuteAsync("INSERT INTO wal_probe SELECT decode(string_agg(md5(i::text), ''), 'hex') FROM generate_series(1, $1) AS i", megabyte / 16);
        var bytes = await usage.StopAsync(CancellationToken.None);

        Assert.InRange(bytes, megabyte, 3.0 * megabyte);
    }

    [Fact]
    public async Task The_Largest_Writer_Of_A_Stretch_Is_The_Table_It_Filled_With_Its_Share_Of_The_Bytes()
    {
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("CREATE TABLE wal_probe (body bytea)");
        await db.ExecuteAsync("ALTER TABLE wal_probe ALTER COLUMN body SET STORAGE PLAIN"); // kept in the row as written: no TOAST, no compression
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(db.ConnectionString);

        var usage = await WalUsage.StartAsync(dataSource, CancellationToken.None);
        await db.ExecuteAsync("INSERT INTO wal_probe SELECT decode(repeat(md5(i::text), 200), 'hex') FROM generate_series(1, 200) AS i");
        await usage.StopAsync(CancellationToken.None);
        await db.ExecuteAsync("CHECKPOINT"); // the stretch's WAL on disk, where pg_walinspect reads it
        var shares = await usage.TopSharesAsync(5, CancellationToken.None);

        // 200 rows of 3,200 bytes, two a page: each page's first insert is its own kind (Heap/INSERT+INIT).
        Assert.Equal("wal_probe", shares[0].Relation);
        var inserts = shares.Where(s => s.Relation == "wal_probe" && s.RecordKind.StartsWith("Heap/INSERT", StringComparison.Ordinal)).ToList();
        Assert.Equal(["Heap/INSERT", "Heap/INSERT+INIT"], inserts.Select(s => s.RecordKind).Order());
        Assert.Equal(200, inserts.Sum(s => s.Records));
        Assert.InRange(inserts.Sum(s => s.Bytes), 640_000, 1_000_000);
    }
}
