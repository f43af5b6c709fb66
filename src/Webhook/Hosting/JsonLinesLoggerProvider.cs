using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace CanaryGuard.Webhook.Hosting;

/// <summary>
/// Logs one JSON object per line in the shape of the JSON console formatter (Timestamp, EventId, LogLevel, Category,
/// Message, Exception, State), to a stream written by a background thread. The console logger formats each line into
/// a string, queues it under a lock its writer thread also takes for every line, and writes each line with its own
/// system call; at thousands of admissions a second that cost more CPU than the rules, most of it threads waiting
/// for that lock. Here a line is formatted as UTF-8 into a buffer the logging thread reuses, copied into a pooled
/// array and put on a lock-free queue. The writer is woken by the first line after it went idle, lets lines gather
/// for <see cref="BatchDelay"/>, then writes them all at once: one wake-up and one write per batch.
/// </summary>
internal sealed class JsonLinesLoggerProvider : ILoggerProvider
{
    /// <summary>Past this much unwritten output, logging waits for the writer instead of growing without bound.</summary>
    internal const int MaxPendingBytes = 4 * 1024 * 1024;

    private const string TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

    /// <summary>How long lines gather before a write: short enough that logs stay live, long enough to batch.</summary>
    private static readonly TimeSpan BatchDelay = TimeSpan.FromMilliseconds(10);

    [ThreadStatic]
    private static LineFormatter? idleFormatter;

    private readonly Stream output;
    private readonly ConcurrentQueue<(byte[] Rented, int Length)> lines = new();
    // Not disposed: a logger racing with Dispose may still release it, and without its wait handle it holds nothing.
    private readonly SemaphoreSlim wake = new(0);
    private readonly ArrayBufferWriter<byte> batch = new(64 * 1024);
    private readonly Thread writer;
    private int pendingBytes;
    private int wakeRequested;
    private volatile bool disposed;

    public JsonLinesLoggerProvider(Stream output)
    {
        this.output = output;
        writer = new Thread(WriteLoop) { IsBackground = true, Name = "canaryguard log writer" };
        writer.Start();
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Writes every line logged so far, then stops the writer; lines logged afterwards are dropped.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        wake.Release();
        writer.Join();
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "Trace",
        LogLevel.Debug => "Debug",
        LogLevel.Information => "Information",
        LogLevel.Warning => "Warning",
        LogLevel.Error => "Error",
        LogLevel.Critical => "Critical",
        _ => level.ToString(),
    };

    /// <summary>The JSON console formatter's rendering of a state value: numbers and booleans as JSON, the rest as text.</summary>
    private static void WriteValue(Utf8JsonWriter json, string name, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(name);
                break;
            case bool flag:
                json.WriteBoolean(name, flag);
                break;
            case int number:
                json.WriteNumber(name, number);
                break;
            case long number:
                json.WriteNumber(name, number);
                break;
            case double number:
                json.WriteNumber(name, number);
                break;
            case string text:
                json.WriteString(name, text);
                break;
            case IFormattable formattable:
                json.WriteString(name, formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                json.WriteString(name, value.ToString());
                break;
        }
    }

    private void Append(ReadOnlySpan<byte> line)
    {
        // Only when the writer cannot keep up (a blocked stdout): waiting is better than unbounded memory.
        while (Volatile.Read(ref pendingBytes) > MaxPendingBytes && !disposed)
        {
            Thread.Sleep(1);
        }

        if (disposed)
        {
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(line.Length);
        line.CopyTo(rented);
        Interlocked.Add(ref pendingBytes, line.Length);
        lines.Enqueue((rented, line.Length));

        // After the enqueue: a writer that cleared the request before this line was queued still finds it.
        if (Interlocked.Exchange(ref wakeRequested, 1) == 0)
        {
            wake.Release();
        }
    }

    private void WriteLoop()
    {
        while (true)
        {
            wake.Wait();

            // Read before the queue is drained: a stop noticed only after the drain would drop the lines queued
            // between the drain's last look and the stop.
            var stopping = disposed;
            if (!stopping)
            {
                Thread.Sleep(BatchDelay);
            }

            Volatile.Write(ref wakeRequested, 0);
            while (lines.TryDequeue(out var line))
            {
                batch.Write(line.Rented.AsSpan(0, line.Length));
                ArrayPool<byte>.Shared.Return(line.Rented);
                Interlocked.Add(ref pendingBytes, -line.Length);
            }

            if (batch.WrittenCount > 0)
            {
                try
                {
                    output.Write(batch.WrittenSpan);
                    output.Flush();
                }
                catch (IOException)
                {
                    // A closed or broken stdout must not stop admissions; the lines are lost either way.
                }

                batch.ResetWrittenCount();
            }

            if (stopping)
            {
                return;
            }
        }
    }

    /// <summary>A thread's reusable line buffer and JSON writer.</summary>
    private sealed class LineFormatter
    {
        public LineFormatter() => Json = new Utf8JsonWriter(Line);

        public ArrayBufferWriter<byte> Line { get; } = new(1024);

        public Utf8JsonWriter Json { get; }
    }

    private sealed class Logger(JsonLinesLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            // Taken off the thread while in use: formatting a value could itself log.
            var line = idleFormatter ?? new LineFormatter();
            idleFormatter = null;
            var json = line.Json;
            json.Reset(line.Line);
            json.WriteStartObject();
            Span<char> timestamp = stackalloc char[TimestampFormat.Length];
            DateTime.UtcNow.TryFormat(timestamp, out var written, TimestampFormat, CultureInfo.InvariantCulture);
            json.WriteString("Timestamp", timestamp[..written]);
            json.WriteNumber("EventId", eventId.Id);
            json.WriteString("LogLevel", LevelName(logLevel));
            json.WriteString("Category", category);
            json.WriteString("Message", formatter(state, exception));
            if (exception is not null)
            {
                json.WriteString("Exception", exception.ToString());
            }

            if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                json.WriteStartObject("State");
                for (var i = 0; i < values.Count; i++)
                {
                    WriteValue(json, values[i].Key, values[i].Value);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.Flush();
            line.Line.Write("\n"u8);
            provider.Append(line.Line.WrittenSpan);
            line.Line.ResetWrittenCount();
            idleFormatter = line;
        }
    }
}
