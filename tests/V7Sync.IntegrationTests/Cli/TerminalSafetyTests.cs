using System.Text.Json;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.IntegrationTests.Tracking;

namespace V7Sync.IntegrationTests.Cli;

/// <summary>
/// DART text already in the database (written before the boundary sanitiser, or by the conductor's SQL) holding
/// ESC, an OSC-8 link and a bidi override: every verb prints it with placeholders; --json keeps it exact.
/// </summary>
public sealed class TerminalSafetyTests(PostgresServer server) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private const string Esc = "\u001b";
    private const char Placeholder = '\uFFFD';

    /// <summary>Red text, a terminal hyperlink to elsewhere, and a right-to-left override that hides an extension.</summary>
    private const string Title = "P1.T1 " + Esc + "[31mEnums " + Esc + "]8;;https://evil.example/" + Esc + "\\docs" + Esc + "]8;;" + Esc + "\\ \u202Efdp.exe";

    /// <summary>What the terminal gets instead: each escape, control and override as one placeholder.</summary>
    private static readonly string Shown = Title.Replace('\u001b', Placeholder).Replace('\u202E', Placeholder);

    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await server.CreateDatabaseAsync();
        await _db.ExecuteAsync("""
            INSERT INTO v7_subworkflow_tasks (id, parent_phase, task_number, task_name, status, dart_task_id, started_at)
            VALUES (11, 1, 1, $1, 'in_progress', 'abcdefABCDEF', CURRENT_TIMESTAMP - INTERVAL '30 days');
            """, Title);
        await _db.ExecuteAsync("""
            INSERT INTO v7_sync_audit (occurred_at, source, action, task_id, dart_task_id, field, old_value, new_value)
            VALUES ('2026-11-20T09:00:00Z', 'poll', 'status_changed', 11, 'abcdefABCDEF', 'status', 'pending', $1)
            """, "in_progress" + Esc + "[2J");
        await _db.ExecuteAsync(
            "INSERT INTO v7_sync_findings (rule, subject, dart_task_id, message) VALUES ('dart_task_unlinked', 'strayTask001', 'strayTask001', $1)",
            $"DART task strayTask001 \"{Title}\" matches no work order");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Dictionary<string, string> Environment => new() { ["ConnectionStrings__Tracking"] = _db.ConnectionString };

    [Fact]
    public async Task Audit_Prints_Escapes_And_Overrides_In_Dart_Text_As_Placeholders()
    {
        var result = await V7SyncProcess.RunAsync(["audit"], Environment);

        Assert.True(result.ExitCode == 0, result.Stderr);
        AssertSafe(result.Stdout);
        // The table cuts the task cell at its width; what is shown is the placeholder form of the title.
        Assert.Contains(Shown[..20], result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"pending → in_progress{Placeholder}[2J", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_Follow_Prints_New_Rows_With_Placeholders()
    {
        using var follow = RunningV7Sync.Start(["audit", "--follow"], Environment);
        await follow.WaitForLineAsync(l => l.Contains("status_changed", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the rows so far");

        await _db.ExecuteAsync(
            "INSERT INTO v7_sync_audit (source, action, task_id, dart_task_id, field, new_value) VALUES ('webhook', 'deliverable_added', 11, 'abcdefABCDEF', 'deliverable_urls', $1)",
            "https://app.dartai.com/o/" + Esc + "]8;;https://evil.example/" + Esc + "\\x");
        await follow.WaitForLineAsync(l => l.Contains("deliverable_added", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the new row");

        AssertSafe(follow.Text);
        var line = Assert.Single(follow.Output, l => l.Contains("deliverable_added", StringComparison.Ordinal));
        Assert.Contains($"∅ → https://app.dartai.com/o/{Placeholder}]8;;https://evil.example/{Placeholder}\\x", line, StringComparison.Ordinal);
        Assert.Contains(Shown[..20], line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_Prints_Findings_That_Quote_Dart_Text_With_Placeholders()
    {
        var result = await V7SyncProcess.RunAsync(["check"], Environment);

        Assert.True(result.ExitCode == 1, result.Stdout + result.Stderr);
        AssertSafe(result.Stdout);
        Assert.Contains($"DART task strayTask001 \"{Shown}\" matches no work order", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"P1.T1 \"{Shown}\" has been in progress since", result.Stdout, StringComparison.Ordinal); // stale_in_progress quotes the title
    }

    [Fact]
    public async Task Dashboard_Prints_Dart_Text_With_Placeholders()
    {
        var result = await V7SyncProcess.RunAsync(["dashboard"], Environment);

        Assert.True(result.ExitCode == 0, result.Stderr);
        AssertSafe(result.Stdout);
        Assert.Contains($"DART task strayTask001 \"{Shown[..20]}", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Failing_Verb_Prints_Its_One_Line_With_Placeholders()
    {
        var result = await V7SyncProcess.RunAsync(["audit", "--since", Esc + "]0;pwned" + "\u0007"], Environment);

        Assert.Equal(2, result.ExitCode);
        AssertSafe(result.Stderr);
        Assert.Contains($"--since '{Placeholder}]0;pwned{Placeholder}'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_Output_Keeps_The_Exact_Text_Escaped_By_The_Serializer()
    {
        var audit = await V7SyncProcess.RunAsync(["audit", "--json"], Environment);
        var dashboard = await V7SyncProcess.RunAsync(["dashboard", "--json"], Environment);

        Assert.True(audit.ExitCode == 0, audit.Stderr);
        Assert.True(dashboard.ExitCode == 0, dashboard.Stderr);
        // Nothing raw reaches the terminal, and nothing is replaced: the escapes are JSON's \u001B and \u202E.
        AssertSafe(audit.Stdout);
        AssertSafe(dashboard.Stdout);
        Assert.DoesNotContain(Placeholder, audit.Stdout);
        using var auditJson = JsonDocument.Parse(audit.Stdout);
        var row = Assert.Single(auditJson.RootElement.EnumerateArray());
        Assert.Equal(Title, row.GetProperty("taskName").GetString());
        Assert.Equal("in_progress" + Esc + "[2J", row.GetProperty("newValue").GetString());
        using var dashboardJson = JsonDocument.Parse(dashboard.Stdout);
        Assert.Equal($"DART task strayTask001 \"{Title}\" matches no work order",
            dashboardJson.RootElement.GetProperty("openFindings")[0].GetProperty("message").GetString());
    }

    /// <summary>No control character but the line breaks, and no bidi override or isolate, anywhere in the output.</summary>
    private static void AssertSafe(string output)
    {
        Assert.DoesNotContain(output, c => (char.IsControl(c) && c is not '\n' and not '\r') || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069');
    }
}
