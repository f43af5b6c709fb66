using System.Globalization;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.PromQL;
using CanaryGuard.Rules.Templates;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Prometheus;

public enum VerificationOutcome
{
    /// <summary>One number, within the threshold.</summary>
    Passes,

    /// <summary>One number, outside the threshold: for the primary, every release would be rolled back.</summary>
    FailsThreshold,

    /// <summary>No series: Flagger's "no values found", the check fails.</summary>
    NoData,

    /// <summary>NaN (0/0 without traffic): Flagger compares it with nothing and the check fails.</summary>
    NotANumber,

    /// <summary>Several series: Flagger keeps the last one.</summary>
    SeveralSeries,

    /// <summary>Prometheus rejected the query, or the template does not render.</summary>
    QueryError,

    /// <summary>Prometheus could not be reached or did not answer in time.</summary>
    Unreachable,

    /// <summary>Another provider, or no address to ask.</summary>
    NotVerified,
}

/// <summary>
/// What one metric of one Canary returns now, for the primary or the canary workload, and where the query Prometheus
/// ran is written: <see cref="Owner"/> holds <see cref="At"/> (a MetricTemplate's query, an inline query, or the
/// metric's name for a builtin check); <see cref="Within"/> narrows it to the selector that matched nothing.
/// </summary>
public sealed record MetricVerification(string Canary, string Metric, string Workload, VerificationOutcome Outcome, string Detail)
{
    /// <summary>The Canary the check belongs to: its <c>canaryguard.io/suppress</c> annotation applies.</summary>
    public required KubernetesResource Subject { get; init; }

    public required KubernetesResource Owner { get; init; }

    public required ManifestNode At { get; init; }

    public SourceSpan? Within { get; init; }

    public DiagnosticDescriptor Descriptor => Outcome switch
    {
        VerificationOutcome.Passes => VerificationDiagnostics.Passes,
        VerificationOutcome.FailsThreshold => Workload == MetricVerifier.Primary ? VerificationDiagnostics.PrimaryFailsThreshold : VerificationDiagnostics.CanaryFailsThreshold,
        VerificationOutcome.NoData => VerificationDiagnostics.NoData,
        VerificationOutcome.NotANumber => VerificationDiagnostics.NotANumber,
        VerificationOutcome.SeveralSeries => VerificationDiagnostics.SeveralSeries,
        VerificationOutcome.QueryError => VerificationDiagnostics.QueryRejected,
        VerificationOutcome.Unreachable => VerificationDiagnostics.PrometheusUnreachable,
        _ => VerificationDiagnostics.NotVerified,
    };

    /// <summary>The outcome as a finding at the query, at its descriptor's default severity (configuration comes after).</summary>
    public Diagnostic ToDiagnostic()
    {
        var descriptor = Descriptor;
        object?[] arguments = [Canary, Metric, Workload, Detail];
        var span = Within ?? At.Location;
        return new Diagnostic
        {
            Descriptor = descriptor,
            Severity = descriptor.DefaultSeverity,
            Message = string.Format(CultureInfo.InvariantCulture, descriptor.MessageFormat, arguments),
            File = span?.File ?? Owner.File.Path,
            Span = span,
            Path = At.Path,
            Resource = ResourceIdentity.Of(Owner),
            MessageArguments = arguments,
        };
    }
}

/// <summary>
/// Runs every metric of every Canary against a real Prometheus the way Flagger will: MetricTemplate queries rendered
/// with the Canary's data (for the primary, its target and Service are the -primary ones Flagger creates), inline
/// queries as written, and the builtin Istio checks; each as an instant query, judged against its threshold.
/// </summary>
public sealed class MetricVerifier(PrometheusClient client, Uri? overrideAddress)
{
    public const string Primary = "primary";

    public const string CanaryWorkload = "canary";

    /// <summary>How many checks run at once.</summary>
    private const int ConcurrentQueries = 8;

    /// <summary>How far back the series look-ups search for the label values that exist.</summary>
    private static readonly TimeSpan LookBack = TimeSpan.FromHours(6);

