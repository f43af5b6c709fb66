using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using CanaryGuard.Linter.Output;
using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Linter.Baseline;

/// <summary>
/// One recorded finding: what identifies it across edits. No line number (a line added above it must not make it
/// new); the message's hash instead, so a finding whose values change (stepWeight 60 to 70) counts as new.
/// </summary>
internal sealed record BaselineEntry(string RuleId, string File, string? Resource, string Path, string MessageHash);

internal sealed record BaselineDocument(int Version, string Tool, IReadOnlyList<BaselineEntry> Findings);

/// <summary>
/// A baseline file (<c>--update-baseline FILE</c> writes it, <c>--baseline FILE</c> or <c>baseline:</c> in the
/// policy reads it): the findings a team accepted when adopting CanaryGuard, hidden so only new ones block. File
/// paths in it are relative to the baseline's folder, so it works from any current folder. The findings are
/// sorted and written one field a line, so the file diffs well in review.
/// </summary>
internal sealed class BaselineFile
{
    /// <summary>Readable output: quotes and angle brackets are not escaped (the files are not embedded in HTML).</summary>
    private static readonly BaselineJsonContext Json = new(new JsonSerializerOptions(BaselineJsonContext.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public const int CurrentVersion = 1;

    private readonly HashSet<BaselineEntry> entries;

    private BaselineFile(string path, IEnumerable<BaselineEntry> entries)
    {
        Path = path;
        this.entries = [.. entries];
    }

    public string Path { get; }

    public int Count => entries.Count;

    /// <summary>Reads a baseline; a missing or malformed file is an <see cref="InvalidDataException"/> with the reason.</summary>
    public static BaselineFile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"baseline {path}: no such file; create it with --update-baseline {path}");
        }

        try
        {
            var document = JsonSerializer.Deserialize(File.ReadAllText(path), Json.BaselineDocument);
            if (document?.Findings is null || document.Version != CurrentVersion)
            {
                throw new InvalidDataException($"baseline {path}: not a CanaryGuard baseline (version {CurrentVersion})");
            }

            return new BaselineFile(path, document.Findings);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"baseline {path}: not valid JSON: {exception.Message}", exception);
        }
    }

    /// <summary>The baseline of the findings a run reports (the ones not already suppressed otherwise).</summary>
    public static BaselineFile FromFindings(string path, IEnumerable<Diagnostic> diagnostics)
    {
        var folder = FolderOf(path);
        return new BaselineFile(path, diagnostics.Where(IsBaselinable).Select(d => Fingerprint(d, folder)));
    }

    /// <summary>
    /// The baseline <c>--update-baseline</c> writes: the findings of this run for the files it linted, and the
    /// entries of the existing file for every other file, so updating from a subset of the files keeps the rest.
    /// </summary>
    public static BaselineFile Update(string path, IEnumerable<Diagnostic> diagnostics, IReadOnlyList<string> lintedFiles)
    {
        var recorded = FromFindings(path, diagnostics);
        if (!File.Exists(path))
        {
            return recorded;
        }

        var folder = FolderOf(path);
        var linted = lintedFiles.Select(f => RelativeFile(f, folder)).ToHashSet(StringComparer.Ordinal);
        return new BaselineFile(path, recorded.entries.Concat(Load(path).entries.Where(e => !linted.Contains(e.File))));
    }

    /// <summary>Whether a finding can be hidden by a baseline: reported, and not one configuration cannot silence (CG0001).</summary>
    public static bool IsBaselinable(Diagnostic diagnostic) =>
        diagnostic.Descriptor.IsConfigurable
        && diagnostic.Severity >= DiagnosticSeverity.Info
        && (diagnostic.Suppression is null || diagnostic.Suppression.Kind == SuppressionKind.Baseline);

    public static BaselineEntry Fingerprint(Diagnostic diagnostic, string folder)
    {
        return new BaselineEntry(diagnostic.Id, RelativeFile(diagnostic.File, folder), Fingerprints.ResourceKey(diagnostic), diagnostic.Path, Fingerprints.Hash(diagnostic.Message));
    }

    public bool Contains(Diagnostic diagnostic) => entries.Contains(Fingerprint(diagnostic, FolderOf(Path)));

    /// <summary>Writes the file atomically (<see cref="AtomicFile"/>), the findings sorted.</summary>
    public void Save()
    {
        var sorted = entries
            .OrderBy(e => e.File, StringComparer.Ordinal)
            .ThenBy(e => e.Resource, StringComparer.Ordinal)
            .ThenBy(e => e.Path, StringComparer.Ordinal)
            .ThenBy(e => e.RuleId, StringComparer.Ordinal)
            .ThenBy(e => e.MessageHash, StringComparer.Ordinal)
            .ToList();
        var json = JsonSerializer.Serialize(new BaselineDocument(CurrentVersion, "canaryguard", sorted), Json.BaselineDocument);
        AtomicFile.Write(Path, json.ReplaceLineEndings("\n") + "\n");
    }

    /// <summary>A linted file as the baseline names it: relative to the baseline's folder, with '/'; "-" for stdin.</summary>
    private static string RelativeFile(string file, string folder) => file == "-"
        ? "-"
        : System.IO.Path.GetRelativePath(folder, System.IO.Path.GetFullPath(file)).Replace(System.IO.Path.DirectorySeparatorChar, '/');

    private static string FolderOf(string path) => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BaselineDocument))]
internal sealed partial class BaselineJsonContext : JsonSerializerContext;
