using System.Buffers;
using System.Text.Unicode;

namespace CanaryGuard.Webhook.Admission;

/// <summary>Where a body stops being UTF-8, checked once before parsing (vectorized; about a microsecond per 10 KB).</summary>
internal static class Utf8Text
{
    /// <summary>The offset of the first byte that is not part of valid UTF-8, or null when all of it is.</summary>
    public static int? FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            return null;
        }

        // Only for bad input: decode in chunks until the decoder stops at the invalid sequence.
        Span<char> chunk = stackalloc char[1024];
        var offset = 0;
        while (true)
        {
            var status = Utf8.ToUtf16(bytes[offset..], chunk, out var read, out _, replaceInvalidSequences: false);
            offset += read;
            if (status != OperationStatus.DestinationTooSmall)
            {
                return offset;
            }
        }
    }
}
