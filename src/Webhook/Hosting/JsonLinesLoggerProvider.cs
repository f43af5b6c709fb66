using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace CanaryGuard.Webhook.Hosting;

/// <summary>
/// Logs one JSON object per line in the shape of the JSON console formatter (Timestamp, EventId, LogLevel, Category,
/// Message, Exception, State), to a stream written by a background thread. The console logger formats each line into
/// a string, queues it under a lock its writer thread also takes for every line, and writes each line with its own
/// system call; at thousands of admissions a second that cost more CPU than the rules. Here a line is formatted as
/// UTF-8 into a buffer the logging thread reuses and appended to a shared buffer under a short lock. The writer is
/// woken by the first line after it went idle, lets lines gather for <see cref="BatchDelay"/>, then writes them all at
/// once: under load that is one wake-up and one write per batch instead of per line, and no lock hand-offs with it.
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
    private readonly object gate = new();
    private readonly Thread writer;
    private ArrayBufferWriter<byte> pending = new(64 * 1024);
    private ArrayBufferWriter<byte> writing = new(64 * 1024);
    private bool disposed;
    private bool writerIdle;

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
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            Monitor.PulseAll(gate);
        }

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
        lock (gate)
        {
            while (pending.WrittenCount > MaxPendingBytes && !disposed)
            {
                Monitor.Wait(gate);
            }

            if (disposed)
            {
                return;
            }

            pending.Write(line);

            // Only the writer waits while nothing is pending, so this wakes the writer.
            if (writerIdle)
            {
                writerIdle = false;
                Monitor.Pulse(gate);
            }
        }
    }

    private void WriteLoop()
    {
        while (true)
        {
            lock (gate)
            {
                while (pending.WrittenCount == 0 && !disposed)
                {
                    writerIdle = true;
                    Monitor.Wait(gate);
                }

                writerIdle = false;
                if (pending.WrittenCount == 0)
                {
                    return;
                }
            }

            if (!Volatile.Read(ref disposed))
            {
                Thread.Sleep(BatchDelay);
            }

            lock (gate)
            {
                (pending, writing) = (writing, pending);

                // Wakes loggers that waited for room.
                Monitor.PulseAll(gate);
            }

            try
            {
                output.Write(writing.WrittenSpan);
                output.Flush();
            }
            catch (IOException)
            {
                // A closed or broken stdout must not stop admissions; the lines are lost either way.
            }

            writing.ResetWrittenCount();
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
