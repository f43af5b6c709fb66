using System.Globalization;
using System.Text;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Rules.Fixes;

/// <summary>The workload a Canary is written for.</summary>
public sealed record CanaryTarget(string ApiVersion, string Kind, string Name, string? Namespace, int Port);

/// <summary>
/// Renders the Canary of the policy's <c>canaryTemplate:</c> as YAML, with the content the webhook generates
/// (CanaryBuilder in the Webhook project, which the linter does not reference) minus what only an applied object
/// has (owner reference, generated hash).
/// </summary>
public static class CanaryYaml
{
    public static string Render(CanaryTarget target, CanaryTemplatePolicy template, string meshProvider, string newLine)
    {
        var interval = ShortDuration(template.Interval);
        var metricInterval = ShortDuration(template.MetricInterval);
        var lines = new List<string>
        {
            "apiVersion: flagger.app/v1beta1",
            "kind: Canary",
            "metadata:",
            $"  name: {target.Name}",
        };
        if (target.Namespace is not null)
        {
            lines.Add($"  namespace: {target.Namespace}");
        }

        lines.AddRange(
        [
            "spec:",
            $"  provider: {meshProvider}",
            "  targetRef:",
            $"    apiVersion: {target.ApiVersion}",
            $"    kind: {target.Kind}",
            $"    name: {target.Name}",
            "  service:",
            Invariant($"    port: {target.Port}"),
            "  analysis:",
            $"    interval: {interval}",
            Invariant($"    threshold: {template.Threshold}"),
            Invariant($"    maxWeight: {template.MaxWeight}"),
            Invariant($"    stepWeight: {template.StepWeight}"),
            "    metrics:",
            $"      - name: {BuiltinMetrics.RequestSuccessRate}",
            $"        thresholdRange: {{min: {MetricUnitFix.Format(template.RequestSuccessRateMin)}}}",
            $"        interval: {metricInterval}",
            $"      - name: {BuiltinMetrics.RequestDuration}",
            $"        thresholdRange: {{max: {MetricUnitFix.Format(template.RequestDurationMax)}}}",
            $"        interval: {metricInterval}",
        ]);
        if (template.LoadTester is { } loadTester)
        {
            var host = target.Namespace is null ? $"{target.Name}-canary" : $"{target.Name}-canary.{target.Namespace}";
            lines.AddRange(
            [
                "    webhooks:",
                "      - name: load-test",
                "        type: rollout",
                $"        url: {YamlValue.Quote(loadTester)}",
                "        timeout: 5s",
                "        metadata:",
                Invariant($"          cmd: {YamlValue.Quote($"hey -z {interval} -q 10 -c 2 http://{host}:{target.Port}/")}"),
            ]);
        }

        var builder = new StringBuilder();
        foreach (var line in lines)
        {
            builder.Append(line).Append(newLine);
        }

        return builder.ToString();
    }

    /// <summary>Go's duration text without the zero tails Go prints (<c>1m</c>, not <c>1m0s</c>).</summary>
    public static string ShortDuration(TimeSpan duration)
    {
        var text = GoDuration.Format(duration);
        if (text.EndsWith("m0s", StringComparison.Ordinal))
        {
            text = text[..^2];
        }

        return text.EndsWith("h0m", StringComparison.Ordinal) ? text[..^2] : text;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
