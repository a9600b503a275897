using V7Sync.Push;

namespace V7Sync.UnitTests.Push;

public sealed class ClaimSizeTests
{
    private static readonly PushOptions Settings = new() { BatchSize = 100, Concurrency = 4 };

    [Theory]
    [InlineData(1)]
    [InlineData(12)]
    [InlineData(49)]
    public void A_Small_Burst_Goes_As_One_Claim(long due) =>
        Assert.Equal(100, OutboxDrainer.ClaimSize(due, Settings));

    [Theory]
    [InlineData(50, 25)] // two workers
    [InlineData(100, 25)] // four, where one claim of 100 kept three workers idle
    [InlineData(150, 38)]
    public void A_Larger_Burst_Is_Spread_Over_The_Workers_In_Claims_Of_At_Least_25(long due, int expected)
    {
        var size = OutboxDrainer.ClaimSize(due, Settings);

        Assert.Equal(expected, size);
        Assert.InRange((due + size - 1) / size, 2, Settings.Concurrency);
    }

    [Theory]
    [InlineData(400, 100)]
    [InlineData(401, 51)]
    [InlineData(1000, 84)] // 12 claims: three whole rounds of four workers, where claims of 100 left the last round half idle
    public void A_Backlog_Is_Cut_Into_Equal_Claims_A_Whole_Number_Per_Worker(long due, int expected)
    {
        var size = OutboxDrainer.ClaimSize(due, Settings);

        Assert.Equal(expected, size);
        var rounds = (due + (Settings.BatchSize * Settings.Concurrency) - 1) / (Settings.BatchSize * Settings.Concurrency);
        Assert.Equal(rounds * Settings.Concurrency, (due + size - 1) / size);
    }
}
