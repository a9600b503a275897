using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using V7Sync.Hosting;
using V7Sync.Sync;
using V7Sync.Tracking;

namespace V7Sync.Dart;

internal sealed class DartOptionsValidator : IValidateOptions<DartOptions>
{
    public ValidateOptionsResult Validate(string? name, DartOptions options)
    {
        var errors = new OptionsErrors();
        errors.Require(options.BaseUrl is { IsAbsoluteUri: true } url && url.Scheme is "http" or "https", "Dart:BaseUrl",
            "must be an absolute http(s) URL");
        errors.Require(!string.IsNullOrWhiteSpace(options.Token), "Dart:Token", "is required (set Dart__Token)");
        errors.RequireRange(options.PollInterval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), "Dart:PollInterval");
        errors.RequireRange(options.PollOverlap, TimeSpan.Zero, TimeSpan.FromDays(1), "Dart:PollOverlap");
        errors.RequireRange(options.PageSize, 1, 200, "Dart:PageSize");
        errors.RequireRange(options.MaxClockSkew, TimeSpan.Zero, TimeSpan.FromDays(1), "Dart:MaxClockSkew");
        errors.RequireRange(options.FetchConcurrency, 1, 64, "Dart:FetchConcurrency");
        errors.RequireRange(options.AttemptTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(5), "Dart:AttemptTimeout");
        errors.RequireRange(options.MaxRetries, 0, 20, "Dart:MaxRetries");
        errors.RequireRange(options.RetryBaseDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1), "Dart:RetryBaseDelay");
        errors.RequireRange(options.MaxRetryDelay, TimeSpan.Zero, TimeSpan.FromMinutes(10), "Dart:MaxRetryDelay");
        foreach (var (title, status) in options.StatusMap)
        {
            errors.Require(TaskStatuses.IsKnown(status), $"Dart:StatusMap:{title}",
                $"must be one of {string.Join(", ", TaskStatuses.All)} (was '{status}')");
        }

        var keyPattern = IsKeyPattern(options.WorkOrderKeyPattern, out var reason);
        errors.Require(keyPattern, "Dart:WorkOrderKeyPattern", reason);
        if (keyPattern)
        {
            errors.Require(CarriesTheKey(options, out var titleReason), "Dart:TaskTitleFormat", titleReason);
        }

        foreach (var (status, title) in options.PushStatusMap)
        {
            errors.Require(TaskStatuses.IsKnown(status), $"Dart:PushStatusMap:{status}",
                $"must name one of {string.Join(", ", TaskStatuses.All)}");
            errors.Require(!string.IsNullOrWhiteSpace(title), $"Dart:PushStatusMap:{status}", "must be a DART status title");
        }

        foreach (var (phase, dartboard) in options.PhaseDartboards)
        {
            errors.Require(phase > 0, $"Dart:PhaseDartboards:{phase}", "must be a phase number (1 or more)");
            errors.Require(!string.IsNullOrWhiteSpace(dartboard), $"Dart:PhaseDartboards:{phase}", "must be a dartboard title");
        }

        foreach (var (persona, user) in options.PersonaAssignees)
        {
            errors.Require(!string.IsNullOrWhiteSpace(user), $"Dart:PersonaAssignees:{persona}", "must be a DART user name or email");
        }

        var reportFolders = new HashSet<string>(options.ReportFolders ?? [], StringComparer.OrdinalIgnoreCase);
        foreach (var (phase, folder) in options.PhaseFolders)
        {
            errors.RequireRange(phase, 1, 7, $"Dart:PhaseFolders:{phase} (the phase number)");
            errors.Require(!string.IsNullOrWhiteSpace(folder), $"Dart:PhaseFolders:{phase}", "must name a DART docs folder");
            errors.Require(!reportFolders.Contains(folder ?? ""), $"Dart:PhaseFolders:{phase}",
                $"names '{folder}', which Dart:ReportFolders lists too: a folder is either every phase's or one phase's");
        }

        errors.Require(options.PhaseFolders.Values.Distinct(StringComparer.OrdinalIgnoreCase).Count() == options.PhaseFolders.Count,
            "Dart:PhaseFolders", "names one folder for two phases");
        return errors.ToResult();
    }

    /// <summary>A title made by the format must give its key back, or V7Sync could not find the tasks it creates.</summary>
    private static bool CarriesTheKey(DartOptions options, out string reason)
    {
        reason = $"must make titles that Dart:WorkOrderKeyPattern finds the key in, with {{phase}}, {{task}} and {{name}} "
            + $"(was '{options.TaskTitleFormat}')";
        var rules = SyncRules.From(options);
        var key = new WorkOrderKey(12, 345);
        return options.TaskTitleFormat.Contains("{name}", StringComparison.Ordinal)
            && rules.FindKey(rules.TaskTitle(key, "A work order")) == key
            && rules.FindKey(rules.KeyInTitle(key)) == key;
    }

    private static bool IsKeyPattern(string pattern, out string reason)
    {
        try
        {
            var regex = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            var groups = regex.GetGroupNames();
            reason = "must have the named groups 'phase' and 'task'";
            return groups.Contains("phase") && groups.Contains("task");
        }
        catch (ArgumentException ex)
        {
            reason = $"is not a valid regular expression: {ex.Message}";
            return false;
        }
    }
}
