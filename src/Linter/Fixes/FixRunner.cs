using System.Text;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Fixes;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Linter.Fixes;

/// <summary>What <c>--fix</c> was asked to do.</summary>
internal sealed record FixRequest
{
    public IReadOnlySet<string> Only { get; init; } = new HashSet<string>();

    public bool DryRun { get; init; }

    public bool Inline { get; init; }
}

/// <summary>
/// Applies the code fixes of a lint run's findings to the files, or prints them as a unified diff
/// (<c>--dry-run</c>). Files are written atomically and only when their text changes; a UTF-8 byte order mark
/// is kept. Findings suppressed by a comment, an annotation or --nowarn are not fixed.
/// </summary>
internal static class FixRunner
{
    /// <summary>
    /// Returns whether files were (or, in a dry run, would be) changed, and whether one could not be written: the others
    /// are still written, each whole or not at all, and each failure is printed.
    /// </summary>
    public static (bool Changed, bool WriteFailed) Run(AnalysisResult result, FixRequest request, Func<string, CanaryGuardPolicy> policyFor, CliIo io)
    {
        var marks = new HashSet<string>(StringComparer.Ordinal);
        string? Read(string path)
        {
            if (!File.Exists(path))
            {
                return null;
            }

            var bytes = File.ReadAllBytes(path);
            if (bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble))
            {
                marks.Add(path);
            }

            return new UTF8Encoding(false).GetString(bytes.AsSpan(marks.Contains(path) ? Encoding.UTF8.Preamble.Length : 0));
        }

        var fixes = CodeFixer.CreateDefault().Fix(result.Reported, Read, policyFor, new FixOptions { Only = request.Only, Inline = request.Inline });
        var written = 0;
        foreach (var file in fixes.Files)
        {
            if (request.DryRun)
            {
                io.Output.Write(UnifiedDiff.Create(DiffPath(file.Path).Replace('\\', '/'), file.Original, file.Fixed, file.IsNew));
            }
            else
            {
                try
                {
                    AtomicFile.Write(file.Path, file.Fixed, marks.Contains(file.Path));
                    written++;
                }
                catch (IOException exception)
                {
                    io.Error.WriteLine($"canaryguard: {exception.Message}");
                }
            }
        }

        foreach (var dropped in fixes.Dropped)
        {
            io.Error.WriteLine($"canaryguard: not fixed: {dropped.Fix.Diagnostic.Span} {dropped.Fix.Diagnostic.Id}: {dropped.Reason}; run --fix again");
        }

        var findings = fixes.Applied.Count == 1 ? "1 finding" : $"{fixes.Applied.Count} findings";
        var files = fixes.Files.Count == 1 ? "1 file" : $"{fixes.Files.Count} files";
        var writeFailed = !request.DryRun && written < fixes.Files.Count;
        io.Error.WriteLine(fixes.Files.Count == 0
            ? "canaryguard: nothing to fix"
            : request.DryRun ? $"canaryguard: would fix {findings} in {files} (dry run: nothing written)"
            : writeFailed ? $"canaryguard: wrote {written} of {files}; {fixes.Files.Count - written} could not be written (above)"
            : $"canaryguard: fixed {findings} in {files}");
        return (fixes.Files.Count > 0, writeFailed);
    }

    /// <summary>Diff headers name files relative to the current folder, as git does (a/deploy/web.yaml).</summary>
    private static string DiffPath(string path) => Path.IsPathRooted(path) ? Path.GetRelativePath(Directory.GetCurrentDirectory(), path) : path;
}
