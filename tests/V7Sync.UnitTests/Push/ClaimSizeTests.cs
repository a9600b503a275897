using V7Sync.Push;

namespace V7Sync.UnitTests.Push;

public sealed class ClaimSizeTests
{
    private static readonly PushOptions Settings = new() { BatchSize = 100, Concurrency = 4 };

    [Theory]
    [InlineData(1)]
    [InlineData(12)]
    [InlineData(100)]
    public void A_Burst_That_Fits_One_Batch_Goes_As_One(long due) =>
        Assert.Equal(100, OutboxDrainer.ClaimSize(due, Settings));

    [Theory]
    [InlineData(1000, 84)] // 12 batches: three whole rounds of four workers, where batches of 100 left the last round half idle
    [InlineData(150, 38)]
    [InlineData(400, 100)]
    [InlineData(401, 51)]
    public void A_Backlog_Is_Cut_Into_Equal_Batches_A_Whole_Number_Per_Worker(long due, int expected)
    {
        var size = OutboxDrainer.ClaimSize(due, Settings);

        Assert.Equal(expected, size);
        Assert.InRange(size, 1, Settings.BatchSize);
        // As many rounds as batches of Push:BatchSize would need, each round one batch for every worker.
        var rounds = (due + (Settings.BatchSize * Settings.Concurrency) - 1) / (Settings.BatchSize * Settings.Concurrency);
        Assert.Equal(rounds * Settings.Concurrency, (due + size - 1) / size);
    }
}
