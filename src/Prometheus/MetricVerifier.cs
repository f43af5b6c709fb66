using System.Globalization;
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

/// <summary>What one metric of one Canary returns now, for the primary or the canary workload.</summary>
public sealed record MetricVerification(string Canary, string Metric, string Workload, VerificationOutcome Outcome, double? Value, string Detail, string? Query)
{
    public bool IsProblem => Outcome is not (VerificationOutcome.Passes or VerificationOutcome.NotVerified) && !(Outcome == VerificationOutcome.FailsThreshold && Workload == "canary");
}

/// <summary>
/// Runs every metric of every Canary against a real Prometheus the way Flagger will: MetricTemplate queries rendered
/// with the Canary's data (for the primary, its target and Service are the -primary ones Flagger creates), inline
/// queries as written, and the builtin Istio checks; each as an instant query, judged against its threshold.
/// </summary>
public sealed class MetricVerifier(PrometheusClient client, Uri? overrideAddress)
{
    /// <summary>How far back the series look-ups search for the label values that exist.</summary>
    private static readonly TimeSpan LookBack = TimeSpan.FromHours(6);

    public async Task<IReadOnlyList<MetricVerification>> VerifyAsync(IReadOnlyList<KubernetesResource> resources, string defaultNamespace, CancellationToken cancellation = default)
    {
        var results = new List<MetricVerification>();
        foreach (var resource in resources.Where(CanaryView.IsCanary))
        {
            var canary = CanaryView.From(resource)!;
            var ns = resource.DeclaredNamespace ?? defaultNamespace;
            foreach (var metric in canary.Analysis?.Metrics ?? [])
            {
                foreach (var workload in new[] { "primary", "canary" })
                {
                    results.Add(await VerifyAsync(resources, canary, ns, metric, workload, cancellation));
                }
            }
        }

        return results;
    }

    private async Task<MetricVerification> VerifyAsync(IReadOnlyList<KubernetesResource> resources, CanaryView canary, string ns, MetricView metric, string workload, CancellationToken cancellation)
    {
        var name = $"{ns}/{canary.Resource.Name}";
        var metricName = metric.Name ?? "(unnamed)";
        MetricVerification Result(VerificationOutcome outcome, string detail, string? query = null, double? value = null) =>
            new(name, metricName, workload, outcome, value, detail, query);

        var data = FlaggerTemplateData.For(canary, ns, metric, primary: workload == "primary");
        var (query, address, problem) = QueryOf(resources, canary, ns, metric, data);
        if (problem is not null)
        {
            return Result(VerificationOutcome.NotVerified, problem);
        }

        if (query!.Rendered?.Error is { } renderError)
        {
            return Result(VerificationOutcome.QueryError, $"Flagger cannot render the template: {renderError.Message}");
        }

        var server = overrideAddress ?? address;
        if (server is null)
        {
            return Result(VerificationOutcome.NotVerified, "no Prometheus address: give --prometheus", query.Text);
        }

        var answer = await client.QueryAsync(server, query.Text, cancellation);
        if (answer.Error is { } error)
        {
            return Result(error.StartsWith("Prometheus answered", StringComparison.Ordinal) ? VerificationOutcome.QueryError : VerificationOutcome.Unreachable, error, query.Text);
        }

        if (answer.Series.Count == 0)
        {
            return Result(VerificationOutcome.NoData, await NoDataDetailAsync(server, query, cancellation), query.Text);
        }

        if (answer.Series.Count > 1)
        {
            return Result(VerificationOutcome.SeveralSeries, $"{answer.Series.Count} series; Flagger keeps the last one ({Format(answer.Series[^1].Value)})", query.Text, answer.Series[^1].Value);
        }

        var value = answer.Series[0].Value;
        if (double.IsNaN(value))
        {
            return Result(VerificationOutcome.NotANumber, "the query returns NaN (a division by zero: no traffic in the window?)", query.Text, value);
        }

        return Threshold(metric) is { } bound && bound.Fails(value)
            ? Result(VerificationOutcome.FailsThreshold, $"{Format(value)} is {bound.Describe()}{(workload == "primary" ? ": the primary already fails the check, so every release would be rolled back" : string.Empty)}", query.Text, value)
            : Result(VerificationOutcome.Passes, $"{Format(value)}{(Threshold(metric) is { } passed ? " is within " + passed.Range() : string.Empty)}", query.Text, value);
    }

    /// <summary>The query to run and where: the MetricTemplate's (and its address), the inline one, or the builtin Istio one.</summary>
    private static (MetricQuery? Query, Uri? Address, string? NotVerified) QueryOf(IReadOnlyList<KubernetesResource> resources, CanaryView canary, string ns, MetricView metric, FlaggerTemplateData data)
    {
        var metricsServer = Address(canary.Spec.String("metricsServer"));
        if (metric.TemplateRef is { } templateRef)
        {
            var templateName = templateRef.String("name");
            var templateNamespace = templateRef.String("namespace") ?? ns;
            var template = resources.Select(MetricTemplateView.From).OfType<MetricTemplateView>()
                .FirstOrDefault(t => t.Resource.Name == templateName && (t.Resource.DeclaredNamespace ?? ns) == templateNamespace);
            if (template is null)
            {
                return (null, null, $"MetricTemplate {templateNamespace}/{templateName} is not among the files given");
            }

            if (template.ProviderType != "prometheus" || template.Query is not { IsNull: false } templateQuery)
            {
                return (null, null, $"provider {template.ProviderType ?? "(none)"} is not verified: only Prometheus is");
            }

            return (MetricQuery.FromTemplate(templateQuery, data), Address(template.Provider?.String("address")), null);
        }

        if (metric.Query is { IsNull: false } inline)
        {
            return (MetricQuery.Inline(inline), metricsServer, null);
        }

        return BuiltinQueries.For(metric.Name, canary.Provider) is { } builtin
            ? (MetricQuery.FromTemplate(builtin, data), metricsServer, null)
            : (null, null, $"builtin metric {metric.Name} of provider {canary.Provider ?? "istio"} is not verified: only Istio's builtin queries are known");
    }

    /// <summary>For a query without data: the first selector that matches no series, and the values its labels do have.</summary>
    private async Task<string> NoDataDetailAsync(Uri server, MetricQuery query, CancellationToken cancellation)
    {
        if (query.Expression is not { } expression)
        {
            return "no series";
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
                return detail;
            }

            var (all, _) = await client.SeriesAsync(server, metricName, LookBack, cancellation);
            if (all is not { Count: > 0 })
            {
                return $"{detail}; no series of {metricName} exist at all";
            }

            var existing = selector.Matchers
                .Where(m => m.Name != "__name__")
                .Select(m => $"{m.Name} has {Values(all, m.Name)}");
            return $"{detail}; {string.Join("; ", existing)}";
        }

        return "the selectors match series, but the query's result is empty (its operands share no labels, or the window holds too few samples)";
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
