using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Reports;

namespace CanaryGuard.Rules.Policy;

/// <summary>A policy entry as written: its parsed value and the node it came from, for locating problems.</summary>
internal sealed record PolicyValue<T>(T Value, ManifestNode Node);

/// <summary>The policy file read into typed values, before validation decides which of them stand.</summary>
internal sealed class PolicyDraft
{
    private static readonly HashSet<string> TopLevelKeys = new(StringComparer.Ordinal)
    {
        "rules", "categories", "analysis", "meshProvider", "selectorLabels", "exclude", "defaultNamespace", "kubernetesVersion",
        "complete", "namespaces", "baseline", "admission", "canaryTemplate", "requireCanary", "prometheus",
        "audit",
    };

    private static readonly HashSet<string> AnalysisKeys = new(StringComparer.Ordinal)
    {
        "minAnalyses", "minAnalysisTime", "maxRolloutTime", "maxTimeToRollback", "scrapeInterval", "requiredMetrics",
    };

    private readonly HashSet<ManifestNode> discarded = [];

    public List<PolicyValue<(string Id, string Severity)>> Rules { get; } = [];

    public List<PolicyValue<(string Category, string Severity)>> Categories { get; } = [];

    public PolicyValue<long>? MinAnalyses { get; private set; }

    public PolicyValue<TimeSpan>? MinAnalysisTime { get; private set; }

    public PolicyValue<TimeSpan>? MaxRolloutTime { get; private set; }

    public PolicyValue<TimeSpan>? MaxTimeToRollback { get; private set; }

    public PolicyValue<TimeSpan>? ScrapeInterval { get; private set; }

    public PolicyValue<List<string>>? RequiredMetrics { get; private set; }

    public PolicyValue<string>? MeshProvider { get; private set; }

    public PolicyValue<List<string>>? SelectorLabels { get; private set; }

    public PolicyValue<List<string>>? Exclude { get; private set; }

    public PolicyValue<string>? DefaultNamespace { get; private set; }

    public PolicyValue<string>? KubernetesVersion { get; private set; }

    public PolicyValue<bool>? Complete { get; private set; }

    public PolicyValue<string>? AdmissionDenyAt { get; private set; }

    public PolicyValue<string>? AdmissionWarnAt { get; private set; }

    public PolicyValue<string>? AdmissionUpdates { get; private set; }

    public PolicyValue<string>? PrometheusAddress { get; private set; }

    public PolicyValue<string>? AuditReports { get; private set; }

    /// <summary><c>all</c> or <c>none</c>, or the ids as a list (then <see cref="AdmissionSuppressibleIds"/>).</summary>
    public PolicyValue<string>? AdmissionSuppressible { get; private set; }

    public PolicyValue<List<string>>? AdmissionSuppressibleIds { get; private set; }

    public List<PolicyValue<(string Namespace, Dictionary<string, string> Labels)>> Namespaces { get; } = [];

    public PolicyValue<string>? Baseline { get; private set; }

    public PolicyValue<Dictionary<string, string>>? RequireCanary { get; private set; }

    public CanaryTemplateDraft? CanaryTemplate { get; private set; }

    public static PolicyDraft Read(MappingNode root, List<Diagnostic> problems, string file)
    {
        var draft = new PolicyDraft();
        var reader = new EntryReader(problems, file);
        foreach (var (key, value) in root.Entries)
        {
            switch (key.Value)
            {
                case "rules":
                    draft.Rules.AddRange(reader.SeverityMap(value, "rules"));
                    break;
                case "categories":
                    draft.Categories.AddRange(reader.SeverityMap(value, "categories"));
                    break;
                case "analysis":
                    draft.ReadAnalysis(value, reader);
                    break;
                case "admission":
                    draft.ReadAdmission(value, reader);
                    break;
                case "prometheus":
                    draft.ReadPrometheus(value, reader);
                    break;
                case "audit":
                    draft.ReadAudit(value, reader);
                    break;
                case "meshProvider":
                    draft.MeshProvider = reader.String(value);
                    break;
                case "selectorLabels":
                    draft.SelectorLabels = reader.StringList(value);
                    break;
                case "exclude":
                    draft.Exclude = reader.StringList(value);
                    break;
                case "defaultNamespace":
                    draft.DefaultNamespace = reader.String(value);
                    break;
                case "kubernetesVersion":
                    draft.KubernetesVersion = reader.String(value);
                    break;
                case "complete":
                    draft.Complete = reader.Bool(value);
                    break;
                case "namespaces":
                    draft.Namespaces.AddRange(reader.NamespaceLabels(value));
                    break;
                case "baseline":
                    draft.Baseline = reader.String(value);
                    break;
                case "requireCanary":
                    draft.RequireCanary = reader.MatchLabels(value, "requireCanary");
                    break;
                case "canaryTemplate":
                    draft.CanaryTemplate = CanaryTemplateDraft.Read(value, reader);
                    break;
                default:
                    if (!TopLevelKeys.Contains(key.Value))
                    {
                        reader.Unknown(key, $"unknown policy setting '{key.Value}'; known settings: {string.Join(", ", TopLevelKeys.Order(StringComparer.Ordinal))}");
                    }

                    break;
            }
        }

        return draft;
    }

