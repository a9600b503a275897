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
}
