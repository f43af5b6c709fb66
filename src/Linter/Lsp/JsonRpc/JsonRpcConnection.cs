using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;

namespace CanaryGuard.Linter.Lsp.JsonRpc;

/// <summary>The JSON-RPC error codes the server answers with (JSON-RPC 2.0, and LSP's own range).</summary>
internal static class JsonRpcErrorCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;

    /// <summary>LSP: a request other than initialize before initialize.</summary>
    public const int ServerNotInitialized = -32002;

    /// <summary>LSP: the client cancelled the request ($/cancelRequest).</summary>
    public const int RequestCancelled = -32800;
}

/// <summary>A request that fails with a JSON-RPC error instead of a result.</summary>
internal sealed class JsonRpcException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}

/// <summary>A request's result and how to write it; <see cref="Null"/> for methods whose result is null.</summary>
internal readonly record struct RpcResult(object? Value, JsonTypeInfo? TypeInfo)
{
    public static RpcResult Null => default;

    public static RpcResult Of<T>(T value, JsonTypeInfo<T> typeInfo) => new(value, typeInfo);
}

/// <summary>What the connection calls for each incoming request and notification, one at a time, in arrival order.</summary>
internal interface IJsonRpcTarget
{
    Task<RpcResult> HandleRequestAsync(string method, JsonElement parameters, CancellationToken cancellationToken);

    void HandleNotification(string method, JsonElement parameters);
}

/// <summary>
/// JSON-RPC 2.0 over the LSP base protocol, written for NativeAOT: no reflection, every type serialized through
/// source-generated metadata (docs/editors.md says why this and not StreamJsonRpc). A reader task reads and parses
/// each message and answers <c>$/cancelRequest</c> at once; everything else goes through one queue and is handled in
/// order, so a didChange is always applied before the request that follows it. A request cancelled while it waits or
/// runs is answered with RequestCancelled (-32800). The server sends notifications, and requests whose answers it
/// does not need (a registration): their responses are read and dropped.
/// </summary>
internal sealed class JsonRpcConnection
{
    private const string CancelRequest = "$/cancelRequest";

    private readonly MessageReader reader;
    private readonly MessageWriter writer;
    private readonly Channel<Incoming> queue = Channel.CreateUnbounded<Incoming>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly ConcurrentDictionary<string, CancellationTokenSource> pending = new(StringComparer.Ordinal);
    private readonly TextWriter log;
    private int nextRequestId;

    public JsonRpcConnection(Stream input, Stream output, TextWriter log)
    {
        reader = new MessageReader(new BufferedStream(input));
        writer = new MessageWriter(output);
        this.log = log;
    }

    /// <summary>A parsed request (with an id) or notification, its parameters detached from the message's buffer.</summary>
    private sealed record Incoming(string Method, JsonElement? Id, JsonElement Parameters);

    /// <summary>
    /// Reads and handles messages until the input ends, <paramref name="stop"/> is cancelled (exit) or the framing
    /// breaks; returns once every message read was handled.
    /// </summary>
    public async Task RunAsync(IJsonRpcTarget target, CancellationToken stop)
    {
        var dispatch = Task.Run(() => DispatchAsync(target), CancellationToken.None);
        try
        {
            await ReadAllAsync(stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (JsonRpcFramingException exception)
        {
            log.WriteLine($"canaryguard lsp: {exception.Message}; closing the connection");
        }
        catch (EndOfStreamException)
        {
            log.WriteLine("canaryguard lsp: the input ended inside a message; closing the connection");
        }
        finally
        {
            queue.Writer.TryComplete();
        }

        await dispatch.ConfigureAwait(false);
    }

    /// <summary>Sends a notification to the client (published diagnostics, log messages); safe from any thread.</summary>
    public void Notify<T>(string method, T parameters, JsonTypeInfo<T> typeInfo) => Send(null, method, parameters, typeInfo);

    /// <summary>Sends a request whose response does not matter (the client's answer is read and dropped).</summary>
    public void Request<T>(string method, T parameters, JsonTypeInfo<T> typeInfo) =>
        Send($"canaryguard-{Interlocked.Increment(ref nextRequestId)}", method, parameters, typeInfo);

    private void Send<T>(string? id, string method, T parameters, JsonTypeInfo<T> typeInfo)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("jsonrpc", "2.0");
            if (id is not null)
            {
                json.WriteString("id", id);
            }

            json.WriteString("method", method);
            json.WritePropertyName("params");
            JsonSerializer.Serialize(json, parameters, typeInfo);
            json.WriteEndObject();
        }

        writer.Write(buffer);
    }