    public void Discard(ManifestNode? node)
    {
        if (node is not null)
        {
            discarded.Add(node);
        }
    }

    public CanaryGuardPolicy ToPolicy(string sourcePath)
    {
        var defaults = CanaryGuardPolicy.Default;
        var analysis = defaults.Analysis;
        return defaults with
        {
            SourcePath = sourcePath,
            RuleSeverities = Kept(Rules).ToDictionary(r => r.Id, r => Severity(r.Severity), StringComparer.Ordinal),
            CategorySeverities = Kept(Categories).ToDictionary(c => c.Category, c => Severity(c.Severity), StringComparer.Ordinal),
            Analysis = analysis with
            {
                MinAnalyses = (int)Kept(MinAnalyses, analysis.MinAnalyses),
                MinAnalysisTime = Kept(MinAnalysisTime, analysis.MinAnalysisTime),
                MaxRolloutTime = Kept(MaxRolloutTime, analysis.MaxRolloutTime),
                MaxTimeToRollback = Kept(MaxTimeToRollback, analysis.MaxTimeToRollback),
                ScrapeInterval = Kept(ScrapeInterval, analysis.ScrapeInterval),
                RequiredMetrics = Kept(RequiredMetrics, [.. analysis.RequiredMetrics]),
            },
            Admission = defaults.Admission with
            {
                DenyAt = Severity(Kept(AdmissionDenyAt, defaults.Admission.DenyAt.ToText())),
                WarnAt = Severity(Kept(AdmissionWarnAt, defaults.Admission.WarnAt.ToText())),
                Updates = Kept(AdmissionUpdates, "changes") == "strict" ? UpdateJudgement.Strict : defaults.Admission.Updates,
                AnnotationSuppressions = AnnotationSuppressions(defaults.Admission.AnnotationSuppressions),
            },
            MeshProvider = Kept(MeshProvider, defaults.MeshProvider),
            SelectorLabels = Kept(SelectorLabels, [.. defaults.SelectorLabels]),
            Exclude = Kept(Exclude, [.. defaults.Exclude]),
            DefaultNamespace = Kept(DefaultNamespace, defaults.DefaultNamespace),
            KubernetesVersion = KubernetesVersion is not null && !discarded.Contains(KubernetesVersion.Node) && KubernetesVersions.TryParse(KubernetesVersion.Value, out var version)
                ? version
                : defaults.KubernetesVersion,
            Complete = Kept(Complete, defaults.Complete),
            Audit = new AuditPolicy { Reports = Kept(AuditReports, "policyreport") == "openreports" ? PolicyReportApi.OpenReports : defaults.Audit.Reports },
            PrometheusAddress = PrometheusAddress is not null && !discarded.Contains(PrometheusAddress.Node) ? new Uri(PrometheusAddress.Value) : defaults.PrometheusAddress,
            RequireCanary = Kept(RequireCanary, new Dictionary<string, string>(StringComparer.Ordinal)),
            NamespaceLabels = Kept(Namespaces).ToDictionary(n => n.Namespace, n => (IReadOnlyDictionary<string, string>)n.Labels, StringComparer.Ordinal),
            Baseline = Baseline is not null && !discarded.Contains(Baseline.Node) ? Baseline.Value : defaults.Baseline,
            CanaryTemplate = CanaryTemplate?.ToPolicy(discarded) ?? defaults.CanaryTemplate,
        };
    }

