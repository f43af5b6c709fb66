using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using CanaryGuard.Linter.Lsp.JsonRpc;

namespace CanaryGuard.Linter.Tests.Lsp;

/// <summary>The JSON-RPC layer of <c>canaryguard lsp</c> over in-memory pipes: framing, errors, ordering, cancellation.</summary>
public sealed class JsonRpcConnectionTests : IAsyncDisposable
{
    private readonly Pipe toServer = new();
    private readonly Pipe fromServer = new();
    private readonly StringWriter log = new();
    private readonly TestTarget target = new();
    private readonly MessageReader responses;
    private readonly Task running;

    public JsonRpcConnectionTests()
    {
        var connection = new JsonRpcConnection(toServer.Reader.AsStream(), fromServer.Writer.AsStream(), log);
        responses = new MessageReader(fromServer.Reader.AsStream());
        running = connection.RunAsync(target, CancellationToken.None);
    }

    [Fact]
    public async Task ARequestSplitAcrossWrites_WithAContentType_IsAnswered_WithItsId()
    {
        var body = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":"a-1","method":"echo","params":{"text":"héllo"}}""");
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n");
        byte[] all = [.. header, .. body];
        foreach (var chunk in all.Chunk(7))
        {
            await toServer.Writer.WriteAsync(chunk);
        }

