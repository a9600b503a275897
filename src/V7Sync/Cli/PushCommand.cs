using System.CommandLine;
using V7Sync.Push;
using V7Sync.Reporting;

namespace V7Sync.Cli;

/// <summary>
/// `v7sync push [--dry-run] [--backfill]`: pushes the conductor's writes waiting in the outbox to DART now and prints
/// one line per work order. --backfill first queues a create for each work order that has no DART task (rows from
/// before the push); --dry-run prints what would be done and changes nothing, in the database or in DART.
/// </summary>
internal static class PushCommand
{
    public static Command Create(WebApplication app)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what pushing would do; change nothing and call no DART." };
        var backfill = new Option<bool>("--backfill")
        {
            Description = "First queue a create for every work order that has no DART task and needs one (rows from before the push).",
        };
        var command = new Command("push", "Push the conductor's writes waiting in the outbox to DART now; print one line per work order.")
        {
            dryRun,
            backfill,
        };
        command.SetAction((parseResult, cancellationToken) => CliAction.RunAsync("push", async () =>
        {
            var dry = parseResult.GetValue(dryRun);
            var queued = parseResult.GetValue(backfill)
                ? await app.Services.GetRequiredService<DartOutbox>().BackfillAsync(dry, cancellationToken)
                : [];
            IReadOnlyList<PushResult> results;
            if (dry)
            {
                await using var scope = app.Services.CreateAsyncScope();
                results = await scope.ServiceProvider.GetRequiredService<PushPreview>().PreviewAsync(cancellationToken);
            }
            else
            {
                results = await app.Services.GetRequiredService<OutboxDrainer>().DrainAsync(cancellationToken);
            }

            Console.Write(PushOutput.Format(results, queued, dry));
            var failed = PushOutput.Failed(results);
            return failed == 0
                ? CliAction.Ok
                : CliAction.Fail("push", $"{failed} work order(s) did not reach DART (see above); retries wait in dart_outbox, dead rows raise dart_push_failed",
                    CliAction.DependencyError);
        }));
        return command;
    }
}
