using System.CommandLine;
using V7Sync.Tracking;

namespace V7Sync.Cli;

internal static class MigrateCommand
{
    public static Command Create(WebApplication app)
    {
        var command = new Command("migrate", "Apply the tracking database migrations and seed the seven phases.");
        command.SetAction((_, cancellationToken) => CliAction.RunAsync("migrate", async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var report = await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
            Console.WriteLine(report);
            return CliAction.Ok;
        }));
        return command;
    }
}
