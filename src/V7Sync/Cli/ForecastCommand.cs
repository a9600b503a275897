using System.CommandLine;
using Npgsql;
using V7Sync.Analytics;
using V7Sync.Reporting;

namespace V7Sync.Cli;

/// <summary>
/// `v7sync forecast [--weeks 8] [--trials 10000] [--seed N] [--json]`: the Monte Carlo completion dates (p50, p85,
/// p95) of each open phase and of the whole migration. "Today" is the injected clock's UTC date.
/// </summary>
internal static class ForecastCommand
{
    public static Command Create(WebApplication app)
    {
        var options = new ForecastOptions();
        var json = new Option<bool>("--json") { Description = "Print the forecast as one JSON object." };
        var command = new Command("forecast", "Forecast each open phase's and the whole migration's completion date (Monte Carlo, p50/p85/p95).")
        {
            options.Weeks, options.Trials, options.Seed, json,
        };
        command.SetAction((parseResult, cancellationToken) => CliAction.RunAsync("forecast", async () =>
        {
            if (options.Read(parseResult) is not { } settings)
            {
                return CliAction.Fail("forecast", options.Error!, CliAction.ConfigurationError);
            }

            var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
            await using var connection = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(cancellationToken);
            await using var session = await AnalyticsSession.BeginAsync(connection, now, cancellationToken);
            var forecast = await Forecaster.ForecastAsync(connection, now, settings, cancellationToken);
            if (parseResult.GetValue(json))
            {
                ForecastOutput.WriteJson(Console.Out, forecast);
            }
            else
            {
                ForecastOutput.WriteText(Console.Out, forecast);
            }

            return CliAction.Ok;
        }));
        return command;
    }
}
