using System.Text.RegularExpressions;
using Npgsql;
using V7Sync.IntegrationTests.Infrastructure;

namespace V7Sync.IntegrationTests.Tracking;

/// <summary>The guide's SQL is the contract: every statement in it runs verbatim against the migrated schema.</summary>
public sealed partial class GuideSqlTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Every_Statement_In_The_Guide_Runs_In_Document_Order()
    {
        // Arrange
        var guide = GuideText.Read();
        var statements = GuideStatements(guide);
        await using var database = await server.CreateDatabaseAsync();
        await using var connection = await database.OpenAsync();

        // Act
        var failures = new List<string>();
        var skipped = new List<string>();
        var ran = 0;
        foreach (var statement in statements)
        {
            if (statement.Contains("...", StringComparison.Ordinal))
            {
                skipped.Add(statement); // the guide's pseudo-SQL, e.g. INSERT ... (dart_task_id, dart_task_url, ...)
                continue;
            }

            try
            {
                await using var command = new NpgsqlCommand(SqlStatementSplitter.BindPlaceholders(statement, "1"), connection);
                await command.ExecuteNonQueryAsync();
                ran++;
            }
            catch (PostgresException ex)
            {
                failures.Add($"{ex.SqlState} {ex.MessageText}\n{statement}");
            }
        }

        // Assert: the splitter found every statement the guide ends with a semicolon, and all but the pseudo-SQL ran.
        Assert.Empty(failures);
        Assert.Equal(StatementEndings(guide), statements.Count);
        Assert.Equal(statements.Count - skipped.Count, ran);
        Assert.Contains("INSERT INTO v7_subworkflow_tasks (dart_task_id, dart_task_url, ...)", skipped.Select(FirstSqlLine));
    }

    [Fact]
    public void The_Splitter_Keeps_Comment_Markers_Inside_Strings()
    {
        var statements = SqlStatementSplitter.Split("INSERT INTO t VALUES ('-- not a comment; nor an end');\n-- a comment; here\nSELECT 1;");

        Assert.Equal(["INSERT INTO t VALUES ('-- not a comment; nor an end')", "-- a comment; here\nSELECT 1"], statements);
    }

    [Fact]
    public void Placeholders_Are_Bound_Outside_Strings_Only()
    {
        var bound = SqlStatementSplitter.BindPlaceholders("UPDATE t SET a = 'why?' WHERE phase_number = ?", "3");

        Assert.Equal("UPDATE t SET a = 'why?' WHERE phase_number = 3", bound);
    }

    private static List<string> GuideStatements(string markdown) =>
        SqlBlock().Matches(markdown)
            .SelectMany(block => SqlStatementSplitter.Split(block.Groups["sql"].Value))
            .ToList();

    private static string FirstSqlLine(string statement) =>
        statement.Split('\n').First(line => !line.TrimStart().StartsWith("--", StringComparison.Ordinal)).Trim();

    /// <summary>Counted apart from the splitter: lines in the guide's sql blocks that end a statement.</summary>
    private static int StatementEndings(string markdown) =>
        SqlBlock().Matches(markdown)
            .SelectMany(block => block.Groups["sql"].Value.Split('\n'))
            .Count(line => line.TrimEnd().EndsWith(';') && !line.TrimStart().StartsWith("--", StringComparison.Ordinal));

    [GeneratedRegex(@"```sql\s*\n(?<sql>.*?)```", RegexOptions.Singleline)]
    private static partial Regex SqlBlock();
}