    private async Task ReadAllAsync(CancellationToken stop)
    {
        while (await reader.ReadAsync(stop).ConfigureAwait(false) is { } body)
        {
            Incoming? message;
            try
            {
                message = Parse(body);
            }
            catch (JsonException exception)
            {
                WriteError(null, JsonRpcErrorCodes.ParseError, $"the message is not JSON: {exception.Message}");
                continue;
            }

            if (message is null)
            {
                continue;
            }

            if (message.Method == CancelRequest)
            {
                if (message.Parameters.ValueKind == JsonValueKind.Object && message.Parameters.TryGetProperty("id", out var id)
                    && pending.TryGetValue(id.GetRawText(), out var cancellation))
                {
                    cancellation.Cancel();
                }

                continue;
            }

            if (message.Id is { } requestId)
            {
                pending[requestId.GetRawText()] = new CancellationTokenSource();
            }

            await queue.Writer.WriteAsync(message, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The request or notification a body holds; null (after answering) when it is neither.</summary>
    private Incoming? Parse(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        JsonElement? id = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out var idElement)
            && idElement.ValueKind is JsonValueKind.String or JsonValueKind.Number ? idElement.Clone() : null;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String)
        {
            // A response to a request of ours (the server sends none), or not a JSON-RPC message at all.
            var isResponse = root.ValueKind == JsonValueKind.Object && (root.TryGetProperty("result", out _) || root.TryGetProperty("error", out _));
            if (!isResponse)
            {
                WriteError(id, JsonRpcErrorCodes.InvalidRequest, "not a JSON-RPC request or notification: it has no method");
            }

            return null;
        }

        var parameters = root.TryGetProperty("params", out var p) ? p.Clone() : default;
        return new Incoming(method.GetString()!, id, parameters);
    }

    private async Task DispatchAsync(IJsonRpcTarget target)
    {
        await foreach (var message in queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (message.Id is not { } id)
            {
                try
                {
                    target.HandleNotification(message.Method, message.Parameters);
                }
#pragma warning disable CA1031 // A notification has no one to answer: the failure is logged and the server goes on.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    log.WriteLine($"canaryguard lsp: {message.Method} failed: {exception}");
                }

                continue;
            }

            var key = id.GetRawText();
            var cancellation = pending.GetValueOrDefault(key) ?? new CancellationTokenSource();
            try
            {
                cancellation.Token.ThrowIfCancellationRequested();
                var result = await target.HandleRequestAsync(message.Method, message.Parameters, cancellation.Token).ConfigureAwait(false);
                WriteResult(id, result);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                WriteError(id, JsonRpcErrorCodes.RequestCancelled, $"{message.Method} was cancelled");
            }
            catch (JsonRpcException exception)
            {
                WriteError(id, exception.Code, exception.Message);
            }
            catch (JsonException exception)
            {
                WriteError(id, JsonRpcErrorCodes.InvalidParams, $"{message.Method}: invalid params: {exception.Message}");
            }
#pragma warning disable CA1031 // Any other failure is this request's: it is answered as an internal error and the server goes on.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                log.WriteLine($"canaryguard lsp: {message.Method} failed: {exception}");
                WriteError(id, JsonRpcErrorCodes.InternalError, $"{message.Method} failed: {exception.Message}");
            }
            finally
            {
                pending.TryRemove(key, out _);
                cancellation.Dispose();
            }
        }
    }

    private void WriteResult(JsonElement id, RpcResult result)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("jsonrpc", "2.0");
            json.WritePropertyName("id");
            id.WriteTo(json);
            json.WritePropertyName("result");
            if (result.TypeInfo is null || result.Value is null)
            {
                json.WriteNullValue();
            }
            else
            {
                JsonSerializer.Serialize(json, result.Value, result.TypeInfo);
            }

            json.WriteEndObject();
        }

        writer.Write(buffer);
    }

    private void WriteError(JsonElement? id, int code, string message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("jsonrpc", "2.0");
            json.WritePropertyName("id");
            if (id is { } value)
            {
                value.WriteTo(json);
            }
            else
            {
                json.WriteNullValue();
            }

            json.WriteStartObject("error");
            json.WriteNumber("code", code);
            json.WriteString("message", message);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        writer.Write(buffer);
    }
}
