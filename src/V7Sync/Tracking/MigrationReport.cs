namespace V7Sync.Tracking;

/// <summary>What one migrate run did.</summary>
internal sealed record MigrationReport(IReadOnlyList<string> AppliedMigrations, int PhasesSeeded)
{
    public override string ToString() =>
        AppliedMigrations.Count == 0 && PhasesSeeded == 0
            ? "The tracking database is up to date; nothing to do."
            : $"Applied {AppliedMigrations.Count} migration(s){(AppliedMigrations.Count > 0 ? ": " + string.Join(", ", AppliedMigrations) : "")}; seeded {PhasesSeeded} phase(s).";
}
