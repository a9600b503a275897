using System.CommandLine;
using Npgsql;
using V7Sync.Reporting;

namespace V7Sync.Cli;

/// <summary>`v7sync dashboard [--json]`: the conductor's dashboards as aligned tables, or the same as JSON.</summary>
internal static class DashboardCommand
{
    public static Command Create(WebApplication app)
    {
        var json = new Option<bool>("--json") { Description = "Print the same sections as one JSON object." };
        var command = new Command("dashboard", "Print the executive, daily, risk, findings and sync-health dashboards.") { json };
        command.SetAction((parseResult, cancellationToken) => CliAction.RunAsync("dashboard", async () =>
        {
            var clock = app.Services.GetRequiredService<TimeProvider>();
            var report = new DashboardReport(app.Services.GetRequiredService<NpgsqlDataSource>(), clock);
            var sections = await report.ReadAsync(cancellationToken);
            var now = clock.GetUtcNow();
            if (parseResult.GetValue(json))
            {
                DashboardOutput.WriteJson(Console.Out, sections, now);
            }
            else
            {
                DashboardOutput.WriteText(Console.Out, sections, now);
            }

            return CliAction.Ok;
        }));
        return command;
    }
}
