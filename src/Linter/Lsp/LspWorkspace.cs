using CanaryGuard.Linter.Inputs;
using CanaryGuard.Rules.Kustomize;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Linter.Lsp;

/// <summary>
/// An open buffer: the client's URI for it (diagnostics are published to that exact string), its version, text and
/// parse, and its last parse without a syntax error: while it is broken mid-typing, that is what the other files see.
/// </summary>
internal sealed record OpenDocument(string Uri, string Path, int Version, string Text, ManifestFile? Parsed, ManifestFile? LastValid)
{
    public bool IsBroken => Parsed is { } parsed && parsed.Problems.Any(p => p.Kind == ParseProblemKind.Syntax);
}

/// <summary>
/// What one analysis reads: the workspace's files (open buffers in place of their disk text), the same with each broken
/// buffer's last valid parse (the context of the other files), the open documents, the policies.
/// </summary>
internal sealed record WorkspaceSnapshot(
    int Generation,
    IReadOnlyList<ManifestFile> WorkspaceFiles,
    IReadOnlyList<ManifestFile> ContextFiles,
    IReadOnlyList<OpenDocument> Open,
    PolicyResolver Policies,
    IKustomizeSource KustomizeSource,
    Func<string, string?> ReadText);

/// <summary>
/// The files the server knows, kept as <c>lint</c> in the workspace folder would read them: read from disk once at
/// initialize (the same folder walk, ignore files and <c>exclude</c> globs), then kept current from
/// didChangeWatchedFiles; an open buffer stands in for its file's disk text until it is closed. Paths are in
/// <c>lint</c>'s display form: relative to the workspace folder (the server's current folder) inside it, absolute
/// outside. Every member is called under the server's lock.
/// </summary>
internal sealed class LspWorkspace
{
    private static readonly string[] ManifestExtensions = [".yaml", ".yml", ".json"];

    private readonly Dictionary<string, ManifestFile> onDisk = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OpenDocument> open = new(StringComparer.Ordinal);
    private readonly IReadOnlySet<string> knownIds;
    private PolicyResolver policies;

    public LspWorkspace(string? root, IReadOnlySet<string> knownIds)
    {
        Root = root;
        this.knownIds = knownIds;
        policies = NewPolicies();
    }

    /// <summary>The workspace folder (absolute); null when the client opened files without one.</summary>
    public string? Root { get; }

    /// <summary>Goes up with every change; an analysis of an older generation is out of date.</summary>
    public int Generation { get; private set; }

    /// <summary>Reads the workspace folder as <c>lint .</c> would; returns what could not be read.</summary>
    public IReadOnlyList<string> Load()
    {
        if (Root is null)
        {
            return [];
        }

        var inputs = InputCollector.Collect(["."], policies, () => TextReader.Null);
        foreach (var file in inputs.Files)
        {
            onDisk[file.Path] = file;
        }

        Generation++;
        return inputs.Errors;
    }

    public static string PathOf(string fullPath) => DisplayPath.Of(fullPath, Directory.GetCurrentDirectory());

    public static string FullPathOf(string path) => Path.GetFullPath(path);

    public bool IsInWorkspace(string path) => Root is not null && !Path.IsPathRooted(path);

    public OpenDocument? Find(string path) => open.GetValueOrDefault(path);

    public void Open(string uri, string path, int version, string text)
    {
        var parsed = Parse(path, text);
        open[path] = Valid(new OpenDocument(uri, path, version, text, parsed, onDisk.GetValueOrDefault(path)));
        Changed(path);
    }

    public void Change(string path, int version, string text)
    {
        if (open.TryGetValue(path, out var document))
        {
            open[path] = Valid(document with { Version = version, Text = text, Parsed = Parse(path, text) });
            Changed(path);
        }
    }

    private static OpenDocument Valid(OpenDocument document) => document.IsBroken ? document : document with { LastValid = document.Parsed };

    /// <summary>Closes a buffer: its file is the disk's again (unsaved changes are gone with the buffer).</summary>
    public OpenDocument? Close(string path)
    {
        if (!open.Remove(path, out var document))
        {
            return null;
        }

        FileChangedOnDisk(path, deleted: !File.Exists(path));
        return document;
    }

