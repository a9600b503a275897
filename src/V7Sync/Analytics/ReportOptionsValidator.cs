using Microsoft.Extensions.Options;
using Quartz;
using V7Sync.Hosting;

namespace V7Sync.Analytics;

internal sealed class ReportOptionsValidator : IValidateOptions<ReportOptions>
{
    public ValidateOptionsResult Validate(string? name, ReportOptions options)
    {
        var errors = new OptionsErrors();
        var scheduled = !string.IsNullOrWhiteSpace(options.Cron);
        if (scheduled)
        {
            errors.Require(CronExpression.TryParse(options.Cron, out _), $"{ReportOptions.Section}:{nameof(ReportOptions.Cron)}",
                $"is not a valid Quartz cron expression (was '{options.Cron}'; seconds come first, e.g. \"0 0 6 * * ?\")");
            errors.Require(!string.IsNullOrWhiteSpace(options.Path), $"{ReportOptions.Section}:{nameof(ReportOptions.Path)}",
                "is required when Report:Cron is set (the .html file to write)");
        }

        if (!string.IsNullOrWhiteSpace(options.Path))
        {
            errors.Require(IsHtmlFile(options.Path), $"{ReportOptions.Section}:{nameof(ReportOptions.Path)}",
                $"must name an .html file (was '{options.Path}')");
        }

        return errors.ToResult();
    }

    public static bool IsHtmlFile(string path) =>
        path.EndsWith(".html", StringComparison.OrdinalIgnoreCase) && System.IO.Path.GetFileName(path).Length > ".html".Length
        && path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) < 0;
}
