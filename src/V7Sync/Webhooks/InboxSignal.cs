using V7Sync.Hosting;

namespace V7Sync.Webhooks;

/// <summary>Wakes the local inbox processor the moment the endpoint has stored an event.</summary>
internal sealed class InboxSignal : WakeSignal;
