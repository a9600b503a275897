using System.CommandLine;
using V7Sync.Reporting;
using V7Sync.Webhooks;

namespace V7Sync.Cli;

/// <summary>
/// `v7sync inbox list [--dead] [--limit N]` and `v7sync inbox replay <id> | --dead`: the webhook deliveries that are not
/// done, and putting dead ones back to be applied again (pending, attempts reset, audited as inbox_replayed).
/// </summary>
internal static class InboxCommand
{
    public static Command Create(WebApplication app)
    {
        var command = new Command("inbox", "List the webhook inbox rows not yet done, or replay dead ones.") { List(app), Replay(app) };
        return command;
    }

    private static Command List(WebApplication app)
    {
        var dead = new Option<bool>("--dead") { Description = "Only the dead rows (failed Webhooks:MaxAttempts times, or unreadable)." };
        var limit = new Option<int>("--limit") { Description = "At most this many rows, newest first (default 50).", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "List inbox rows that are pending, processing or dead, newest first.") { dead, limit };
        command.SetAction((parseResult, cancellationToken) => CliAction.RunAsync("inbox list", async () =>
        {
            var rows = await app.Services.GetRequiredService<InboxMaintenance>()
                .ListAsync(parseResult.GetValue(dead), Math.Clamp(parseResult.GetValue(limit), 1, 100_000), cancellationToken);
            var table = new TextTable("id", "received (UTC)", "status", "event", "DART task", "attempts", "last error");
            foreach (var row in rows)
            {
                table.AddRow(row.Id, row.ReceivedAt, row.Status, row.EventType ?? "-", row.DartTaskId ?? "-", row.Attempts, row.LastError ?? "-");
            }

            table.Write(Console.Out, indent: "");
            return CliAction.Ok;
        }));
        return command;
    }

    private static Command Replay(WebApplication app)
    {
        var id = new Argument<long?>("id") { Description = "The inbox row to replay (its id, from `inbox list`).", Arity = ArgumentArity.ZeroOrOne };
        var allDead = new Option<bool>("--dead") { Description = "Replay every dead row." };
        var command = new Command("replay", "Put dead inbox rows back to pending, attempts reset (audited as inbox_replayed).") { id, allDead };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(id) is null) == !result.GetValue(allDead))
            {
                result.AddError("give an inbox row id or --dead (not both)");
            }
        });
        command.SetAction((parseResult, cancellationToken) => CliAction.RunAsync("inbox replay", async () =>
        {
            var which = parseResult.GetValue(id);
            var replayed = await app.Services.GetRequiredService<InboxMaintenance>().ReplayAsync(which, cancellationToken);
            if (which is { } one && replayed.Count == 0)
            {
                return CliAction.Fail("inbox replay", $"inbox row {one} is not dead (or does not exist); nothing replayed", CliAction.ConfigurationError);
            }

            foreach (var row in replayed)
            {
                Console.WriteLine(TerminalText.Safe($"replayed inbox row {row.Id} ({row.EventType ?? "?"}, DART task {row.DartTaskId ?? "-"}); it was: {row.LastError ?? "-"}"));
            }

            Console.WriteLine($"{replayed.Count} dead row(s) put back to pending; the processor applies them now.");
            return CliAction.Ok;
        }));
        return command;
    }
}
