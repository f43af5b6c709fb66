using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Reports;

namespace CanaryGuard.Rules.Policy;

/// <summary>The thresholds analysis rules judge a Canary against (<c>analysis:</c> in the policy file).</summary>
public sealed record AnalysisPolicy
{
    public int MinAnalyses { get; init; } = 3;

    public TimeSpan MinAnalysisTime { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan MaxRolloutTime { get; init; } = TimeSpan.FromMinutes(60);

    public TimeSpan MaxTimeToRollback { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Prometheus' scrape interval: a metric window must hold at least two samples.</summary>
    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(15);

    public IReadOnlyList<string> RequiredMetrics { get; init; } = [BuiltinMetrics.RequestSuccessRate, BuiltinMetrics.RequestDuration];
}

/// <summary>How the admission webhook turns findings into decisions (<c>admission:</c> in the policy file).</summary>
public sealed record AdmissionPolicy
{
    /// <summary>Findings at or above this severity deny the request; lower ones become warnings. None is audit mode.</summary>
    public DiagnosticSeverity DenyAt { get; init; } = DiagnosticSeverity.Error;

    /// <summary>Findings below this severity are not sent back as warnings (they stay in the log).</summary>
    public DiagnosticSeverity WarnAt { get; init; } = DiagnosticSeverity.Warning;

    /// <summary>How an UPDATE is judged: by what it changes (the default), or as a new object.</summary>
    public UpdateJudgement Updates { get; init; } = UpdateJudgement.Changes;

    /// <summary>
    /// The ids a <c>canaryguard.io/suppress</c> annotation may silence in the cluster; null allows every id, empty
    /// none. A platform team keeps the rules that matter out of a team's reach.
    /// </summary>
    public IReadOnlySet<string>? AnnotationSuppressions { get; init; }
}

/// <summary>What the webhook's background audit writes (<c>audit:</c> in the policy file).</summary>
public sealed record AuditPolicy
{
    /// <summary>The report API: the wgpolicyk8s.io PolicyReport (<c>policyreport</c>, the default) or the OpenReports Report (<c>openreports</c>).</summary>
    public PolicyReportApi Reports { get; init; } = PolicyReportApi.WgPolicy;
}

/// <summary>How the webhook judges an UPDATE (<c>admission.updates</c>).</summary>
public enum UpdateJudgement
{
    /// <summary>Only findings the old object did not have deny; the others, and any metadata-only update, are warnings.</summary>
    Changes,

    /// <summary>Every finding at or above denyAt denies, as on CREATE; metadata-only and status-only updates still pass.</summary>
    Strict,
}

/// <summary>The names of Flagger's builtin metrics.</summary>
public static class BuiltinMetrics
{
    public const string RequestSuccessRate = "request-success-rate";
    public const string RequestDuration = "request-duration";

    private static readonly Dictionary<string, string[]> NameKeywords = new(StringComparer.Ordinal)
    {
        [RequestSuccessRate] = ["error", "success"],
        [RequestDuration] = ["latency", "duration"],
    };

    /// <summary>
    /// Whether a custom metric's or template's <paramref name="name"/> says it checks what the builtin
    /// <paramref name="builtin"/> checks: "error" or "success" for the success rate, "latency" or "duration" for the duration.
    /// </summary>
    public static bool NameClaims(string name, string builtin) =>
        NameKeywords.TryGetValue(builtin, out var keywords) && keywords.Any(k => name.Contains(k, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// The policy (<c>.canaryguard.yaml</c>, or the webhook's mounted ConfigMap): severities and the thresholds
/// rules read. Immutable; the defaults are what a project with no policy file gets.
/// </summary>
public sealed record CanaryGuardPolicy
{
    public static CanaryGuardPolicy Default { get; } = new();

    /// <summary>The file it was read from, or null for the built-in default.</summary>
    public string? SourcePath { get; init; }

    public IReadOnlyDictionary<string, DiagnosticSeverity> RuleSeverities { get; init; } = new Dictionary<string, DiagnosticSeverity>();

    public IReadOnlyDictionary<string, DiagnosticSeverity> CategorySeverities { get; init; } = new Dictionary<string, DiagnosticSeverity>();

    public AnalysisPolicy Analysis { get; init; } = new();

    public AdmissionPolicy Admission { get; init; } = new();

    public AuditPolicy Audit { get; init; } = new();

    /// <summary>The provider of a Canary that sets none, as Flagger's <c>-mesh-provider</c> flag.</summary>
    public string MeshProvider { get; init; } = "istio";

    public IReadOnlyList<string> SelectorLabels { get; init; } = ["app", "name", "app.kubernetes.io/name"];

    /// <summary>Globs (relative to the policy file's folder) of files the linter skips.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    public string DefaultNamespace { get; init; } = "default";

    /// <summary>
    /// The Kubernetes version the manifests are applied to (<c>kubernetesVersion: "1.24"</c>): API versions removed
    /// after it are still served there. Null (the default) judges against current Kubernetes, where every removal applies.
    /// </summary>
    public Version? KubernetesVersion { get; init; }

    /// <summary>True when the linted set is the whole application, so a missing reference is really missing.</summary>
    public bool Complete { get; init; }

    /// <summary>Labels of namespaces that are not in the linted set (<c>namespaces: { shop: { labels: … } }</c>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> NamespaceLabels { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>A baseline file (<c>baseline:</c>, relative to the policy file's folder) whose findings are hidden.</summary>
    public string? Baseline { get; init; }

    /// <summary>
    /// <c>requireCanary: { matchLabels: { tier: web } }</c>: Deployments and DaemonSets whose own labels include all of
    /// these must have a Canary (CG4001). Empty (the default) requires none.
    /// </summary>
    public IReadOnlyDictionary<string, string> RequireCanary { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// <c>prometheus: { address: URL }</c>: the admission webhook runs every metric check of a Canary it reviews against
    /// this Prometheus, within the look-up budget, and returns what it finds as warnings. Null (the default): no live check.
    /// </summary>
    public Uri? PrometheusAddress { get; init; }

    /// <summary>What generated Canaries contain (<c>canaryTemplate:</c>).</summary>
    public CanaryTemplatePolicy CanaryTemplate { get; init; } = new();

    /// <summary>The severity a finding of this descriptor gets: an id setting beats a category setting beats the rule's own.</summary>
    public DiagnosticSeverity EffectiveSeverity(DiagnosticDescriptor descriptor, DiagnosticSeverity reported)
    {
        if (!descriptor.IsConfigurable)
        {
            return reported;
        }

        if (RuleSeverities.TryGetValue(descriptor.Id, out var byId))
        {
            return byId;
        }

        if (CategorySeverities.TryGetValue(descriptor.Category, out var byCategory))
        {
            return byCategory;
        }

        return descriptor.IsEnabledByDefault ? reported : DiagnosticSeverity.None;
    }

    /// <summary>Whether a rule needs to run at all: false when every id it reports is configured off.</summary>
    public bool IsEnabled(DiagnosticDescriptor descriptor) =>
        EffectiveSeverity(descriptor, descriptor.DefaultSeverity) != DiagnosticSeverity.None;
}
