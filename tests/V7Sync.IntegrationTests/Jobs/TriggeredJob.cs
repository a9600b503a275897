using System.Threading.Channels;
using Quartz;

namespace V7Sync.IntegrationTests.Jobs;

/// <summary>Fires one job through a real scheduler and waits until that run has finished, instead of sleeping.</summary>
internal sealed class TriggeredJob : IJobListener
{
    private readonly IScheduler _scheduler;
    private readonly JobKey _key;
    private readonly Channel<JobExecutionException?> _finished = Channel.CreateUnbounded<JobExecutionException?>();

    private TriggeredJob(IScheduler scheduler, string job) => (_scheduler, _key) = (scheduler, new JobKey(job));

    public string Name => $"{nameof(TriggeredJob)}.{_key.Name}";

    /// <summary>Listens for the runs of the job named <paramref name="job"/> (its type's name, as AddCronJob names it).</summary>
    public static TriggeredJob Listen(IScheduler scheduler, string job)
    {
        var listener = new TriggeredJob(scheduler, job);
        scheduler.ListenerManager.AddJobListener(listener, [Matchers.Key(listener._key)]);
        return listener;
    }

    /// <summary>Triggers one run now; returns when it has finished, and fails the test if the job threw.</summary>
    public async Task RunAsync()
    {
        await _scheduler.TriggerJob(_key);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var error = await _finished.Reader.ReadAsync(timeout.Token);
        Assert.Null(error);
    }

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => default;

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => default;

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default) =>
        _finished.Writer.WriteAsync(jobException, cancellationToken);
}
