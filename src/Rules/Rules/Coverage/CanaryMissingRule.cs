using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Rules.References;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Coverage;

/// <summary>CG4001: a workload opted into canary delivery must have a Canary, or its releases go out unchecked.</summary>
public sealed class CanaryMissingRule : AnalysisRule
{
    public const string OptInKey = "canaryguard.io/canary";
    public const string OptInValue = "enabled";

    public static readonly DiagnosticDescriptor Rule = new(
        "CG4001",
        "Opted-in workload has no Canary",
        "{0} '{1}' is opted into canary delivery ({2}) but no Canary targets it: its releases go out without analysis",
        RuleCategories.Coverage,
        DiagnosticSeverity.Warning,
        "A workload is opted in by the annotation canaryguard.io/canary: enabled, by a namespace labelled canaryguard.io/canary=enabled, or by the policy's requireCanary selector. Without a Canary, a new version replaces the old one at once.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override IReadOnlyList<ResourceKind> Inputs { get; } = [.. ResourceQueries.CanaryInputs, .. ResourceQueries.NamespaceInputs];

    public override bool AppliesTo(KubernetesResource resource) => DeploymentView.IsWorkload(resource) && !ResourceQueries.IsOwnedByCanary(resource);

    public override void Analyze(RuleContext context)
    {
        if (DeploymentView.From(context.Resource) is not { } workload || OptedInBecause(context, workload) is not { } reason
            || ResourceQueries.CanariesTargeting(context, context.Resource).Count > 0)
        {
            return;
        }

        ManifestNode at = (ManifestNode?)context.Resource.Metadata?.Scalar("name") ?? context.Resource.Root;
        context.Report(Rule, at, workload.Kind, workload.Name, reason);
    }

    private static string? OptedInBecause(RuleContext context, DeploymentView workload)
    {
        if (workload.Annotations?.String(OptInKey) == OptInValue)
        {
            return $"annotation {OptInKey}: {OptInValue}";
        }

        if (ResourceQueries.NamespaceLabels(context, context.Namespace)?.GetValueOrDefault(OptInKey) == OptInValue)
        {
            return $"namespace '{context.Namespace}' is labelled {OptInKey}={OptInValue}";
        }

        var required = context.Policy.RequireCanary;
        var labels = NamespaceView.ScalarMap(workload.Labels);
        if (required.Count > 0 && required.All(r => labels.GetValueOrDefault(r.Key) == r.Value))
        {
            return "the policy's requireCanary selector matches its labels";
        }

        return null;
    }
}
