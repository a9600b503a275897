using System.Text;
using V7Sync.Webhooks;

namespace V7Sync.UnitTests.Webhooks;

public sealed class InboxGroupCommitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly string[] QueuedKeys = ["b", "dup", "c"];
    private static readonly bool[] ExpectedAnswers = [true, false, true];

    [Fact]
    public async Task AddAsync_WhileAWriteIsInFlight_QueuesAndWritesTheRestTogetherInArrivalOrder()
    {
        // Arrange: the first write is held open until the test releases it.
        using var release = new ManualResetEventSlim();
        var writes = new List<string[]>();
        using var sut = new InboxGroupCommit(entries =>
        {
            lock (writes)
            {
                writes.Add([.. entries.Select(e => e.DedupeKey!)]);
            }

            if (writes.Count == 1)
            {
                release.Wait(Timeout);
            }

            return [.. entries.Select(e => e.DedupeKey != "dup")];
        });

        // Act: one write starts; three more deliveries arrive while it is in flight.
        var first = sut.AddAsync(Entry("a"), CancellationToken.None);
        await WaitUntilAsync(() => writes.Count == 1);
        var queued = QueuedKeys.Select(k => sut.AddAsync(Entry(k), CancellationToken.None)).ToList();
        release.Set();

        // Assert: two writes, the second carrying the three queued in order; each caller gets its own answer.
        Assert.True(await first.WaitAsync(Timeout));
        var answers = await Task.WhenAll(queued).WaitAsync(Timeout);
        Assert.Equal(ExpectedAnswers, answers);
        Assert.Equal([["a"], ["b", "dup", "c"]], writes);
    }

    [Fact]
    public async Task AddAsync_WriteFails_EveryCallerInThatWriteGetsTheError_AndTheNextWriteStillRuns()
    {
        // Arrange
        var calls = 0;
        using var sut = new InboxGroupCommit(entries => Interlocked.Increment(ref calls) == 1
            ? throw new TimeoutException("the database is away")
            : [.. entries.Select(_ => true)]);

        // Act
        var failed = await Assert.ThrowsAsync<TimeoutException>(() => sut.AddAsync(Entry("a"), CancellationToken.None).WaitAsync(Timeout));
        var stored = await sut.AddAsync(Entry("b"), CancellationToken.None).WaitAsync(Timeout);

        // Assert
        Assert.Equal("the database is away", failed.Message);
        Assert.True(stored);
    }

    [Fact]
    public async Task AddAsync_ManyConcurrentCallers_EveryOneIsAnswered_NoneIsWrittenTwice()
    {
        // Arrange
        var written = new List<string>();
        using var sut = new InboxGroupCommit(entries =>
        {
            lock (written)
            {
                written.AddRange(entries.Select(e => e.DedupeKey!));
            }

            return [.. entries.Select(_ => true)];
        });

        // Act
        var keys = Enumerable.Range(0, 2_000).Select(i => $"k{i}").ToList();
        var answers = await Task.WhenAll(keys.Select(k => Task.Run(() => sut.AddAsync(Entry(k), CancellationToken.None)))).WaitAsync(Timeout);

        // Assert
        Assert.All(answers, Assert.True);
        Assert.Equal(keys.Order(), written.Order());
    }

    [Fact]
    public async Task AddAsync_CallerCancels_TheWriteGoesOnForTheOthers()
    {
        // Arrange
        using var release = new ManualResetEventSlim();
        using var sut = new InboxGroupCommit(entries =>
        {
            release.Wait(Timeout);
            return [.. entries.Select(_ => true)];
        });
        using var cancel = new CancellationTokenSource();

        // Act
        var cancelled = sut.AddAsync(Entry("a"), cancel.Token);
        var other = sut.AddAsync(Entry("b"), CancellationToken.None);
        await cancel.CancelAsync();
        release.Set();

        // Assert
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.True(await other.WaitAsync(Timeout));
    }

    [Fact]
    public async Task AddAsync_OneAtATime_EachWakesTheIdleWriter()
    {
        // Arrange: every delivery finds the writer idle, as on a quiet day.
        var writes = 0;
        using var sut = new InboxGroupCommit(entries =>
        {
            Interlocked.Increment(ref writes);
            return [.. entries.Select(_ => true)];
        });

        // Act
        for (var i = 0; i < 200; i++)
        {
            Assert.True(await sut.AddAsync(Entry($"k{i}"), CancellationToken.None).WaitAsync(Timeout));
        }

        // Assert: one write each, none waiting for a later delivery to push it out.
        Assert.Equal(200, writes);
    }

    [Fact]
    public async Task Dispose_WritesWhatIsQueued_ThenRefusesNewDeliveries()
    {
        // Arrange: a write in flight and one delivery queued behind it.
        using var release = new ManualResetEventSlim();
        var sut = new InboxGroupCommit(entries =>
        {
            release.Wait(Timeout);
            return [.. entries.Select(_ => true)];
        });
        var first = sut.AddAsync(Entry("a"), CancellationToken.None);
        var queued = sut.AddAsync(Entry("b"), CancellationToken.None);

        // Act
        sut.Dispose();
        release.Set();

        // Assert
        Assert.True(await first.WaitAsync(Timeout));
        Assert.True(await queued.WaitAsync(Timeout));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => sut.AddAsync(Entry("c"), CancellationToken.None));
    }

    private static InboxEntry Entry(string key) =>
        new("task.updated", "abcdefABCDEF", null, key, Encoding.UTF8.GetBytes(key), InboxStatus.Pending);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (!condition())
        {
            await Task.Delay(5, deadline.Token);
        }
    }
}
