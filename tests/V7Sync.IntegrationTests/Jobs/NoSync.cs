using V7Sync.Sync;

namespace V7Sync.IntegrationTests.Jobs;

/// <summary>A stand-in for the full resync where a test is about scheduling, not about DART.</summary>
internal sealed class NoSync : IDartSync
{
    public Task<SyncReport> RunAsync(SyncMode mode, string source, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The full resync is not part of this test.");
}
