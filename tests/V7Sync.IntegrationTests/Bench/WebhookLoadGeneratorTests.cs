// The benchmarks' Program would clash with the product's (WebApplicationFactory<Program>): reach their types by alias.
extern alias bench;

using bench::V7Sync.Bench;

namespace V7Sync.IntegrationTests.Bench;

/// <summary>The benchmarks' load generator over real sockets (so here, not among the unit tests, which do no I/O).</summary>
public sealed class WebhookLoadGeneratorTests
{
    [Fact]
    public async Task RunAsync_NothingListening_CountsEveryRequestAsUnansweredAndFinishes()
    {
        // Port 9 (discard) on loopback: nothing listens, so every connection is refused at once.
        var url = new Uri("http://127.0.0.1:9/webhooks/dart");

        var summary = await WebhookLoadGenerator.RunAsync(
            url, "secret", events: 5, tasks: 2, concurrency: 2, rate: 0, DateTimeOffset.UnixEpoch, CancellationToken.None);

        Assert.Equal(5, summary.Sent);
        Assert.Equal(0, summary.Acknowledged);
        Assert.Equal(5, summary.Failed);
        Assert.Equal(5, summary.Unanswered);
        Assert.StartsWith(nameof(HttpRequestException), summary.FirstError, StringComparison.Ordinal);
    }
}
