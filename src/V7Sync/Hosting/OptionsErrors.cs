namespace V7Sync.Hosting;

/// <summary>Collects "Section:Key reason" messages for an options validator.</summary>
internal sealed class OptionsErrors
{
    private readonly List<string> _errors = [];

    public void Require(bool condition, string key, string reason)
    {
        if (!condition)
        {
            _errors.Add($"{key} {reason}");
        }
    }

    public void RequireRange(TimeSpan value, TimeSpan min, TimeSpan max, string key) =>
        Require(value >= min && value <= max, key, $"must be between {min:c} and {max:c} (was {value:c})");

    public void RequireRange(int value, int min, int max, string key) =>
        Require(value >= min && value <= max, key, $"must be between {min} and {max} (was {value})");

    /// <summary>A Quartz cron expression (seconds first), as every scheduled job's setting is.</summary>
    public void RequireCron(string? cron, string key) =>
        Require(Quartz.CronExpression.TryParse(cron, out _), key,
            $"is not a valid Quartz cron expression (was '{cron}'; seconds come first, e.g. \"0 0/15 * * * ?\")");

    public Microsoft.Extensions.Options.ValidateOptionsResult ToResult() =>
        _errors.Count == 0
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Success
            : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(_errors);
}
