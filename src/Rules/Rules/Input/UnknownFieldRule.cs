using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Rules.Input;

/// <summary>CG0003: a field Flagger's CRD schema does not define, which the API server prunes before Flagger reads the object.</summary>
public sealed class UnknownFieldRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG0003",
        "Unknown or misplaced field",
        "{0} in the {1} schema: the API server prunes it, so Flagger never sees it{2}",
        RuleCategories.Input,
        DiagnosticSeverity.Error,
        "Custom resources keep only the fields their CRD's structural schema names. A misspelt or misplaced field (stepweight, canaryAnalysis) is dropped by the API server: kubectl's strict field validation refuses the manifest, other clients (Helm, Flux, Argo CD) apply it without the field and the setting silently does not exist.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) =>
        resource.Group == FlaggerSchema.Group && FlaggerSchema.ByKind.ContainsKey(resource.Kind);

    public override void Analyze(RuleContext context)
    {
        var kind = context.Resource.Kind;

        // Under a version the CRDs do not serve, CG0004's apiVersion finding names the renamed fields already.
        var served = FlaggerSchema.IsServed(context.Resource);
        foreach (var problem in SchemaValidator.ProblemsOf(context.Resource))
        {
            if (problem.Kind == SchemaProblemKind.UnknownField && (served || problem.RenamedTo is null))
            {
                context.Report(Rule, problem.Node, problem.Text, kind, problem.Hint is null ? string.Empty : "; " + problem.Hint);
            }
        }
    }
}
