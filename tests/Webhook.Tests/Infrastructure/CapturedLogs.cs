using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CanaryGuard.Webhook.Tests.Infrastructure;

/// <summary>One log entry as the server wrote it: the formatted line and the structured values.</summary>
public sealed record LogEntry(LogLevel Level, int EventId, string Message, IReadOnlyDictionary<string, object?> State);

/// <summary>A logger provider that keeps every entry, so tests can read the server's log lines.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. entries];

    public ILogger CreateLogger(string categoryName) => new Logger(entries);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value)
                : [];
            entries.Enqueue(new LogEntry(logLevel, eventId.Id, formatter(state, exception), values));
        }
    }
}