    /// <summary>
    /// Every metric of every Canary among <paramref name="resources"/>, for the primary and the canary; the
    /// MetricTemplates they name are found with <paramref name="templates"/> (the inputs, or the cluster).
    /// </summary>
    public async Task<IReadOnlyList<MetricVerification>> VerifyAsync(IReadOnlyList<KubernetesResource> resources, IResourceLookup templates, string defaultNamespace, CancellationToken cancellation = default)
    {
        var checks = new List<(CanaryView Canary, string Namespace, MetricView Metric, string Workload)>();
        foreach (var resource in resources.Where(CanaryView.IsCanary))
        {
            var canary = CanaryView.From(resource)!;
            var ns = resource.DeclaredNamespace ?? defaultNamespace;
            foreach (var metric in canary.Analysis?.Metrics ?? [])
            {
                checks.Add((canary, ns, metric, Primary));
                checks.Add((canary, ns, metric, CanaryWorkload));
            }
        }

        // A few at a time: the webhook's budget is short, and a large repository must not flood Prometheus.
        var results = new MetricVerification[checks.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, checks.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ConcurrentQueries, CancellationToken = cancellation },
            async (i, token) => results[i] = await VerifyAsync(templates, checks[i].Canary, checks[i].Namespace, checks[i].Metric, checks[i].Workload, token));
        return results;
    }

    private async Task<MetricVerification> VerifyAsync(IResourceLookup templates, CanaryView canary, string ns, MetricView metric, string workload, CancellationToken cancellation)
    {
        var name = $"{ns}/{canary.Resource.Name}";
        var metricName = metric.Name ?? "(unnamed)";
        var data = FlaggerTemplateData.For(canary, ns, metric, primary: workload == Primary);
        var source = QueryOf(templates, canary, ns, metric, data);
        MetricVerification Result(VerificationOutcome outcome, string detail, SourceSpan? within = null) =>
            new(name, metricName, workload, outcome, detail) { Subject = canary.Resource, Owner = source.Owner, At = source.At, Within = within };

        if (source.NotVerified is { } problem)
        {
            return Result(VerificationOutcome.NotVerified, problem);
        }

        var query = source.Query!;
        if (query.Rendered?.Error is { } renderError)
        {
            return Result(VerificationOutcome.QueryError, $"Flagger cannot render the template: {renderError.Message}", within: query.LocateInTemplate(renderError.Start, renderError.End));
        }

        var server = overrideAddress ?? source.Address;
        if (server is null)
        {
            return Result(VerificationOutcome.NotVerified, "no Prometheus address: give --prometheus");
        }

        var answer = await client.QueryAsync(server, query.Text, cancellation);
        if (answer.Error is { } error)
        {
            return Result(error.StartsWith("Prometheus answered", StringComparison.Ordinal) ? VerificationOutcome.QueryError : VerificationOutcome.Unreachable, error);
        }

        if (answer.Series.Count == 0)
        {
            var (detail, selector) = await NoDataDetailAsync(server, query, cancellation);
            return Result(VerificationOutcome.NoData, detail, within: selector is null ? null : query.Locate(selector.Span));
        }

        if (answer.Series.Count > 1)
        {
            return Result(VerificationOutcome.SeveralSeries, $"{answer.Series.Count} series; Flagger keeps the last one ({Format(answer.Series[^1].Value)})");
        }

        var value = answer.Series[0].Value;
        if (double.IsNaN(value))
        {
            return Result(VerificationOutcome.NotANumber, "the query returns NaN (a division by zero: no traffic in the window?)");
        }

        return Threshold(metric) is { } bound && bound.Fails(value)
            ? Result(VerificationOutcome.FailsThreshold, $"{Format(value)} is {bound.Describe()}")
            : Result(VerificationOutcome.Passes, $"{Format(value)}{(Threshold(metric) is { } passed ? " is within " + passed.Range() : string.Empty)}");
    }

    /// <summary>
    /// The query to run, where, and where it is written: the MetricTemplate's (and its address), the inline one, or
    /// the builtin Istio one (written nowhere: the metric's name stands for it); or why it is not verified.
    /// </summary>
    private static QuerySource QueryOf(IResourceLookup templates, CanaryView canary, string ns, MetricView metric, FlaggerTemplateData data)
    {
        var metricsServer = Address(canary.Spec.String("metricsServer"));
        ManifestNode metricName = metric.Node.Scalar("name") ?? (ManifestNode)metric.Node;
        if (metric.TemplateRef is { } templateRef)
        {
            var templateName = templateRef.String("name");
            var templateNamespace = templateRef.String("namespace") ?? ns;
            var template = templateName is null ? null : templates.Find(MetricTemplateView.Group, MetricTemplateView.KindName, templateNamespace, templateName) is { } found ? MetricTemplateView.From(found) : null;
            if (template is null)
            {
                return new QuerySource(canary.Resource, templateRef, NotVerified: $"MetricTemplate {templateNamespace}/{templateName} was not found");
            }

            if (template.ProviderType != "prometheus" || template.Query is not { IsNull: false } templateQuery)
            {
                return new QuerySource(template.Resource, (ManifestNode?)template.Provider ?? templateRef, NotVerified: $"provider {template.ProviderType ?? "(none)"} is not verified: only Prometheus is");
            }

            return new QuerySource(template.Resource, templateQuery, MetricQuery.FromTemplate(templateQuery, data), Address(template.Provider?.String("address")));
        }

        if (metric.Query is { IsNull: false } inline)
        {
            return new QuerySource(canary.Resource, inline, MetricQuery.Inline(inline), metricsServer);
        }

        return BuiltinQueries.For(metric.Name, canary.Provider) is { } builtin
            ? new QuerySource(canary.Resource, metricName, MetricQuery.FromTemplate(builtin, data), metricsServer)
            : new QuerySource(canary.Resource, metricName, NotVerified: $"builtin metric {metric.Name} of provider {canary.Provider ?? "istio"} is not verified: only Istio's builtin queries are known");
    }

    private sealed record QuerySource(KubernetesResource Owner, ManifestNode At, MetricQuery? Query = null, Uri? Address = null, string? NotVerified = null);

    /// <summary>For a query without data: the first selector that matches no series, and the values its labels do have.</summary>
    private async Task<(string Detail, VectorSelector? Selector)> NoDataDetailAsync(Uri server, MetricQuery query, CancellationToken cancellation)
    {
        if (query.Expression is not { } expression)
        {
            return ("no series", null);
        }

        foreach (var (selector, _) in QueryFacts.Selectors(expression))
        {
            var text = query.Text[selector.Span.Start..selector.Span.End];
            var (matched, _) = await client.SeriesAsync(server, SelectorOnly(selector, text), LookBack, cancellation);
            if (matched is not { Count: 0 })
            {
                continue;
            }

            var detail = $"{text} matches no series";
            if (selector.MetricName is not { } metricName)
            {
                return (detail, selector);
            }

            var (all, _) = await client.SeriesAsync(server, metricName, LookBack, cancellation);
            if (all is not { Count: > 0 })
            {
                return ($"{detail}; no series of {metricName} exist at all", selector);
            }

            var existing = selector.Matchers
                .Where(m => m.Name != "__name__")
                .Select(m => $"{m.Name} has {Values(all, m.Name)}");
            return ($"{detail}; {string.Join("; ", existing)}", selector);
        }

        return ("the selectors match series, but the query's result is empty (its operands share no labels, or the window holds too few samples)", null);
    }

    /// <summary>The selector without its offset or @ (the series API takes plain selectors).</summary>
    private static string SelectorOnly(VectorSelector selector, string text) =>
        selector.Offset is null && !selector.HasAt ? text : (selector.MetricName ?? string.Empty) + "{" + string.Join(",", selector.Matchers.Select(m => $"{m.Name}{m.OperatorText}\"{m.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"")) + "}";

    private static string Values(IReadOnlyList<IReadOnlyDictionary<string, string>> series, string label)
    {
        var values = series.Select(s => s.GetValueOrDefault(label)).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return values.Count == 0 ? "no values" : string.Join(", ", values.Take(10)) + (values.Count > 10 ? $" (and {values.Count - 10} more)" : string.Empty);
    }

    private static Uri? Address(string? address) => Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;

    private static ThresholdBound? Threshold(MetricView metric)
    {
        if (metric.ThresholdRange is { } range)
        {
            var min = range.Scalar("min") is { } minNode && minNode.TryGetDouble(out var m) ? m : (double?)null;
            var max = range.Scalar("max") is { } maxNode && maxNode.TryGetDouble(out var x) ? x : (double?)null;
            return min is null && max is null ? null : new ThresholdBound(min, max);
        }

        // The deprecated threshold is the success rate's minimum and every other metric's maximum.
        return metric.Threshold is { } threshold && threshold.TryGetDouble(out var value)
            ? metric.Name == "request-success-rate" ? new ThresholdBound(value, null) : new ThresholdBound(null, value)
            : null;
    }

    internal static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private sealed record ThresholdBound(double? Min, double? Max)
    {
        public bool Fails(double value) => value < Min || value > Max;

        public string Describe() => Min is { } min && Max is { } max ? $"outside [{Format(min)}, {Format(max)}]" : Min is { } m ? $"below the minimum {Format(m)}" : $"above the maximum {Format(Max!.Value)}";

        public string Range() => Min is { } min && Max is { } max ? $"[{Format(min)}, {Format(max)}]" : Min is { } m ? $"the minimum {Format(m)}" : $"the maximum {Format(Max!.Value)}";
    }
}
