using V7Sync.IntegrationTests.Infrastructure;

namespace V7Sync.IntegrationTests.Jobs;

/// <summary>
/// Each rule against one database that breaks every rule once (plus rows that break none): the rule must find
/// exactly its own violations, and nothing of the others'.
/// </summary>
public sealed class IntegrityRuleTests(PostgresServer server) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    /// <summary>Every rule, and the subjects it must leave open on <see cref="SeedAsync"/>'s data.</summary>
    public static readonly TheoryData<string, string[]> Expected = new()
    {
        { "orphaned_task", ["30"] },
        { "completed_without_dart_link", ["10"] },
        { "stale_in_progress", ["11"] },
        { "missing_dependency", ["12"] },
        { "dependency_cycle", ["13", "14", "23", "24", "25", "26"] },
        { "completed_before_dependency", ["15"] },
        { "in_progress_before_dependency", ["16"] },
        { "phase_done_with_open_tasks", ["P3"] },
        { "phase_review_without_deliverables", ["P4"] },
        { "duplicate_dart_link", ["DUP"] },
        { "phase_ready_for_review", ["P6"] },
        { "task_active_in_unstarted_phase", ["10", "11", "15", "16"] },
        // Dart:PersonaAssignees maps nobody here (PhaseFlowRuleTests map some).
        { "assignee_mismatch", [] },
        // The reconciler's rules: seeded open, and only the ones no longer true are resolved.
        { "dart_task_unlinked", ["X-GONE"] },
        { "work_order_key_conflict", ["X-KEY"] },
        { "dart_task_deleted", ["D15"] },
    };

    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await server.CreateDatabaseAsync();
        await SeedAsync(_db);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Theory]
    [MemberData(nameof(Expected))]
    public async Task A_Rule_Finds_Exactly_Its_Own_Violations(string rule, string[] subjects)
    {
        // Arrange
        await using var harness = new RuleHarness(_db);

        // Act
        var report = await harness.RunAsync(rule);

        // Assert
        var outcome = Assert.Single(report.Rules);
        Assert.Null(outcome.Error);
        Assert.Equal(subjects.Order(), await OpenSubjectsAsync(rule));
    }

    /// <summary>Rows that look close to a violation but are none: the rule still finds only the seeded subject.</summary>
    [Theory]
    [InlineData(DoneAfterItsDependencies, "completed_before_dependency", "15")]
    [InlineData(BlankLinks, "duplicate_dart_link", "DUP")]
    public async Task A_Near_Miss_Is_Not_A_Violation(string nearMisses, string rule, string seeded)
    {
        await _db.ExecuteAsync(nearMisses);
        await using var harness = new RuleHarness(_db);

        await harness.RunAsync(rule);

        Assert.Equal([seeded], await OpenSubjectsAsync(rule));
    }

    [Fact]
    public async Task Every_Rule_Together_Finds_Exactly_Each_Rules_Own_Violations()
    {
        await _db.ExecuteAsync(DoneAfterItsDependencies + BlankLinks);
        await using var harness = new RuleHarness(_db);

        await harness.RunAsync();

        var expected = Expected.SelectMany(e => ((string[])e[1]).Select(subject => $"{e[0]} {subject}")).Order();
        var open = (await _db.RowsAsync("SELECT rule || ' ' || subject FROM v7_sync_findings WHERE status = 'open'"))
            .Select(r => (string)r[0]!).Order();
        Assert.Equal(expected, open);
    }

    [Fact]
    public async Task Every_Rule_Together_Opens_The_Union_And_Audits_Each_Opening()
    {
        await using var harness = new RuleHarness(_db);

        var report = await harness.RunAsync();

        Assert.False(report.AnyFailed);
        Assert.Equal(Expected.Count, report.Rules.Count);
        var opened = Expected.Sum(e => ((string[])e[1]).Length) - 3; // the reconciler's three were open already
        Assert.Equal(opened, report.Opened);
        Assert.Equal(3, report.Resolved); // D1, D2 and X-DEL
        Assert.Equal(opened - 1, await _db.ScalarAsync<long>("SELECT count(*) FROM v7_sync_audit WHERE action = 'integrity_violation'"));
        Assert.Equal(1, await _db.ScalarAsync<long>("SELECT count(*) FROM v7_sync_audit WHERE action = 'stale_flagged'"));
        Assert.Equal(3, await _db.ScalarAsync<long>("SELECT count(*) FROM v7_sync_audit WHERE action = 'integrity_resolved'"));
        Assert.Equal(0, await _db.ScalarAsync<long>("SELECT count(*) FROM v7_sync_audit WHERE source <> 'job'"));
    }

    [Fact]
    public async Task A_Clean_Plan_Has_No_Findings()
    {
        await using var clean = await server.CreateDatabaseAsync();
        await clean.ExecuteAsync(CleanTasks);
        await using var harness = new RuleHarness(clean);

        var report = await harness.RunAsync();

        Assert.False(report.AnyFailed);
        Assert.Equal(0, report.Open);
        Assert.Equal(0, await clean.ScalarAsync<long>("SELECT count(*) FROM v7_sync_findings"));
        Assert.Equal(0, await clean.ScalarAsync<long>("SELECT count(*) FROM v7_sync_audit"));
    }

    [Fact]
    public async Task A_Task_That_Depends_On_Itself_Is_A_Cycle()
    {
        await _db.ExecuteAsync("UPDATE v7_subworkflow_tasks SET dependencies = ARRAY[3] WHERE id = 3");
        await using var harness = new RuleHarness(_db);

        await harness.RunAsync("dependency_cycle");

        Assert.Contains("3", await OpenSubjectsAsync("dependency_cycle"));
        Assert.Contains("P1.T3", await _db.ScalarAsync<string>("SELECT message FROM v7_sync_findings WHERE subject = '3'"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Message_Names_The_Work_Order()
    {
        await using var harness = new RuleHarness(_db);

        await harness.RunAsync("in_progress_before_dependency");

        var message = await _db.ScalarAsync<string>("SELECT message FROM v7_sync_findings WHERE rule = 'in_progress_before_dependency'");
        Assert.Equal("P2.T7 \"Started early\" is in progress but depends on P1.T3 (pending), not completed", message);
    }

    /// <summary>Completed after both its dependencies (1 and 21) were: breaks nothing.</summary>
    private const string DoneAfterItsDependencies = """
        INSERT INTO v7_subworkflow_tasks (id, parent_phase, task_number, task_name, status, dart_task_id, started_at, completed_at, dependencies) VALUES
            (40, 1, 4, 'Done after', 'completed', 'D40', '2026-11-03Z', '2026-11-04Z', '{1, 21}');
        """;

    /// <summary>Rows whose DART link is blank or whitespace: not linked at all, so not linked twice.</summary>
    private const string BlankLinks = """
        INSERT INTO v7_subworkflow_tasks (id, parent_phase, task_number, task_name, status, dart_task_id) VALUES
            (41, 1, 5, 'Blank A', 'pending', ''),
            (42, 1, 6, 'Blank B', 'pending', ''),
            (43, 1, 7, 'Blank C', 'pending', '  '),
            (44, 1, 8, 'Blank D', 'pending', '  ');
        """;

    private async Task<IEnumerable<string>> OpenSubjectsAsync(string rule) =>
        (await _db.RowsAsync($"SELECT subject FROM v7_sync_findings WHERE status = 'open' AND rule = '{rule}'"))
        .Select(r => (string)r[0]!).Order();

    /// <summary>Tasks 1-3, 21, 22 break nothing; each other row breaks one rule (comments say which).</summary>
    private const string CleanTasks = """
        UPDATE v7_migration_workflow SET status = 'in_progress' WHERE phase_number = 1;
        UPDATE v7_migration_workflow SET status = 'approved', approval_status = 'approved' WHERE phase_number = 6;
        UPDATE v7_migration_workflow SET status = 'review', deliverables = '{"report": "https://dart.ai/doc/r"}' WHERE phase_number = 5;
        INSERT INTO v7_subworkflow_tasks (id, parent_phase, task_number, task_name, status, dart_task_id, started_at, completed_at, dependencies) VALUES
            (1, 1, 1, 'Done', 'completed', 'D1', '2026-11-01Z', '2026-11-02Z', '{}'),
            (2, 1, 2, 'Going', 'in_progress', 'D2', '2026-11-24Z', NULL, '{1}'),
            (3, 1, 3, 'Waiting', 'pending', NULL, NULL, NULL, '{2}'),
            (21, 6, 1, 'Shipped', 'completed', 'D21', '2026-11-01Z', '2026-11-03Z', '{}'),
            (22, 6, 2, 'Dropped', 'cancelled', NULL, NULL, NULL, '{}');
        """;

    private static async Task SeedAsync(TestDatabase db) => await db.ExecuteAsync(CleanTasks + """
        UPDATE v7_migration_workflow SET status = 'completed' WHERE phase_number = 3;
        UPDATE v7_migration_workflow SET status = 'review' WHERE phase_number = 4;
        INSERT INTO v7_subworkflow_tasks (id, parent_phase, task_number, task_name, status, dart_task_id, started_at, completed_at, dependencies) VALUES
            -- Phase 2 has not started: its in-progress and completed tasks are task_active_in_unstarted_phase too.
            (10, 2, 1, 'No link', 'completed', NULL, '2026-11-01Z', '2026-11-02Z', '{}'),          -- completed_without_dart_link
            (11, 2, 2, 'Stuck', 'in_progress', 'D11', '2026-11-17Z', NULL, '{}'),                 -- stale (8 days)
            (12, 2, 3, 'Dangling', 'pending', 'D12', NULL, NULL, '{999}'),                        -- missing_dependency
            (13, 2, 4, 'Chicken', 'pending', 'D13', NULL, NULL, '{14}'),                          -- dependency_cycle
            (14, 2, 5, 'Egg', 'pending', 'D14', NULL, NULL, '{13}'),                              -- dependency_cycle
            (15, 2, 6, 'Done early', 'completed', 'D15', '2026-11-20Z', '2026-11-21Z', '{3}'),   -- completed_before_dependency
            (16, 2, 7, 'Started early', 'in_progress', 'D16', '2026-11-24Z', NULL, '{3}'),       -- in_progress_before_dependency
            (17, 2, 8, 'Twin A', 'pending', 'DUP', NULL, NULL, '{}'),                             -- duplicate_dart_link
            (18, 2, 9, 'Twin B', 'pending', 'DUP', NULL, NULL, '{}'),                             -- duplicate_dart_link
            (19, 2, 10, 'Downstream', 'pending', 'D19', NULL, NULL, '{13}'),                     -- depends on a cycle, is not on it
            (20, 3, 1, 'Left open', 'pending', 'D20', NULL, NULL, '{}'),                          -- phase_done_with_open_tasks (P3)
            (23, 7, 1, 'Ring 1', 'pending', NULL, NULL, NULL, '{26}'),                            -- a longer cycle 23 → 26 → 25 → 24 → 23
            (24, 7, 2, 'Ring 2', 'pending', NULL, NULL, NULL, '{23}'),
            (25, 7, 3, 'Ring 3', 'pending', NULL, NULL, NULL, '{24, 1}'),
            (26, 7, 4, 'Ring 4', 'pending', NULL, NULL, NULL, '{25}');
        -- orphaned_task: a brownfield database without the foreign key (replica mode skips FK triggers).
        -- phase_ready_for_review: phase 6 back in progress with its two tasks done (replica mode skips the review gate).
        SET session_replication_role = replica;
        INSERT INTO v7_subworkflow_tasks (id, parent_phase, task_number, task_name, status) VALUES (30, 9, 1, 'Orphan', 'pending');
        UPDATE v7_migration_workflow SET status = 'in_progress' WHERE phase_number = 6;
        SET session_replication_role = DEFAULT;
        -- What the reconciler raised: D1, D2 are linked now, X-DEL is linked to nothing; the others still hold.
        INSERT INTO v7_sync_findings (rule, subject, dart_task_id, message, first_seen_at, last_seen_at) VALUES
            ('dart_task_unlinked', 'D1', 'D1', 'unlinked', '2026-11-20Z', '2026-11-20Z'),
            ('dart_task_unlinked', 'X-GONE', 'X-GONE', 'unlinked', '2026-11-20Z', '2026-11-20Z'),
            ('work_order_key_conflict', 'D2', 'D2', 'conflict', '2026-11-20Z', '2026-11-20Z'),
            ('work_order_key_conflict', 'X-KEY', 'X-KEY', 'conflict', '2026-11-20Z', '2026-11-20Z'),
            ('dart_task_deleted', 'D15', 'D15', 'deleted', '2026-11-20Z', '2026-11-20Z'),
            ('dart_task_deleted', 'X-DEL', 'X-DEL', 'deleted', '2026-11-20Z', '2026-11-20Z');
        """);
}
