using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using V7Sync.Hosting;

namespace V7Sync.UnitTests.Hosting;

public sealed class FaultEpisodeTests
{
    [Fact]
    public void A_Fault_Met_Many_Times_Is_Logged_Once_When_It_Starts_And_Once_When_It_Ends_With_Its_Count()
    {
        var logger = new Lines();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var episode = new FaultEpisode(logger, time, "Webhook endpoint", "the tracking database is unavailable", "it answers again", "answered 503");

        episode.Recovered(); // nothing open: nothing said
        for (var i = 0; i < 200; i++)
        {
            episode.Fault($"Failed to connect (attempt {i})\n   at Npgsql…");
        }

        time.Advance(TimeSpan.FromSeconds(5));
        episode.Recovered();
        episode.Recovered();

        Assert.Equal(2, logger.Written.Count);
        Assert.Equal((LogLevel.Warning, "Webhook endpoint: the tracking database is unavailable (Failed to connect (attempt 0)); logged once, its end is logged with a count"), logger.Written[0]);
        Assert.Equal((LogLevel.Information, "Webhook endpoint: it answers again after 00:00:05; 200 answered 503 meanwhile"), logger.Written[1]);
        Assert.False(episode.IsOpen);
    }

    private sealed class Lines : ILogger
    {
        public List<(LogLevel Level, string Message)> Written { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Written.Add((logLevel, formatter(state, exception)));
    }
}
