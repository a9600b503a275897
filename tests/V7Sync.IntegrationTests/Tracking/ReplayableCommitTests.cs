using Microsoft.EntityFrameworkCore;
using Npgsql;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Tracking;

namespace V7Sync.IntegrationTests.Tracking;

/// <summary>
/// Replayable work commits without waiting for its WAL flush, and only that transaction: the pooled connection it
/// ran on goes back durable, so the webhook endpoint's inserts on the same pool still commit flushed.
/// </summary>
public sealed class ReplayableCommitTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private const string Setting = "SELECT current_setting('synchronous_commit')";

    [Fact]
    public async Task A_Replayable_Transaction_Commits_Unflushed_And_Hands_Its_Connection_Back_Durable()
    {
        // Arrange: one pooled connection, so the context after the transaction gets the very connection it ran on.
        await using var db = await server.CreateDurableDatabaseAsync();
        var onePool = new NpgsqlConnectionStringBuilder(db.ConnectionString) { MaxPoolSize = 1 }.ConnectionString;

        // Act
        string inside;
        await using (var context = TestDatabase.CreateContext(onePool))
        {
            await using var work = await TrackingTransaction.BeginReplayableAsync(context, CancellationToken.None);
            inside = await context.Database.SqlQueryRaw<string>(Setting + " AS \"Value\"").SingleAsync();
            await work.CommitAsync(CancellationToken.None);
        }

        string after;
        await using (var context = TestDatabase.CreateContext(onePool))
        {
            after = await context.Database.SqlQueryRaw<string>(Setting + " AS \"Value\"").SingleAsync();
        }

        // Assert
        Assert.Equal(("off", "on"), (inside, after));
    }

    [Fact]
    public async Task A_Durable_Transaction_Keeps_The_Servers_Synchronous_Commit()
    {
        await using var db = await server.CreateDurableDatabaseAsync();
        await using var context = db.NewContext();

        await using var work = await TrackingTransaction.BeginAsync(context, CancellationToken.None);
        var inside = await context.Database.SqlQueryRaw<string>(Setting + " AS \"Value\"").SingleAsync();

        Assert.Equal("on", inside);
    }

    [Fact]
    public async Task A_Replayable_Statement_Is_Its_Own_Transaction_And_Leaves_The_Connection_Durable()
    {
        // Arrange
        await using var db = await server.CreateDurableDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(db.ConnectionString) { MaxPoolSize = 1 }.ConnectionString);
        await db.ExecuteAsync("CREATE TABLE t (n integer)");

        // Act: the statement's own result comes first; what the commit runs under is read after the mark.
        await using var batch = ReplayableCommit.Batch(dataSource, "INSERT INTO t VALUES ($1) RETURNING n", new NpgsqlParameter<int> { TypedValue = 7 });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(Setting));
        var results = new List<string>();
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            do
            {
                while (await reader.ReadAsync())
                {
                    results.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
                }
            }
            while (await reader.NextResultAsync());
        }

        await using var after = dataSource.CreateCommand(Setting);

        // Assert: 7 (the INSERT), off (the mark's own answer), off (at commit), then on for the next statement.
        Assert.Equal(["7", "off", "off"], results);
        Assert.Equal("on", (string?)await after.ExecuteScalarAsync());
        Assert.Equal(7, await db.ScalarAsync<int>("SELECT n FROM t"));
    }
}
