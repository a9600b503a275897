using Microsoft.Extensions.Options;
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
            errors.RequireCron(options.Cron, $"{ReportOptions.Section}:{nameof(ReportOptions.Cron)}");
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
