using System.Buffers;
using System.Globalization;
using System.Text;

namespace CanaryGuard.Linter.Lsp.JsonRpc;

/// <summary>The byte stream broke the base protocol (a bad header, a body too large): the connection cannot go on.</summary>
internal sealed class JsonRpcFramingException(string message) : Exception(message);

/// <summary>
/// The LSP base protocol's framing: header lines (<c>Content-Length: N</c>, an optional <c>Content-Type</c>) ended by
/// an empty line, then N bytes of UTF-8 JSON. Bounded: a header longer than <see cref="MaxHeaderBytes"/> or a body
/// over <see cref="MaxContentLength"/> ends the connection instead of growing a buffer without limit.
/// </summary>
internal sealed class MessageReader(Stream input)
{
    public const int MaxHeaderBytes = 8 * 1024;

    /// <summary>Far above any manifest an editor sends (a whole file per change), far below what would hurt.</summary>
    public const int MaxContentLength = 64 * 1024 * 1024;

    private const string ContentLength = "Content-Length";

    private readonly byte[] header = new byte[MaxHeaderBytes];
    private readonly byte[] one = new byte[1];

    /// <summary>The next message's body; null at the end of the stream between messages.</summary>
    public async Task<byte[]?> ReadAsync(CancellationToken cancellationToken)
    {
        int? length = null;
        while (true)
        {
            var line = await ReadHeaderLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null)
            {
                if (length is null)
                {
                    return null;
                }

                throw new JsonRpcFramingException("the stream ended inside a message header");
            }

            if (line.Length == 0)
            {
                break;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new JsonRpcFramingException($"malformed header line '{line}'");
            }

            if (line[..colon].Trim().Equals(ContentLength, StringComparison.OrdinalIgnoreCase))
            {
                if (!int.TryParse(line[(colon + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                {
                    throw new JsonRpcFramingException($"Content-Length is not a number: '{line}'");
                }

                if (value > MaxContentLength)
                {
                    throw new JsonRpcFramingException($"Content-Length {value} is over the limit of {MaxContentLength} bytes");
                }

                length = value;
            }
            else
            {
                // Content-Type (utf-8 JSON is the only one there is) and anything unknown are ignored, as the spec allows.
                length ??= -1;
            }
        }

        if (length is null or < 0)
        {
            throw new JsonRpcFramingException("a message header has no Content-Length");
        }

        var body = new byte[length.Value];
        await input.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
        return body;
    }

    /// <summary>One header line without its CRLF; null at the end of the stream before any byte of it.</summary>
    private async Task<string?> ReadHeaderLineAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        while (true)
        {
            if (await input.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 0)
            {
                return count == 0 ? null : throw new JsonRpcFramingException("the stream ended inside a message header");
            }

            if (one[0] == (byte)'\n')
            {
                var end = count > 0 && header[count - 1] == (byte)'\r' ? count - 1 : count;
                return Encoding.ASCII.GetString(header, 0, end);
            }

            if (count == header.Length)
            {
                throw new JsonRpcFramingException($"a message header is longer than {MaxHeaderBytes} bytes");
            }

            header[count++] = one[0];
        }
    }
}

/// <summary>Writes framed messages; one at a time whatever thread sends (responses and published diagnostics interleave).</summary>
internal sealed class MessageWriter(Stream output)
{
    private readonly Lock gate = new();

    public void Write(ReadOnlySpan<byte> body)
    {
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\n\r\n");
        lock (gate)
        {
            output.Write(header);
            output.Write(body);
            output.Flush();
        }
    }

    public void Write(ArrayBufferWriter<byte> body) => Write(body.WrittenSpan);
}
