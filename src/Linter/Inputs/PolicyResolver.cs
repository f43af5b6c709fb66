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
    private readonly ConcurrentDictionary<string, PolicyLoadResult> byPolicyFile = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string?> policyFileByFolder = new(StringComparer.Ordinal);

    public PolicyResolver(string? explicitPath, IReadOnlySet<string> knownIds)
    {
        this.explicitPath = explicitPath;
        this.knownIds = knownIds;
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

        // Keyed by the folder as written: asked once per linted file, and making every path absolute costs a
        // getcwd system call each time (3% of a large lint); the current folder does not change during a run.
        var folder = inputPath == "-" ? string.Empty : Path.GetDirectoryName(inputPath) ?? string.Empty;
        var policyFile = policyFileByFolder.GetOrAdd(folder, static written => FindUpwards(Path.GetFullPath(written.Length == 0 ? "." : written)));
        return policyFile is null ? CanaryGuardPolicy.Default : Load(policyFile).Policy;
    }

    private PolicyLoadResult Load(string path) => byPolicyFile.GetOrAdd(path, p =>
    {
        var display = Path.GetRelativePath(Directory.GetCurrentDirectory(), p);
        return PolicyLoader.Load(display, File.ReadAllText(p), knownIds);
    });

    private static string? FindUpwards(string folder)
    {
        for (var current = new DirectoryInfo(folder); current is not null; current = current.Parent)
        {
            var candidate = Path.Combine(current.FullName, PolicyLoader.FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
