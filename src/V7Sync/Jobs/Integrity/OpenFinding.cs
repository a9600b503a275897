namespace V7Sync.Jobs.Integrity;

/// <summary>One open finding as the conductor reads it (v7_open_findings), with how many its rule has open in all.</summary>
internal sealed record OpenFinding(string Rule, int RuleTotal, string Subject, string? WorkOrder, string Message);