    /// <summary>
    /// A value that is reported as wrong (an unknown id in the list, a word other than all or none) allows no
    /// suppression at all: a typo must not open every rule to self-exemption.
    /// </summary>
    private IReadOnlySet<string>? AnnotationSuppressions(IReadOnlySet<string>? fallback)
    {
        var none = new HashSet<string>(StringComparer.Ordinal);
        if (AdmissionSuppressibleIds is { } list)
        {
            return discarded.Contains(list.Node) ? none : list.Value.ToHashSet(StringComparer.Ordinal);
        }

        if (AdmissionSuppressible is { } word)
        {
            return discarded.Contains(word.Node) || word.Value == "none" ? none : fallback;
        }

        return fallback;
    }

    private static DiagnosticSeverity Severity(string text) =>
        DiagnosticSeverityText.TryParse(text, out var severity) ? severity : DiagnosticSeverity.None;

    private void ReadAnalysis(ManifestNode value, EntryReader reader)
    {
        if (reader.Mapping(value, "analysis") is not { } analysis)
        {
            return;
        }

        foreach (var (key, entry) in analysis.Entries)
        {
            switch (key.Value)
            {
                case "minAnalyses":
                    MinAnalyses = reader.Integer(entry);
                    break;
                case "minAnalysisTime":
                    MinAnalysisTime = reader.Duration(entry);
                    break;
                case "maxRolloutTime":
                    MaxRolloutTime = reader.Duration(entry);
                    break;
                case "maxTimeToRollback":
                    MaxTimeToRollback = reader.Duration(entry);
                    break;
                case "scrapeInterval":
                    ScrapeInterval = reader.Duration(entry);
                    break;
                case "requiredMetrics":
                    RequiredMetrics = reader.StringList(entry);
                    break;
                default:
                    reader.Unknown(key, $"unknown setting 'analysis.{key.Value}'; known settings: {string.Join(", ", AnalysisKeys.Order(StringComparer.Ordinal))}");
                    break;
            }
        }
    }

    private void ReadAdmission(ManifestNode value, EntryReader reader)
    {
        if (reader.Mapping(value, "admission") is not { } admission)
        {
            return;
        }

        foreach (var (key, entry) in admission.Entries)
        {
            switch (key.Value)
            {
                case "denyAt":
                    AdmissionDenyAt = reader.String(entry);
                    break;
                case "warnAt":
                    AdmissionWarnAt = reader.String(entry);
                    break;
                case "updates":
                    AdmissionUpdates = reader.String(entry);
                    break;
                case "annotationSuppressions" when entry is SequenceNode:
                    AdmissionSuppressibleIds = reader.StringList(entry);
                    break;
                case "annotationSuppressions":
                    AdmissionSuppressible = reader.String(entry);
                    break;
                default:
                    reader.Unknown(key, $"unknown setting 'admission.{key.Value}'; known settings: annotationSuppressions, denyAt, updates, warnAt");
                    break;
            }
        }
    }

    private void ReadAudit(ManifestNode value, EntryReader reader) =>
        AuditReports = ReadOnlySetting(value, reader, "audit", "reports") ?? AuditReports;

    private void ReadPrometheus(ManifestNode value, EntryReader reader) =>
        PrometheusAddress = ReadOnlySetting(value, reader, "prometheus", "address") ?? PrometheusAddress;

    /// <summary>A section with one string setting (<c>audit.reports</c>, <c>prometheus.address</c>): its value, if given.</summary>
    private static PolicyValue<string>? ReadOnlySetting(ManifestNode value, EntryReader reader, string section, string setting)
    {
        if (reader.Mapping(value, section) is not { } mapping)
        {
            return null;
        }

        PolicyValue<string>? found = null;
        foreach (var (key, entry) in mapping.Entries)
        {
            if (key.Value == setting)
            {
                found = reader.String(entry);
            }
            else
            {
                reader.Unknown(key, $"unknown setting '{section}.{key.Value}'; known settings: {setting}");
            }
        }

        return found;
    }

    private IEnumerable<T> Kept<T>(IEnumerable<PolicyValue<T>> values) =>
        values.Where(v => !discarded.Contains(v.Node)).Select(v => v.Value);

    private T Kept<T>(PolicyValue<T>? value, T fallback) =>
        value is not null && !discarded.Contains(value.Node) ? value.Value : fallback;
}
