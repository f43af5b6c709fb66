using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Kustomize;

/// <summary>The objects one top-level kustomization builds, as rules read them.</summary>
/// <param name="Name">The kustomization's folder as findings name it (<c>overlays/prod</c>).</param>
/// <param name="KustomizationPath">The kustomization file, whose folder's policy applies to the objects.</param>
/// <param name="Unresolved">What the build could not make (a remote base, a generator): absence is then no proof.</param>
/// <param name="Files">The files the build read (kustomizations, resources, patches), as findings name them.</param>
public sealed record KustomizeBuild(string Name, string KustomizationPath, IReadOnlyList<KubernetesResource> Resources, IReadOnlyList<string> Unresolved, IReadOnlySet<string> Files)
{
    public bool IsComplete => Unresolved.Count == 0;
}

/// <summary>A kustomization that cannot be built (CG0010) or is not built in full (CG0011), where it says so.</summary>
public sealed record KustomizeProblem(DiagnosticDescriptor Descriptor, string Message, string File, SourceSpan? Span);

/// <summary>What the kustomizations of a lint build, and which files are linted only through them.</summary>
public sealed class KustomizeResult
{
    private readonly HashSet<string> consumedFullPaths;

    internal KustomizeResult(IReadOnlyList<KustomizeBuild> builds, IReadOnlyList<KustomizeProblem> problems, HashSet<string> consumedFullPaths, IReadOnlyList<ManifestFile> filesRead)
    {
        Builds = builds;
        Problems = problems;
        this.consumedFullPaths = consumedFullPaths;
        FilesRead = filesRead;
    }

    public static KustomizeResult None { get; } = new([], [], [], []);

    public IReadOnlyList<KustomizeBuild> Builds { get; }

    public IReadOnlyList<KustomizeProblem> Problems { get; }

    /// <summary>Files the builds read that were not among the linted ones (a base outside the linted folder).</summary>
    public IReadOnlyList<ManifestFile> FilesRead { get; }

    /// <summary>
    /// Whether a file's objects are linted only as a build made them: a kustomization, a patch, a resource of a
    /// build. Its syntax and suppression comments are still read.
    /// </summary>
    public bool IsConsumed(ManifestFile file) => consumedFullPaths.Count > 0 && file.Path != "-" && consumedFullPaths.Contains(Path.GetFullPath(file.Path));
}
