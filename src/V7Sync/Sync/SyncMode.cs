namespace V7Sync.Sync;

/// <summary>Incremental: from the watermark. Full: every task, the trash, and the linked tasks neither walk saw.</summary>
public enum SyncMode
{
    Incremental,
    Full,
}
