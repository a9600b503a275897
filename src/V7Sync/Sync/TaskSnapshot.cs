using V7Sync.Dart;

namespace V7Sync.Sync;

/// <summary>A snapshot and whether it was fetched from DART just now (see <see cref="TaskDecider.Decide"/>).</summary>
public sealed record TaskSnapshot(DartTask Task, bool Fetched);
