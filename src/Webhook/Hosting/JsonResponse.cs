using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace CanaryGuard.Webhook.Hosting;

/// <summary>
/// Writes a JSON response body with its Content-Length: serialized into a buffer reused by the thread (a response is
/// a few hundred bytes), then copied into the response pipe in one piece, so there is neither a per-request
/// serialization buffer nor chunked framing. Kestrel sends it when the request delegate returns.
/// </summary>
internal static class JsonResponse
{
    public const string ContentType = "application/json";

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? writer;

    public static void Write<T>(HttpResponse response, int statusCode, T value, JsonTypeInfo<T> type, bool endLine = false)
    {
        var bytes = buffer ??= new ArrayBufferWriter<byte>(4096);
        var json = writer ??= new Utf8JsonWriter(bytes);
        json.Reset(bytes);
        JsonSerializer.Serialize(json, value, type);
        if (endLine)
        {
            bytes.Write("\n"u8);
        }

        response.StatusCode = statusCode;
        response.ContentType = ContentType;
        response.ContentLength = bytes.WrittenCount;
        response.BodyWriter.Write(bytes.WrittenSpan);
        bytes.ResetWrittenCount();
    }
}
