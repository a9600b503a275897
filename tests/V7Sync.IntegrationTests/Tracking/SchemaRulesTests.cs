using Npgsql;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Tracking;

namespace V7Sync.IntegrationTests.Tracking;

/// <summary>The guide's rules (sections 8.1 and 9) are enforced by the database itself, whoever writes.</summary>
public sealed class SchemaRulesTests(PostgresServer server) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await server.CreateDatabaseAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Seven_Phases_Are_Seeded_With_The_Configured_Names()
    {
        var names = await _db.RowsAsync("SELECT phase_name FROM v7_migration_workflow ORDER BY phase_number");

        Assert.Equal(TrackingOptions.DefaultPhaseNames, names.Select(r => (string)r[0]!));
    }

    [Theory]
    [InlineData("UPDATE v7_migration_workflow SET status = 'done' WHERE phase_number = 1", "ck_v7_migration_workflow_status")]
    [InlineData("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, status) VALUES (1, 1, 'x', 'finished')", "ck_v7_subworkflow_tasks_status")]
    [InlineData("INSERT INTO file_audit (file_path, v7_workflow_status) VALUES ('a.py', 'done')", "ck_file_audit_v7_workflow_status")]
    [InlineData("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name) VALUES (9, 1, 'orphan')", "fk_v7_subworkflow_tasks_parent_phase")]
    public async Task A_Value_Outside_The_Guide_Is_Rejected_By_A_Named_Constraint(string sql, string constraint)
    {
        var ex = await Assert.ThrowsAsync<PostgresException>(() => _db.ExecuteAsync(sql));

        Assert.Equal(constraint, ex.ConstraintName);
    }

    [Fact]
    public async Task A_Task_Number_Is_Unique_Within_Its_Phase()
    {
        await _db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name) VALUES (1, 1, 'a'), (2, 1, 'b')");

        var ex = await Assert.ThrowsAsync<PostgresException>(() =>
            _db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name) VALUES (1, 1, 'again')"));

        Assert.Equal("uq_v7_subworkflow_tasks_phase_task", ex.ConstraintName);
    }

    [Fact]
    public async Task The_Review_Gate_Names_Both_Phases()
    {
        var ex = await Assert.ThrowsAsync<PostgresException>(() =>
            _db.ExecuteAsync("UPDATE v7_migration_workflow SET status = 'in_progress' WHERE phase_number = 3"));

        Assert.Equal(PostgresErrorCodes.CheckViolation, ex.SqlState);
        Assert.Contains("phase 3 (Foundation)", ex.MessageText, StringComparison.Ordinal);
        Assert.Contains("phase 2 (Design)", ex.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Phase_Starts_Once_The_Previous_Phase_Is_Approved()
    {
        await _db.ExecuteAsync("UPDATE v7_migration_workflow SET approval_status = 'approved' WHERE phase_number = 1");

        await _db.ExecuteAsync("UPDATE v7_migration_workflow SET status = 'in_progress' WHERE phase_number = 2");

        Assert.Equal("in_progress", await _db.ScalarAsync<string>("SELECT status FROM v7_migration_workflow WHERE phase_number = 2"));
    }

    [Theory]
    [InlineData("critical")]
    [InlineData("high")]
    public async Task The_Guides_Risk_Dashboard_Reports_The_Highest_Risk_Of_Each_Table(string highest)
    {
        // Arrange: the highest level in each table, plus levels below it (and 'critical' sorts before 'high' as text).
        await _db.ExecuteAsync($"""
            INSERT INTO v7_enum_migrations (current_enum_name, v7_enum_name, risk_level) VALUES
                ('a', 'v7_a', 'high'), ('b', 'v7_b', '{highest}'), ('c', 'v7_c', 'medium');
            INSERT INTO v7_global_impacts (change_type, risk_assessment) VALUES ('enum', '{highest}'), ('enum', 'high'), ('enum', 'low')
            """);

        // Act: §4.3 as the guide prints it
        var rows = await _db.RowsAsync(GuideText.CodeBlockUnder("### 4.3 Risk Assessment Dashboard", "sql"));

        // Assert
        Assert.Equal([("ENUMs", 2L, highest), ("Global Impacts", 2L, highest)],
            rows.Select(r => ((string)r[0]!, (long)r[1]!, r[2]!.ToString())));
    }

    /// <summary>Every value the guide's §9 "Status Values Reference" lists, as (table, column, value).</summary>
    public static TheoryData<string, string, string> GuideStatusValues()
    {
        var data = new TheoryData<string, string, string>();
        string? table = null, column = null;
        foreach (var line in GuideText.CodeBlockUnder("### Status Values Reference", "yaml").Split('\n'))
        {
            if (line.TrimEnd().EndsWith(':') && !line.StartsWith(' '))
            {
                (table, column) = (line.TrimEnd()[..^1].Split('.')[0], line.TrimEnd()[..^1].Split('.')[1]);
            }
            else if (line.TrimStart().StartsWith("- ", StringComparison.Ordinal))
            {
                data.Add(table!, column!, line.TrimStart()[2..].Trim());
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GuideStatusValues))]
    public async Task Every_Status_The_Guide_Lists_Is_Accepted(string table, string column, string value) =>
        await AssertAcceptedAsync(table, column, value);

    /// <summary>
    /// The guide lists no values for these columns; the schema's lists are its own (see README). What the guide's SQL
    /// writes (approved, pass) or reads (implemented) must fit them.
    /// </summary>
    [Theory]
    [InlineData("v7_enum_migrations", "status", "approved")]
    [InlineData("v7_enum_migrations", "status", "implemented")]
    [InlineData("v7_test_results", "test_status", "pass")]
    public async Task Every_Status_The_Guides_Sql_Uses_Is_Accepted(string table, string column, string value) =>
        await AssertAcceptedAsync(table, column, value);

    /// <summary>Writes a row with the value, through the column's own constraint.</summary>
    private async Task AssertAcceptedAsync(string table, string column, string value)
    {
        var write = table switch
        {
            "v7_migration_workflow" => $"UPDATE v7_migration_workflow SET {column} = $1 WHERE phase_number = 1",
            "v7_subworkflow_tasks" => $"INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, {column}) VALUES (1, 1, 'x', $1)",
            "file_audit" => $"INSERT INTO file_audit (file_path, {column}) VALUES ('a.py', $1)",
            "v7_enum_migrations" => $"INSERT INTO v7_enum_migrations (current_enum_name, v7_enum_name, {column}) VALUES ('a', 'v7_a', $1)",
            "v7_test_results" => $"INSERT INTO v7_test_results (test_type, component_tested, {column}) VALUES ('unit', 'x', $1)",
            _ => throw new ArgumentOutOfRangeException(nameof(table), table, "a table the guide lists statuses for, and this test does not know"),
        };

        // A value outside the column's list throws (check violation); one written row means it was accepted.
        Assert.Equal(1, await _db.ExecuteAsync(write, value));
    }

    [Fact]
    public async Task Appending_To_A_New_Row_Never_Yields_Null()
    {
        await _db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name) VALUES (1, 1, 'a')");

        await _db.ExecuteAsync("""
            UPDATE v7_subworkflow_tasks SET notes = notes || ' - note', deliverable_urls = deliverable_urls || ARRAY['u'],
                dependencies = dependencies || 7;
            UPDATE v7_migration_workflow SET blockers = blockers || jsonb_build_object('issue', 'x') WHERE phase_number = 1
            """);

        var row = (await _db.RowsAsync("SELECT notes, deliverable_urls, dependencies FROM v7_subworkflow_tasks")).Single();
        Assert.Equal(" - note", row[0]);
        Assert.Equal(["u"], (string[])row[1]!);
        Assert.Equal([7], (int[])row[2]!);
        Assert.Equal(1, await _db.ScalarAsync<int>("SELECT jsonb_array_length(blockers) FROM v7_migration_workflow WHERE phase_number = 1"));
    }

    [Fact]
    public async Task Updated_At_Moves_On_Every_Update()
    {
        await _db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, updated_at) VALUES (1, 1, 'a', '2020-01-01Z')");

        await _db.ExecuteAsync("UPDATE v7_subworkflow_tasks SET status = 'in_progress'");

        var updated = await _db.ScalarAsync<DateTime>("SELECT updated_at FROM v7_subworkflow_tasks");
        Assert.True(updated.Year > 2020, $"updated_at stayed at {updated:O}");
    }
}
