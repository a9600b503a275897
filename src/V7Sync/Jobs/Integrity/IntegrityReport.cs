namespace V7Sync.Jobs.Integrity;

/// <summary>One run of a set of rules: one SQL statement per rule, plus the one that sets up the session (<see cref="Queries"/>).</summary>
internal sealed record IntegrityReport(IReadOnlyList<RuleOutcome> Rules, int Queries, TimeSpan Elapsed)
{
    public int Open => Rules.Sum(r => r.Open);

    public int Opened => Rules.Sum(r => r.Opened);

    public int Resolved => Rules.Sum(r => r.Resolved);

    public bool AnyFailed => Rules.Any(r => r.Failed);
}