        using var response = await NextAsync();
        Assert.Equal("a-1", response.RootElement.GetProperty("id").GetString());
        Assert.Equal("héllo", response.RootElement.GetProperty("result").GetProperty("text").GetString());
    }

    [Fact]
    public async Task TheResponseIsFramed_WithTheByteLengthOfItsUtf8Body()
    {
        await SendAsync("""{"jsonrpc":"2.0","id":1,"method":"echo","params":{"text":"ü€𝄞"}}""");
        var read = await fromServer.Reader.ReadAtLeastAsync(40);
        var text = Encoding.UTF8.GetString(read.Buffer.ToArray());
        var separator = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.StartsWith("Content-Length: ", text, StringComparison.Ordinal);
        var declared = int.Parse(text["Content-Length: ".Length..separator], System.Globalization.CultureInfo.InvariantCulture);
        var bodyStart = Encoding.UTF8.GetByteCount(text[..(separator + 4)]);
        while (read.Buffer.Length < bodyStart + declared)
        {
            fromServer.Reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            read = await fromServer.Reader.ReadAsync();
        }

        var body = read.Buffer.Slice(bodyStart, declared).ToArray();
        using var json = JsonDocument.Parse(body);
        Assert.Equal("ü€𝄞", json.RootElement.GetProperty("result").GetProperty("text").GetString());
    }

    [Fact]
    public async Task ABodyThatIsNotJson_IsAParseError_AndTheConnectionGoesOn()
    {
        await SendAsync("{not json");
        using (var error = await NextAsync())
        {
            Assert.Equal(JsonRpcErrorCodes.ParseError, error.RootElement.GetProperty("error").GetProperty("code").GetInt32());
            Assert.Equal(JsonValueKind.Null, error.RootElement.GetProperty("id").ValueKind);
        }

        await SendAsync("""{"jsonrpc":"2.0","id":2,"method":"echo","params":{"text":"after"}}""");
        using var response = await NextAsync();
        Assert.Equal("after", response.RootElement.GetProperty("result").GetProperty("text").GetString());
    }

    [Fact]
    public async Task AMessageWithoutMethod_IsAnInvalidRequest_AndAFailingRequest_AnInternalError()
    {
        await SendAsync("""{"jsonrpc":"2.0","id":3}""");
        using (var invalid = await NextAsync())
        {
            Assert.Equal(JsonRpcErrorCodes.InvalidRequest, invalid.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        }

        await SendAsync("""{"jsonrpc":"2.0","id":4,"method":"fail"}""");
        using var failed = await NextAsync();
        Assert.Equal(4, failed.RootElement.GetProperty("id").GetInt32());
        Assert.Equal(JsonRpcErrorCodes.InternalError, failed.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("boom", failed.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARunningRequest_IsCancelled_ByCancelRequest()
    {
        await SendAsync("""{"jsonrpc":"2.0","id":5,"method":"wait"}""");
        await target.Waiting.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await SendAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":5}}""");
        using var response = await NextAsync();
        Assert.Equal(5, response.RootElement.GetProperty("id").GetInt32());
        Assert.Equal(JsonRpcErrorCodes.RequestCancelled, response.RootElement.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task AQueuedRequest_CancelledBeforeItsTurn_NeverRuns_AndNotificationsKeepTheirOrder()
    {
        await SendAsync("""{"jsonrpc":"2.0","id":6,"method":"block"}""");
        await target.Blocked.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await SendAsync("""{"jsonrpc":"2.0","method":"note","params":{"text":"first"}}""");
        await SendAsync("""{"jsonrpc":"2.0","id":7,"method":"echo","params":{"text":"never"}}""");
        await SendAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":7}}""");
        await SendAsync("""{"jsonrpc":"2.0","method":"note","params":{"text":"second"}}""");
        await Task.Delay(50);
        target.Release.SetResult();

        using (var blocked = await NextAsync())
        {
            Assert.Equal(6, blocked.RootElement.GetProperty("id").GetInt32());
        }

        using var cancelled = await NextAsync();
        Assert.Equal(7, cancelled.RootElement.GetProperty("id").GetInt32());
        Assert.Equal(JsonRpcErrorCodes.RequestCancelled, cancelled.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(["first", "second"], target.Notes);
        Assert.DoesNotContain("never", target.Echoed);
    }

    [Fact]
    public async Task AContentLengthOverTheLimit_ClosesTheConnection_SayingWhy()
    {
        await toServer.Writer.WriteAsync(Encoding.ASCII.GetBytes($"Content-Length: {MessageReader.MaxContentLength + 1}\r\n\r\n"));
        await running.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("over the limit", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHeaderWithoutContentLength_ClosesTheConnection()
    {
        await toServer.Writer.WriteAsync(Encoding.ASCII.GetBytes("Content-Type: application/json\r\n\r\n{}"));
        await running.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("no Content-Length", log.ToString(), StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        target.Release.TrySetResult();
        await toServer.Writer.CompleteAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30));
        log.Dispose();
    }

    private async Task SendAsync(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        await toServer.Writer.WriteAsync(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"));
        await toServer.Writer.WriteAsync(body);
    }

    private async Task<JsonDocument> NextAsync()
    {
        var body = await responses.ReadAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(body);
        return JsonDocument.Parse(body);
    }

    /// <summary>echo returns its params; wait runs until cancelled; block waits for the test; fail throws; note records.</summary>
    private sealed class TestTarget : IJsonRpcTarget
    {
        public TaskCompletionSource Waiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Blocked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string> Notes { get; } = [];

        public List<string> Echoed { get; } = [];

        public async Task<RpcResult> HandleRequestAsync(string method, JsonElement parameters, CancellationToken cancellationToken)
        {
            switch (method)
            {
                case "echo":
                    var text = parameters.GetProperty("text").GetString()!;
                    Echoed.Add(text);
                    return RpcResult.Of(new EchoResult(text), TestJsonContext.Default.EchoResult);
                case "wait":
                    Waiting.SetResult();
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                    return RpcResult.Null;
                case "block":
                    Blocked.SetResult();
                    await Release.Task;
                    return RpcResult.Null;
                default:
                    throw new InvalidOperationException("boom");
            }
        }

        public void HandleNotification(string method, JsonElement parameters) => Notes.Add(parameters.GetProperty("text").GetString()!);
    }
}

internal sealed record EchoResult(string Text);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(EchoResult))]
internal sealed partial class TestJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
