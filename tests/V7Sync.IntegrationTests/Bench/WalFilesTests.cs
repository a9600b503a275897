// The benchmarks' Program would clash with the product's (WebApplicationFactory<Program>): reach their types by alias.
extern alias bench;

using bench::V7Sync.Bench;
using Npgsql;
using V7Sync.Sandbox;

namespace V7Sync.IntegrationTests.Bench;

/// <summary>The benches' WAL files made ready before they measure, so no commit of a measured run creates one.</summary>
public sealed class WalFilesTests
{
    // Two WAL files' worth: rows of 1,000 bytes, about one WAL record of that size each.
    private const string WriteTwoFiles = "INSERT INTO probe SELECT repeat('x', 1000) FROM generate_series(1, 32000)";

    [Fact]
    public async Task A_Fresh_Cluster_Creates_Files_As_Its_Wal_Grows_And_None_Once_Prepared()
    {
        // Arrange: a cluster of its own (the preparation checkpoints and switches WAL files).
        await using var cluster = await PrivatePostgres.StartAsync(rootDirectory: null, throwaway: true, CancellationToken.None);
        await cluster.CreateDatabaseAsync("probe");
        await using var dataSource = NpgsqlDataSource.Create(cluster.ConnectionString("probe"));
        await ExecuteAsync(dataSource, "CREATE TABLE probe (t text)");

        // Act, unprepared: the cluster as initdb left it.
        var fresh = await WalFiles.CountAsync(dataSource, CancellationToken.None);
        await ExecuteAsync(dataSource, WriteTwoFiles);
        var grown = await WalFiles.CountAsync(dataSource, CancellationToken.None);

        // Act, prepared for twice what is written next.
        var line = await WalFiles.PrepareAsync(dataSource, 4L * 16 * 1024 * 1024, CancellationToken.None);
        var prepared = await WalFiles.CountAsync(dataSource, CancellationToken.None);
        await ExecuteAsync(dataSource, WriteTwoFiles);
        var after = await WalFiles.CountAsync(dataSource, CancellationToken.None);

        // Assert: new files while unprepared; recycled ones ahead afterwards, and no new file for the same writes.
        Assert.True(grown > fresh, $"{fresh} WAL file(s) before, {grown} after writing two files' worth");
        Assert.StartsWith("WAL files: ", line, StringComparison.Ordinal);
        Assert.Contains("after filling 4 and a checkpoint", line, StringComparison.Ordinal);
        Assert.True(prepared >= 4, $"{prepared} WAL file(s) once prepared");
        Assert.Equal(prepared, after);
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
