using CanaryGuard.Rules.Kustomize;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Rules.Engine;

/// <summary>What one run of the engine is asked to do beyond the policy: command-line severity overrides.</summary>
public sealed record AnalysisOptions
{
    /// <summary>The policy of each file (a folder's <c>.canaryguard.yaml</c>), or one policy for all.</summary>
    public required Func<string, CanaryGuardPolicy> PolicyFor { get; init; }

    /// <summary>Ids suppressed for the whole run (<c>--nowarn</c>).</summary>
    public IReadOnlySet<string> NoWarn { get; init; } = new HashSet<string>();

    /// <summary>Warnings promoted to errors: all of them when <see cref="WarningsAsErrorsAll"/>, else these ids.</summary>
    public IReadOnlySet<string> WarningsAsErrors { get; init; } = new HashSet<string>();

    public bool WarningsAsErrorsAll { get; init; }

    /// <summary>The resources other than the linted ones (cluster look-ups); null to look only in the workspace.</summary>
    public IResourceLookup? Lookup { get; init; }

    /// <summary>What the kustomizations among the files build (<see cref="KustomizeBuilder"/>); null for none.</summary>
    public KustomizeResult? Kustomize { get; init; }

    /// <summary>
    /// The ids a <c>canaryguard.io/suppress</c> annotation may silence; null for any. An annotation naming another
    /// id suppresses nothing and is itself reported (the webhook's <c>admission.annotationSuppressions</c>).
    /// </summary>
    public IReadOnlySet<string>? SuppressibleByAnnotation { get; init; }

    /// <summary>
    /// The files whose findings are wanted; null for all. The others are still read, as the context the wanted ones
    /// are analysed in (an editor re-lints its open files against the whole workspace on every change).
    /// </summary>
    public Func<string, bool>? AnalyzesFile { get; init; }

    /// <summary>Whether to spread resources over the cores; off for one admission object.</summary>
    public bool Parallel { get; init; } = true;
}
