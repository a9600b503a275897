using V7Sync.Tracking;

namespace V7Sync.Jobs.Integrity;

/// <summary>
/// One named integrity check, run as exactly one set-based SQL statement that finds, opens, refreshes and resolves
/// its findings and writes their audit rows (so no rule ever loads a table into memory, and a rule's effects
/// commit together). Build <see cref="Sql"/> with the one finding writer's
/// <see cref="FindingWriter.RuleStatement"/> or <see cref="FindingWriter.ResolveOnlyStatement"/>.
/// </summary>
internal interface IIntegrityRule
{
    /// <summary>The rule's name: v7_sync_findings.rule.</summary>
    string Name { get; }

    /// <summary>The statement. Parameters: @rule, @now, @stale_before, @source, @trace_id, @persona_assignees (jsonb).</summary>
    string Sql { get; }
}
