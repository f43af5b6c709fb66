using System.Text;

namespace CanaryGuard.Linter;

/// <summary>
/// Writes files atomically: a temporary file beside the target, renamed over it, so a crash or a concurrent reader
/// never sees half a file; an existing file's permissions are kept. Baselines and code fixes both write this way.
/// </summary>
internal static class AtomicFile
{
    private static readonly UTF8Encoding Utf8WithoutMark = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Writes <paramref name="text"/> as UTF-8, with a byte order mark only when <paramref name="byteOrderMark"/> asks.
    /// A failure is an <see cref="IOException"/> naming <paramref name="path"/> (not the temporary file).
    /// </summary>
    public static void Write(string path, string text, bool byteOrderMark = false)
    {
        var full = Path.GetFullPath(path);

        // Not named after the target: a name near the system's limit (255 bytes) plus a suffix would be too long.
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".canaryguard-{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, text, byteOrderMark ? new UTF8Encoding(encoderShouldEmitUTF8Identifier: true) : Utf8WithoutMark);
            if (File.Exists(full) && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(full));
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write {path}: {exception.Message}", exception);
        }
        finally
        {
            // Asked first: deleting in a folder that does not exist throws, and would hide the failure above.
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
