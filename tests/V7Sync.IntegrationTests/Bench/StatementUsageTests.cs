// The benchmarks' Program would clash with the product's (WebApplicationFactory<Program>): reach their types by alias.
extern alias bench;

using bench::V7Sync.Bench;
using Npgsql;
using V7Sync.Sandbox;

namespace V7Sync.IntegrationTests.Bench;

/// <summary>`bench webhooks --statements`: pg_stat_statements loaded into a private cluster of its own, as the bench loads it.</summary>
public sealed class StatementUsageTests
{
    [Fact]
    public async Task Once_Loaded_It_Lists_The_Statements_Run_Since_The_Start_With_Their_Calls_And_The_Ones_Triggers_Ran()
    {
        // Arrange: a cluster of its own (loading the module restarts it); a trigger that runs a statement of its own.
        await using var cluster = await PrivatePostgres.StartAsync(rootDirectory: null, throwaway: true, CancellationToken.None);
        await cluster.CreateDatabaseAsync("probe");
        await using var dataSource = NpgsqlDataSource.Create(cluster.ConnectionString("probe"));
        Assert.Null(await StatementUsage.StartAsync(dataSource, CancellationToken.None)); // not loaded: "not available"
        Assert.True(await StatementUsage.TryEnableAsync(cluster, dataSource, CancellationToken.None));
        await ExecuteAsync(dataSource, """
            CREATE TABLE probe (id int);
            CREATE TABLE probe_log (ids int[]);
            CREATE FUNCTION probe_logged() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN INSERT INTO probe_log SELECT array_agg(id) FROM added; RETURN NULL; END $$;
            CREATE TRIGGER probe_logged AFTER INSERT ON probe REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION probe_logged();
            """);

        // Act
        var usage = await StatementUsage.StartAsync(dataSource, CancellationToken.None);
        Assert.NotNull(usage);
        for (var i = 0; i < 40; i++)
        {
            await ExecuteAsync(dataSource, "INSERT INTO probe SELECT generate_series(1, 3)");
        }

        var output = new StringWriter();
        await usage.PrintAsync(output, 10, events: 40, "event", CancellationToken.None);

        // Assert: the stretch's statements, each with its calls and rows; the trigger's marked; what ran before the start not at all.
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("SQL all top-level statements: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("40 calls, 3.0 rows a call", StringComparison.Ordinal) && l.EndsWith(": INSERT INTO probe SELECT generate_series($1, $2)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("40 calls, 1.0 rows a call", StringComparison.Ordinal) && l.Contains("(in a trigger or function): INSERT INTO probe_log", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("CREATE", StringComparison.Ordinal));
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
