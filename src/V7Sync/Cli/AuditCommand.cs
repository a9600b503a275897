using System.CommandLine;
using Npgsql;
using V7Sync.Reporting;

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
            var lines = await query.ReadAsync(dataSource, cancellationToken);
            var asJson = parseResult.GetValue(json);
            var following = parseResult.GetValue(follow);
            if (!following)
            {
                AuditOutput.Write(Console.Out, lines, asJson);
            }
            else
            {
                // Following reads like `tail -f`, in one format from the first row to the last: the recent rows oldest
                // first, each as the lines that land later are (one line per row, or one JSON object per line).
                foreach (var line in Enumerable.Reverse(lines))
                {
                    Console.WriteLine(AuditOutput.Streamed(line, asJson));
                }

                var follower = new AuditFollower(dataSource, time, app.Logger);
                var from = lines.Count > 0 ? lines.Max(l => l.Id) : await follower.LatestIdAsync(cancellationToken);
                await follower.FollowAsync(from, line =>
                {
                    if (query.Matches(line))
                    {
                        Console.WriteLine(AuditOutput.Streamed(line, asJson));
                    }
                }, TimeSpan.FromSeconds(1), cancellationToken, skippedBelow: AuditFollower.SkippedIn(lines));
            }

            return CliAction.Ok;
        }));
        return command;
    }
}
