namespace V7Sync.Push;

/// <summary>The values of dart_outbox.status.</summary>
internal static class OutboxStatus
{
    public const string Pending = "pending";
    public const string Processing = "processing";
    public const string Done = "done";
    public const string Dead = "dead";
}

/// <summary>The values of dart_outbox.kind: a work order to create in DART, or plan fields of one to update.</summary>
internal static class OutboxKind
{
    public const string Create = "create";
    public const string Update = "update";
}
