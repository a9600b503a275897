namespace V7Sync.Sync;

/// <summary>One sync cycle against DART: incremental from the watermark, or a full walk plus the trash.</summary>
public interface IDartSync
{
    Task<SyncReport> RunAsync(SyncMode mode, string source, CancellationToken cancellationToken);
}
