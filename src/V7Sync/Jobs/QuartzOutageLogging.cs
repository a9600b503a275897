using Microsoft.Extensions.Options;
using V7Sync.Webhooks;

namespace V7Sync.Jobs;

/// <summary>
/// Quartz's job store logs each failed database call with its whole stack trace: a 5 s outage with the scheduler on
/// wrote some 200 lines. The app's logger factory hands Quartz's categories a logger that writes an outage
/// (<see cref="TransientFailure"/>) once, on one line and without the trace, and leaves out its repeats (the endpoint
/// and the inbox processor log the outage's end). Everything else Quartz says, and every other category, passes as is.
/// </summary>
internal sealed class QuartzOutageLogging(ILoggerFactory inner, TimeProvider time) : ILoggerFactory
{
    // Quartz retries a failed store call every few seconds (cluster check-in, trigger scan): a failure within this of
    // the previous one belongs to the same outage.
    private static readonly TimeSpan SameOutage = TimeSpan.FromMinutes(1);

    private long _lastFailure = DateTimeOffset.MinValue.UtcTicks;

    /// <summary>The host's own factory, built as AddLogging would build it, wrapped.</summary>
    public static ILoggerFactory Create(IServiceProvider services) => new QuartzOutageLogging(
        new LoggerFactory(services.GetServices<ILoggerProvider>(), services.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            services.GetService<IOptions<LoggerFactoryOptions>>(), services.GetService<IExternalScopeProvider>()),
        services.GetRequiredService<TimeProvider>());

    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return categoryName.StartsWith("Quartz", StringComparison.Ordinal) ? new OutageLogger(logger, this) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    /// <summary>True when this failure starts an outage (so it is logged), false when it repeats the current one.</summary>
    private bool StartsOutage()
    {
        var now = time.GetUtcNow().UtcTicks;
        return now - Interlocked.Exchange(ref _lastFailure, now) > SameOutage.Ticks;
    }

    private sealed class OutageLogger(ILogger inner, QuartzOutageLogging owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!TransientFailure.Is(exception))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
            else if (owner.StartsOutage())
            {
                // Quartz's message can carry the inner exception's text, trace and all: its first line says enough.
                inner.Log(LogLevel.Warning, eventId, state, null, (s, _) =>
                    $"{FirstLine(formatter(s, null))}; the tracking database is unavailable, Quartz retries (its repeats in this outage are not logged)");
            }
        }

        private static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd('\r');
    }
}
