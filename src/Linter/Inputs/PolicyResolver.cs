using System.Collections.Concurrent;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Linter.Inputs;

/// <summary>
/// Finds the policy of each linted file: <c>--config</c> when given, otherwise the nearest
/// <c>.canaryguard.yaml</c> walking up from the file's folder, as <c>.editorconfig</c> is found; else the default.
/// Each policy file is read once and its problems (CG0006) reported once.
/// </summary>
internal sealed class PolicyResolver
{
    private readonly string? explicitPath;
    private readonly IReadOnlySet<string> knownIds;
    private readonly Func<string, string> readText;
    private readonly ConcurrentDictionary<string, PolicyLoadResult> byPolicyFile = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string?> policyFileByFolder = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string?>.AlternateLookup<ReadOnlySpan<char>> policyFileByFolderText;
    private readonly ConcurrentDictionary<string, string?> policyFileByAbsoluteFolder = new(StringComparer.Ordinal);

    // The current folder does not change during a run; asking for it per folder was a getcwd system call each.
    private readonly string currentDirectory = Directory.GetCurrentDirectory();

    /// <param name="readText">Reads a policy file's text: the disk for <c>lint</c>, the open buffer first in the editor.</param>
    public PolicyResolver(string? explicitPath, IReadOnlySet<string> knownIds, Func<string, string>? readText = null)
    {
        this.explicitPath = explicitPath;
        this.knownIds = knownIds;
        this.readText = readText ?? File.ReadAllText;
        policyFileByFolderText = policyFileByFolder.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Problems of every policy file read so far.</summary>
    public IEnumerable<Diagnostic> Problems => byPolicyFile.Values.SelectMany(r => r.Problems);

    /// <summary>Every policy file read so far.</summary>
    public IEnumerable<CanaryGuardPolicy> Policies => byPolicyFile.Values.Select(r => r.Policy);

    /// <summary>Reads the explicit policy up front, so an unreadable --config is a usage error before any linting.</summary>
    public void LoadExplicit()
    {
        if (explicitPath is not null)
        {
            Load(explicitPath);
        }
    }

    /// <summary>The policy for an input path ("-" for stdin looks from the current folder).</summary>
    public CanaryGuardPolicy PolicyFor(string inputPath)
    {
        if (explicitPath is not null)
        {
            return Load(explicitPath).Policy;
        }

        // Keyed by the folder as written, looked up by its characters: asked several times per linted file, so the
        // folder is made a string, and absolute, once per folder.
        var folder = inputPath == "-" ? ReadOnlySpan<char>.Empty : Path.GetDirectoryName(inputPath.AsSpan());
        var policyFile = policyFileByFolderText.TryGetValue(folder, out var known)
            ? known
            : policyFileByFolder.GetOrAdd(
                folder.ToString(),
                static (written, resolver) => resolver.FindUpwards(Path.GetFullPath(written.Length == 0 ? "." : written, resolver.currentDirectory)),
                this);
        return policyFile is null ? CanaryGuardPolicy.Default : Load(policyFile).Policy;
    }

    private PolicyLoadResult Load(string path) => byPolicyFile.GetOrAdd(
        path,
        static (p, resolver) => PolicyLoader.Load(DisplayPath.Of(p, resolver.currentDirectory), resolver.readText(p), resolver.knownIds),
        this);

    /// <summary>
    /// The nearest policy file at or above an absolute folder. Each folder is looked at once: sibling folders share
    /// their parents' answer, so a repository of 10,000 app folders costs 10,000 look-ups, not one per ancestor each.
    /// </summary>
    private string? FindUpwards(string folder)
    {
        if (policyFileByAbsoluteFolder.TryGetValue(folder, out var known))
        {
            return known;
        }

        var candidate = Path.Combine(folder, PolicyLoader.FileName);
        var found = File.Exists(candidate) ? candidate : Path.GetDirectoryName(folder) is { } parent ? FindUpwards(parent) : null;
        policyFileByAbsoluteFolder.TryAdd(folder, found);
        return found;
    }
}
