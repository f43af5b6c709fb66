using CanaryGuard.Rules.Engine;
using FluentValidation;

namespace CanaryGuard.Rules.Policy;

/// <summary>Checks the values of a policy file; every failure carries its node (CustomState) and the code CG0006.</summary>
internal sealed class PolicyDraftValidator : AbstractValidator<PolicyDraft>
{
    private static readonly HashSet<string> Categories = new(StringComparer.Ordinal)
    {
        RuleCategories.Input, RuleCategories.Analysis, RuleCategories.References, RuleCategories.Mesh, RuleCategories.Coverage, RuleCategories.Verification,
    };

    private static readonly HashSet<string> Providers = new(StringComparer.Ordinal)
    {
        "istio", "linkerd", "appmesh", "appmesh:v1beta2", "contour", "gloo", "nginx", "skipper", "traefik", "apisix",
        "osm", "kuma", "gatewayapi", "gatewayapi:v1", "gatewayapi:v1beta1", "smi", "smi:v1alpha1", "smi:v1alpha2", "smi:v1alpha3", "kubernetes",
    };

    private static readonly HashSet<string> DenyAtValues = new(StringComparer.Ordinal) { "error", "warning", "info", "none" };

    private static readonly HashSet<string> WarnAtValues = new(StringComparer.Ordinal) { "error", "warning", "info" };

    private static readonly HashSet<string> UpdatesValues = new(StringComparer.Ordinal) { "changes", "strict" };

    private static readonly HashSet<string> AuditReportsValues = new(StringComparer.Ordinal) { "policyreport", "openreports" };

    private static readonly HashSet<string> SuppressibleValues = new(StringComparer.Ordinal) { "all", "none" };

