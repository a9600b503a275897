namespace V7Sync.Sync;

/// <summary>One sync cycle against DART: incremental from the watermark, or a full walk plus the trash.</summary>
public interface IDartSync
{
    Task<SyncReport> RunAsync(SyncMode mode, string source, CancellationToken cancellationToken);

    /// <summary>As <see cref="RunAsync(SyncMode, string, CancellationToken)"/>, telling <paramref name="progress"/> after each page of the walk.</summary>
    Task<SyncReport> RunAsync(SyncMode mode, string source, IProgress<SyncProgress>? progress, CancellationToken cancellationToken) =>
        RunAsync(mode, source, cancellationToken);
}

/// <summary>How far a walk is: pages listed, distinct tasks seen, and how many DART counted (null before the first page).</summary>
public sealed record SyncProgress(int Pages, int TasksSeen, int? TasksCounted);
