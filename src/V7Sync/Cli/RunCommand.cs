using System.CommandLine;
using Microsoft.Extensions.Options;
using V7Sync.Tracking;

namespace V7Sync.Cli;

internal static class RunCommand
{
    public static Command Create(WebApplication app)
    {
        var command = new Command("run", "Serve: poll DART, take webhooks, run the scheduled jobs (the default verb).")
        {
            // A test host may pass host switches (--environment=...); they are the host's business, not ours.
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction((_, cancellationToken) => CliAction.RunAsync("run", async () =>
        {
            if (app.Services.GetRequiredService<IOptions<TrackingOptions>>().Value.MigrateOnStart)
            {
                await using var scope = app.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
            }

            // SIGTERM and Ctrl-C reach this token (the command line takes the signals); stop the host gracefully on it,
            // or the process would wait out the command line's termination timeout.
            await using (cancellationToken.Register(app.Lifetime.StopApplication))
            {
                await app.RunAsync();
            }

            return CliAction.Ok;
        }));
        return command;
    }
}
