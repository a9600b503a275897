using System.CommandLine;
using System.Text.Json;
using Npgsql;

namespace V7Sync.Cli;

/// <summary>`v7sync audit`: what V7Sync changed, newest first, in words a conductor reads without the code.</summary>
internal static class AuditCommand
{
    public static Command Create(WebApplication app)
    {
        var since = new Option<string?>("--since") { Description = "Only rows since a date (2026-11-20T09:00Z) or a span back from now (90m, 6h, 2d)." };
        var task = new Option<string?>("--task") { Description = "Only one work order: its key (P1.T3), its task id, or its DART task id." };
        var action = new Option<string?>("--action") { Description = "Only one action, e.g. status_changed, deliverable_added, dart_task_unlinked." };
        var limit = new Option<int>("--limit") { Description = "At most this many rows (default 50).", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table: one array, or with --follow one object per line (JSON Lines)." };
        var follow = new Option<bool>("--follow") { Description = "Print the recent rows oldest first, then new rows as they land, until Ctrl-C." };
        var command = new Command("audit", "Print the sync audit log, newest first.") { since, task, action, limit, json, follow };
        command.SetAction((parseResult, cancellationToken) => CliAction.RunAsync("audit", async () =>
        {
            var time = app.Services.GetRequiredService<TimeProvider>();
            AuditQuery query;
            try
            {
                query = new AuditQuery(AuditQuery.ParseSince(parseResult.GetValue(since), time.GetUtcNow()),
                    parseResult.GetValue(task), parseResult.GetValue(action), Math.Clamp(parseResult.GetValue(limit), 1, 100_000));
            }
            catch (FormatException ex)
            {
                return CliAction.Fail("audit", ex.Message, CliAction.ConfigurationError);
            }

            var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
            var lines = await ReadAsync(query, dataSource, cancellationToken);
            var asJson = parseResult.GetValue(json);
            var following = parseResult.GetValue(follow);
            // Following reads like `tail -f`: the recent rows oldest first, so each new row lands below the last.
            Print(following ? [.. Enumerable.Reverse(lines)] : lines, asJson, jsonLines: following);
            if (following)
            {
                var follower = new AuditFollower(dataSource, time, app.Logger);
                var from = lines.Count > 0 ? lines.Max(l => l.Id) : await follower.LatestIdAsync(cancellationToken);
                await follower.FollowAsync(from, line =>
                {
                    if (query.Matches(line))
                    {
                        Console.WriteLine(asJson ? JsonSerializer.Serialize(line, JsonOptions) : AuditFollower.Format(line));
                    }
                }, TimeSpan.FromSeconds(1), cancellationToken, skippedBelow: SkippedIds(lines));
            }

            return CliAction.Ok;
        }));
        return command;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>The ids inside the first page's range that it did not show: filtered out, or not yet committed.</summary>
    private static IEnumerable<long> SkippedIds(List<AuditLine> lines)
    {
        if (lines.Count == 0)
        {
            return [];
        }

        var shown = lines.Select(l => l.Id).ToHashSet();
        var (low, high) = (shown.Min(), shown.Max());
        return Enumerable.Range(0, (int)Math.Min(high - low, AuditFollower.MaxGaps)).Select(i => high - 1 - i).Where(id => !shown.Contains(id)).Reverse();
    }

    private static async Task<List<AuditLine>> ReadAsync(AuditQuery query, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = query.ToCommand(dataSource);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var lines = new List<AuditLine>();
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(AuditLine.Read(reader));
        }

        return lines;
    }

    /// <param name="jsonLines">With --follow, JSON is one object per line from the first row, so a reader of the stream parses every line alike.</param>
    private static void Print(List<AuditLine> lines, bool json, bool jsonLines)
    {
        if (json)
        {
            if (!jsonLines)
            {
                Console.WriteLine(JsonSerializer.Serialize(lines, JsonOptions));
                return;
            }

            foreach (var line in lines)
            {
                Console.WriteLine(JsonSerializer.Serialize(line, JsonOptions));
            }

            return;
        }

        var table = new TextTable("when (UTC)", "source", "action", "work order", "task", "field", "change", "DART task", "why");
        foreach (var line in lines)
        {
            var change = line.Field is null ? line.NewValue ?? "" : $"{line.OldValue ?? "∅"} → {line.NewValue ?? "∅"}";
            table.AddRow(line.OccurredAt, line.Source, line.Action, line.WorkOrder ?? "-", line.TaskName ?? "-", line.Field ?? "-", change,
                line.DartTaskId ?? "-", line.Why ?? "-");
        }

        table.Write(Console.Out, indent: "");
    }
}
