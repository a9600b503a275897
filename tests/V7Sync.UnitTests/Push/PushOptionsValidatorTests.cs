using V7Sync.Push;

namespace V7Sync.UnitTests.Push;

public sealed class PushOptionsValidatorTests
{
    [Fact]
    public void Defaults_AreValid() => Assert.True(new PushOptionsValidator().Validate(null, new PushOptions()).Succeeded);

    [Fact]
    public void OutOfRangeSettings_NameTheirKeys()
    {
        var result = new PushOptionsValidator().Validate(null, new PushOptions
        {
            BatchSize = 0,
            Concurrency = 65,
            MaxAttempts = 0,
            InitialBackoff = TimeSpan.FromMinutes(10),
            MaxBackoff = TimeSpan.FromMinutes(1),
            ClaimLease = TimeSpan.Zero,
            PollInterval = TimeSpan.Zero,
        });

        Assert.Equal(
            ["Push:BatchSize", "Push:Concurrency", "Push:MaxAttempts", "Push:MaxBackoff", "Push:ClaimLease", "Push:PollInterval"],
            result.Failures!.Select(f => f.Split(' ')[0]));
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(4, 40)]
    [InlineData(30, 60)]
    public void Backoff_DoublesPerAttemptUpToTheCap(int attempts, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds),
            DartOutbox.Backoff(attempts, new PushOptions { InitialBackoff = TimeSpan.FromSeconds(5), MaxBackoff = TimeSpan.FromMinutes(1) }));
}
