using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Options;
using V7Sync.Analytics;

namespace V7Sync.Cli;

/// <summary>
/// `v7sync report --out report.html [--weeks 8] [--trials 10000] [--seed N]`: writes the conductor's report, one
/// self-contained HTML file (burndown with forecast band, velocity, cycle times, risk, findings, latest audit rows).
/// </summary>
internal static class ReportCommand
{
    public static Command Create(WebApplication app)
    {
        var forecast = new ForecastOptions();
        var output = new Option<string?>("--out") { Description = "The .html file to write (default: Report:Path)." };
        var command = new Command("report", "Write the analytics report as one self-contained HTML file.")
        {
            output, forecast.Weeks, forecast.Trials, forecast.Seed,
        };
        command.SetAction((parseResult, cancellationToken) => CliAction.RunAsync("report", async () =>
        {
            var path = parseResult.GetValue(output) ?? app.Services.GetRequiredService<IOptions<ReportOptions>>().Value.Path;
            if (string.IsNullOrWhiteSpace(path))
            {
                return CliAction.Fail("report", "give --out <file>.html, or set Report:Path", CliAction.ConfigurationError);
            }

            if (!ReportOptionsValidator.IsHtmlFile(path))
            {
                return CliAction.Fail("report", $"--out must name an .html file (was '{path}')", CliAction.ConfigurationError);
            }

            if (forecast.Read(parseResult) is not { } settings)
            {
                return CliAction.Fail("report", forecast.Error!, CliAction.ConfigurationError);
            }

            var written = await app.Services.GetRequiredService<ReportWriter>().WriteAsync(path, settings, cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Report written to {written.Path} ({written.Bytes:N0} bytes; read {written.Read.TotalMilliseconds:F0} ms, rendered {written.Rendered.TotalMilliseconds:F0} ms)."));
            return CliAction.Ok;
        }));
        return command;
    }
}
