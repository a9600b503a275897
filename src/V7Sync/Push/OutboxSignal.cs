using V7Sync.Hosting;

namespace V7Sync.Push;

/// <summary>Wakes the local push processor: a commit that captured a conductor's write notifies every replica (pg_notify).</summary>
internal sealed class OutboxSignal : WakeSignal;
