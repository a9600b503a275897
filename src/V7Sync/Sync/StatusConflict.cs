namespace V7Sync.Sync;

/// <summary>
/// A move in DART the decider did not apply: <see cref="ConductorStatus"/> is the conductor's decision (cancelled or
/// deferred) that the row keeps; <see cref="DartStatus"/> is DART's title, which maps to <see cref="MappedStatus"/>.
/// </summary>
public sealed record StatusConflict(string ConductorStatus, string DartStatus, string MappedStatus);
