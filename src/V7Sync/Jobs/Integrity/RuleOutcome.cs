namespace V7Sync.Jobs.Integrity;

/// <summary>What one rule's statement did: findings open after it ran, and how many it opened, refreshed and resolved.</summary>
internal sealed record RuleOutcome(string Rule, int Open, int Opened, int Refreshed, int Resolved, TimeSpan Elapsed, string? Error = null)
{
    public bool Failed => Error is not null;
}
