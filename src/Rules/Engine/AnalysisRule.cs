using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Engine;

/// <summary>
/// A rule: a pure function of one resource, the resources it can look up, and the policy. Rules never print,
/// never read global state, and may run in parallel with each other.
/// </summary>
public abstract class AnalysisRule
{
    public abstract IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; }

    /// <summary>
    /// The kinds the rule looks up through <see cref="RuleContext.Lookup"/>; none for a rule that reads only its
    /// resource. The webhook fetches these and nothing else, so a look-up of an undeclared kind finds nothing.
    /// </summary>
    public virtual IReadOnlyList<ResourceKind> Inputs => [];

    /// <summary>Whether the rule looks at this resource at all (its kind, usually).</summary>
    public abstract bool AppliesTo(KubernetesResource resource);

    public abstract void Analyze(RuleContext context);
}