    public PolicyDraftValidator(IReadOnlySet<string> knownRuleIds)
    {
        var code = EngineDiagnostics.InvalidConfiguration.Id;
        RuleForEach(d => d.Rules).ChildRules(rule =>
        {
            rule.RuleFor(r => r.Value.Id).Must(knownRuleIds.Contains)
                .WithErrorCode(code).WithState(r => r.Node).WithMessage(r => $"unknown rule id '{r.Value.Id}' in 'rules'");
            rule.RuleFor(r => r.Value.Severity).Must(BeSeverity)
                .WithErrorCode(code).WithState(r => r.Node).WithMessage(r => $"'{r.Value.Severity}' is not a severity for {r.Value.Id}; use error, warning, info, hidden or none");
        });
        RuleForEach(d => d.Categories).ChildRules(category =>
        {
            category.RuleFor(c => c.Value.Category).Must(Categories.Contains)
                .WithErrorCode(code).WithState(c => c.Node).WithMessage(c => $"unknown category '{c.Value.Category}'; categories: {string.Join(", ", Categories)}");
            category.RuleFor(c => c.Value.Severity).Must(BeSeverity)
                .WithErrorCode(code).WithState(c => c.Node).WithMessage(c => $"'{c.Value.Severity}' is not a severity for category {c.Value.Category}; use error, warning, info, hidden or none");
        });
        RuleFor(d => d.MinAnalyses!.Value).InclusiveBetween(1, 1000).When(d => d.MinAnalyses is not null)
            .WithErrorCode(code).WithState(d => d.MinAnalyses!.Node).WithMessage("'analysis.minAnalyses' must be between 1 and 1000");
        foreach (var (name, select) in Durations())
        {
            RuleFor(d => select(d)!.Value).GreaterThan(TimeSpan.Zero).When(d => select(d) is not null)
                .WithErrorCode(code).WithState(d => select(d)!.Node).WithMessage($"'analysis.{name}' must be a positive duration");
        }

        RuleFor(d => d.MinAnalysisTime!.Value).LessThanOrEqualTo(d => d.MaxRolloutTime!.Value)
            .When(d => d.MinAnalysisTime is not null && d.MaxRolloutTime is not null)
            .WithErrorCode(code).WithState(d => d.MinAnalysisTime!.Node)
            .WithMessage("'analysis.minAnalysisTime' is longer than 'analysis.maxRolloutTime': no Canary could satisfy both");
        RuleFor(d => d.AdmissionDenyAt!.Value).Must(DenyAtValues.Contains).When(d => d.AdmissionDenyAt is not null)
            .WithErrorCode(code).WithState(d => d.AdmissionDenyAt!.Node)
            .WithMessage(d => $"'{d.AdmissionDenyAt!.Value}' is not a value for 'admission.denyAt'; use error, warning, info or none");
        RuleFor(d => d.AdmissionWarnAt!.Value).Must(WarnAtValues.Contains).When(d => d.AdmissionWarnAt is not null)
            .WithErrorCode(code).WithState(d => d.AdmissionWarnAt!.Node)
            .WithMessage(d => $"'{d.AdmissionWarnAt!.Value}' is not a value for 'admission.warnAt'; use error, warning or info");
        RuleFor(d => d.AdmissionUpdates!.Value).Must(UpdatesValues.Contains).When(d => d.AdmissionUpdates is not null)
            .WithErrorCode(code).WithState(d => d.AdmissionUpdates!.Node)
            .WithMessage(d => $"'{d.AdmissionUpdates!.Value}' is not a value for 'admission.updates'; use changes or strict");
        RuleFor(d => d.AdmissionSuppressible!.Value).Must(SuppressibleValues.Contains).When(d => d.AdmissionSuppressible is not null)
            .WithErrorCode(code).WithState(d => d.AdmissionSuppressible!.Node)
            .WithMessage(d => $"'{d.AdmissionSuppressible!.Value}' is not a value for 'admission.annotationSuppressions'; use all, none or a list of rule ids");
        RuleForEach(d => d.AdmissionSuppressibleIds!.Value).Must(knownRuleIds.Contains).When(d => d.AdmissionSuppressibleIds is not null)
            .WithErrorCode(code).WithState(d => d.AdmissionSuppressibleIds!.Node)
            .WithMessage((_, id) => $"unknown rule id '{id}' in 'admission.annotationSuppressions'");
        RuleFor(d => d.MeshProvider!.Value).Must(Providers.Contains).When(d => d.MeshProvider is not null)
            .WithErrorCode(code).WithState(d => d.MeshProvider!.Node)
            .WithMessage(d => $"unknown meshProvider '{d.MeshProvider!.Value}'; Flagger's providers: {string.Join(", ", Providers)}");
        RuleFor(d => d.SelectorLabels!.Value).NotEmpty().When(d => d.SelectorLabels is not null)
            .WithErrorCode(code).WithState(d => d.SelectorLabels!.Node).WithMessage("'selectorLabels' must name at least one label");
        RuleFor(d => d.DefaultNamespace!.Value).Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$").When(d => d.DefaultNamespace is not null)
            .WithErrorCode(code).WithState(d => d.DefaultNamespace!.Node).WithMessage("'defaultNamespace' must be a valid namespace name");
        RuleFor(d => d.KubernetesVersion!.Value).Must(v => KubernetesVersions.TryParse(v, out _)).When(d => d.KubernetesVersion is not null)
            .WithErrorCode(code).WithState(d => d.KubernetesVersion!.Node)
            .WithMessage(d => $"'kubernetesVersion' must be a Kubernetes release such as \"1.29\" (major.minor), not '{d.KubernetesVersion!.Value}'");
        RuleFor(d => d.RequireCanary!.Value).NotEmpty().When(d => d.RequireCanary is not null)
            .WithErrorCode(code).WithState(d => d.RequireCanary!.Node).WithMessage("'requireCanary.matchLabels' must name at least one label: an empty selector would require a Canary for every workload");
        RuleFor(d => d.AuditReports!.Value).Must(AuditReportsValues.Contains).When(d => d.AuditReports is not null)
            .WithErrorCode(code).WithState(d => d.AuditReports!.Node)
            .WithMessage(d => $"'{d.AuditReports!.Value}' is not a value for 'audit.reports'; use policyreport or openreports");
        RuleFor(d => d.PrometheusAddress!.Value).Must(BeHttpUrl).When(d => d.PrometheusAddress is not null)
            .WithErrorCode(code).WithState(d => d.PrometheusAddress!.Node)
            .WithMessage(d => $"'prometheus.address' must be an http or https URL such as http://prometheus.monitoring:9090, not '{d.PrometheusAddress!.Value}'");
        RuleFor(d => d.CanaryTemplate).SetValidator(new CanaryTemplateDraftValidator()!).When(d => d.CanaryTemplate is not null);
    }

    private static bool BeHttpUrl(string text) => Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    private static bool BeSeverity(string text) => DiagnosticSeverityText.TryParse(text, out _);

    private static IEnumerable<(string Name, Func<PolicyDraft, PolicyValue<TimeSpan>?> Select)> Durations() =>
    [
        ("minAnalysisTime", d => d.MinAnalysisTime),
        ("maxRolloutTime", d => d.MaxRolloutTime),
        ("maxTimeToRollback", d => d.MaxTimeToRollback),
        ("scrapeInterval", d => d.ScrapeInterval),
    ];
}
