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
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writes = new List<string[]>();
        var sut = new InboxGroupCommit(async entries =>
        {
            lock (writes)
            {
                writes.Add([.. entries.Select(e => e.DedupeKey!)]);
            }

            if (writes.Count == 1)
            {
                await release.Task;
            }

            return [.. entries.Select(e => e.DedupeKey != "dup")];
        });

        // Act: one write starts; three more deliveries arrive while it is in flight.
        var first = sut.AddAsync(Entry("a"), CancellationToken.None);
        await WaitUntilAsync(() => writes.Count == 1);
        var queued = QueuedKeys.Select(k => sut.AddAsync(Entry(k), CancellationToken.None)).ToList();
        release.SetResult();

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
        var sut = new InboxGroupCommit(entries => Interlocked.Increment(ref calls) == 1
            ? throw new TimeoutException("the database is away")
            : Task.FromResult(entries.Select(_ => true).ToArray()));

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
        var sut = new InboxGroupCommit(async entries =>
        {
            await Task.Yield();
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
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sut = new InboxGroupCommit(async entries =>
        {
            await release.Task;
            return [.. entries.Select(_ => true)];
        });
        using var cancel = new CancellationTokenSource();

        // Act
        var cancelled = sut.AddAsync(Entry("a"), cancel.Token);
        var other = sut.AddAsync(Entry("b"), CancellationToken.None);
        await cancel.CancelAsync();
        release.SetResult();

        // Assert
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.True(await other.WaitAsync(Timeout));
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