    /// <summary>A file changed, appeared or went away on disk (a watched-file event, or a save).</summary>
    public void FileChangedOnDisk(string path, bool deleted)
    {
        if (deleted)
        {
            onDisk.Remove(path);
        }
        else if (IsInWorkspace(path) && IsManifestName(path) && !IsHidden(path) && ReadDisk(path) is { } text && Parse(path, text) is { } parsed)
        {
            onDisk[path] = parsed;
        }

        Changed(path);
    }

    public WorkspaceSnapshot Snapshot()
    {
        var files = new List<ManifestFile>(onDisk.Count + open.Count);
        foreach (var (path, file) in onDisk)
        {
            files.Add(open.TryGetValue(path, out var document) ? document.Parsed ?? file : file);
        }

        foreach (var document in open.Values)
        {
            if (!onDisk.ContainsKey(document.Path) && IsInWorkspace(document.Path) && document.Parsed is not null)
            {
                files.Add(document.Parsed);
            }
        }

        // The order lint gives its files (path order), so findings and kustomize builds come out alike.
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        var lastValid = open.Values.Where(d => d.IsBroken && d.LastValid is not null).ToDictionary(d => d.Parsed!, d => d.LastValid!);
        IReadOnlyList<ManifestFile> context = lastValid.Count == 0 ? files : [.. files.Select(f => lastValid.GetValueOrDefault(f, f))];
        var buffers = open.ToDictionary(p => FullPathOf(p.Key), p => p.Value, StringComparer.Ordinal);
        var disk = onDisk.ToDictionary(p => FullPathOf(p.Key), p => p.Value, StringComparer.Ordinal);
        return new WorkspaceSnapshot(Generation, files, context, [.. open.Values], policies, new BufferKustomizeSource(buffers, disk), path => TextOf(path, buffers));
    }

    /// <summary>A policy file's problems, when it is among the open buffers or on disk, are published on it.</summary>
    public static bool IsPolicyFile(string path) => Path.GetFileName(path) == PolicyLoader.FileName;

    private void Changed(string path)
    {
        if (IsPolicyFile(path))
        {
            // Every file's policy may have changed: the resolver caches what it found, so a new one reads afresh.
            policies = NewPolicies();
        }

        Generation++;
    }

    /// <summary>
    /// A resolver that reads the open policy buffers as they are now (it is made anew whenever one changes, and the
    /// analysis reads it on another thread) and the disk for the others.
    /// </summary>
    private PolicyResolver NewPolicies()
    {
        var buffers = open.Values.Where(d => IsPolicyFile(d.Path)).ToDictionary(d => FullPathOf(d.Path), d => d.Text, StringComparer.Ordinal);
        return new(null, knownIds, full => buffers.TryGetValue(full, out var text) ? text : File.ReadAllText(full));
    }

    /// <summary>The parse of a manifest buffer; null for a file lint would not lint (a Helm template, a binary, a policy file).</summary>
    private static ManifestFile? Parse(string path, string text)
    {
        if (IsPolicyFile(path) || !IsManifestName(path) || text.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        var file = YamlManifestReader.Read(path, text);
        return HelmTemplates.IsTemplate(path, text, file, HelmTemplates.ChartOf(path)) ? null : file;
    }

    private static string? TextOf(string fullPath, Dictionary<string, OpenDocument> buffers) =>
        buffers.TryGetValue(fullPath, out var document) ? document.Text : ReadDisk(fullPath);

    private static string? ReadDisk(string path)
    {
        try
        {
            return File.Exists(path) ? InputText.Read(path, Directory.GetCurrentDirectory()) : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsManifestName(string path) =>
        ManifestExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    private static bool IsHidden(string path) =>
        path.Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.') && part is not "." and not "..");

    /// <summary>Kustomize reads the buffers and the files already read, and the disk only for what neither has.</summary>
    private sealed class BufferKustomizeSource(
        Dictionary<string, OpenDocument> buffers,
        Dictionary<string, ManifestFile> disk) : IKustomizeSource
    {
        private readonly KustomizeFiles fallback = new(Directory.GetCurrentDirectory());

        public ManifestFile? ReadFile(string fullPath) =>
            buffers.TryGetValue(fullPath, out var document) && document.Parsed is not null
                ? document.Parsed
                : disk.GetValueOrDefault(fullPath) ?? fallback.ReadFile(fullPath);

        public bool DirectoryExists(string fullPath) => Directory.Exists(fullPath);
    }
}
