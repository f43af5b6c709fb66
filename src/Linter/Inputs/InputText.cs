using System.Buffers;
using System.Text;

namespace CanaryGuard.Linter.Inputs;

/// <summary>
/// Reads a manifest file as File.ReadAllText does (a UTF-8 byte-order mark dropped, invalid bytes as U+FFFD, UTF-16
/// and UTF-32 told by their marks), with one read of the size the file has instead of a reader's buffered loop: a
/// large lint opens tens of thousands of small files, and the reader's buffers and extra read were a tenth of its
/// system time (docs/performance.md).
/// </summary>
internal static class InputText
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>
    /// Reads <paramref name="path"/>, relative to <paramref name="currentDirectory"/> (given, because the runtime
    /// would otherwise ask the system for the current folder on every open).
    /// </summary>
    public static string Read(string path, string currentDirectory)
    {
        using var handle = File.OpenHandle(Path.GetFullPath(path, currentDirectory), FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = RandomAccess.GetLength(handle);

        // A size of 0 may be a special file whose size is not known; the framework's reader reads it to its end.
        if (length == 0 || length > Array.MaxLength)
        {
            return File.ReadAllText(path);
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            var read = 0;
            int count;
            while (read < length && (count = RandomAccess.Read(handle, buffer.AsSpan(read, (int)length - read), read)) > 0)
            {
                read += count;
            }

            var bytes = buffer.AsSpan(0, read);
            if (HasUnicodeMarkOtherThanUtf8(bytes))
            {
                return File.ReadAllText(path);
            }

            ReadOnlySpan<byte> utf8Mark = [0xEF, 0xBB, 0xBF];
            return Utf8.GetString(bytes.StartsWith(utf8Mark) ? bytes[utf8Mark.Length..] : bytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The marks of UTF-16 (FE FF, FF FE) and UTF-32 (00 00 FE FF), left to the framework's detection.</summary>
    private static bool HasUnicodeMarkOtherThanUtf8(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]);
}
