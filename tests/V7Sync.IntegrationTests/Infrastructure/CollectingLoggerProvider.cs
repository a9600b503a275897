using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace V7Sync.IntegrationTests.Infrastructure;

/// <summary>Keeps every log entry the app writes, at every level, so a test can assert what was (not) logged.</summary>
public sealed class CollectingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>Adds this provider to the app's logging, below any level the app's configuration filters out.</summary>
    public void AddTo(ILoggingBuilder logging)
    {
        logging.AddProvider(this);
        logging.AddFilter<CollectingLoggerProvider>(null, LogLevel.Trace);
    }

    /// <summary>Adds this provider under the app's own filters: it keeps exactly what the console would print.</summary>
    public void AddAsConsole(ILoggingBuilder logging) => logging.AddProvider(this);

    /// <summary>The lines those entries print as one line each (a JSON or systemd log), their stack traces counted line by line.</summary>
    public int Lines => Entries.Sum(e => 1 + (e.Exception?.ToString().Split('\n').Length ?? 0));

    public IReadOnlyList<LogEntry> Where(string category, int eventId) =>
        Entries.Where(e => e.Category == category && e.EventId.Id == eventId).ToList();

    public ILogger CreateLogger(string categoryName) => new Collector(categoryName, _entries);

    public void Dispose()
    {
    }

    public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception)
    {
        /// <summary>Everything the entry could put in front of a reader: the message and the exception with its inner ones.</summary>
        public override string ToString() => $"{Level} {Category}[{EventId.Id}] {Message} {Exception}";
    }

    private sealed class Collector(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception));
    }
}
