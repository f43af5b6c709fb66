using System.Globalization;
using System.Text.Json.Nodes;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Generation;

/// <summary>A Canary generated for a workload, or why none could be.</summary>
public sealed record CanaryGeneration(JsonObject? Canary, string? Problem)
{
    public bool Succeeded => Canary is not null;
}

/// <summary>
/// The one place that decides what Canary a workload gets, for both the linter's CG4001 fix and the webhook's
/// reconciler: the policy's <c>canaryTemplate:</c> and <c>meshProvider</c>, the workload's override annotations
/// (<c>canaryguard.io/port</c>, <c>max-weight</c>, <c>step-weight</c>, <c>interval</c>, <c>threshold</c>) and its
/// container ports. What only an applied object carries (owner reference, hash, labels) is the webhook's to add.
/// </summary>
public static class CanaryGenerator
{
    /// <summary>The Canary's <c>service.port</c>, when the container ports do not tell.</summary>
    public const string PortAnnotation = "canaryguard.io/port";

    public const string MaxWeightAnnotation = "canaryguard.io/max-weight";

    public const string StepWeightAnnotation = "canaryguard.io/step-weight";

    public const string IntervalAnnotation = "canaryguard.io/interval";

    public const string ThresholdAnnotation = "canaryguard.io/threshold";

    /// <summary>Each override annotation and how it changes the template; null when its value does not parse.</summary>
    private static readonly (string Annotation, Func<CanaryTemplatePolicy, string, CanaryTemplatePolicy?> Apply)[] Overrides =
    [
        (MaxWeightAnnotation, (t, v) => Percent(v) is { } w ? t with { MaxWeight = w } : null),
        (StepWeightAnnotation, (t, v) => Percent(v) is { } w ? t with { StepWeight = w } : null),
        (ThresholdAnnotation, (t, v) => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? t with { Threshold = n } : null),
        (IntervalAnnotation, (t, v) => GoDuration.TryParse(v, out var d) && d > TimeSpan.Zero ? t with { Interval = d } : null),
    ];

    /// <summary>
    /// True when a Flagger Canary owns the object (Flagger's <c>NAME-primary</c> Deployment, its Services and
    /// HPA): Flagger made it, so it is never a canary target of its own.
    /// </summary>
    public static bool IsOwnedByCanary(MappingNode? metadata) =>
        metadata?.Sequence("ownerReferences")?.Items.OfType<MappingNode>().Any(o => o.String("kind") == CanaryView.KindName) == true;

    /// <summary>
    /// The Canary for <paramref name="workload"/> in <paramref name="namespace"/> (null leaves the namespace out,
    /// as a manifest without one does), referencing <paramref name="autoscalerName"/> when an HPA scales it.
    /// </summary>
    public static CanaryGeneration Generate(KubernetesResource workload, string? @namespace, CanaryGuardPolicy policy, string? autoscalerName = null)
    {
        if (workload.Name is not { Length: > 0 } name)
        {
            return new CanaryGeneration(null, $"the {workload.Kind} has no name");
        }

        var annotations = workload.Metadata?.Mapping("annotations");
        var template = policy.CanaryTemplate;
        foreach (var (annotation, apply) in Overrides)
        {
            if (annotations?.String(annotation) is not { } value)
            {
                continue;
            }

            if (apply(template, value.Trim()) is not { } overridden)
            {
                return new CanaryGeneration(null, $"annotation {annotation}: '{value}' is not a valid value");
            }

            template = overridden;
        }

        var (port, portProblem) = ServicePort(workload, annotations);
        if (portProblem is not null)
        {
            return new CanaryGeneration(null, portProblem);
        }

        var metadata = new JsonObject { ["name"] = name };
        if (@namespace is not null)
        {
            metadata["namespace"] = @namespace;
        }

        var spec = new JsonObject
        {
            ["provider"] = policy.MeshProvider,
            ["targetRef"] = new JsonObject { ["apiVersion"] = workload.ApiVersion, ["kind"] = workload.Kind, ["name"] = name },
        };
        if (autoscalerName is not null)
        {
            spec["autoscalerRef"] = new JsonObject { ["apiVersion"] = "autoscaling/v2", ["kind"] = "HorizontalPodAutoscaler", ["name"] = autoscalerName };
        }

        spec["service"] = new JsonObject { ["port"] = port };
        spec["analysis"] = Analysis(template, @namespace is null ? $"{name}-canary" : $"{name}-canary.{@namespace}", port);
        return new CanaryGeneration(
            new JsonObject
            {
                ["apiVersion"] = "flagger.app/v1beta1",
                ["kind"] = CanaryView.KindName,
                ["metadata"] = metadata,
                ["spec"] = spec,
            },
            null);
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

    private static JsonObject Analysis(CanaryTemplatePolicy template, string canaryHost, int port)
    {
        var metricInterval = ShortDuration(template.MetricInterval);
        var analysis = new JsonObject
        {
            ["interval"] = ShortDuration(template.Interval),
            ["threshold"] = template.Threshold,
            ["maxWeight"] = template.MaxWeight,
            ["stepWeight"] = template.StepWeight,
            ["metrics"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = BuiltinMetrics.RequestSuccessRate,
                    ["thresholdRange"] = new JsonObject { ["min"] = template.RequestSuccessRateMin },
                    ["interval"] = metricInterval,
                },
                new JsonObject
                {
                    ["name"] = BuiltinMetrics.RequestDuration,
                    ["thresholdRange"] = new JsonObject { ["max"] = template.RequestDurationMax },
                    ["interval"] = metricInterval,
                }),
        };
        if (template.LoadTester is { } loadTester)
        {
            var target = string.Create(CultureInfo.InvariantCulture, $"http://{canaryHost}:{port}/");
            analysis["webhooks"] = new JsonArray(new JsonObject
            {
                ["name"] = "load-test",
                ["type"] = "rollout",
                ["url"] = loadTester,
                ["timeout"] = "5s",
                ["metadata"] = new JsonObject { ["cmd"] = $"hey -z {ShortDuration(template.Interval)} -q 10 -c 2 {target}" },
            });
        }

        return analysis;
    }

    private static int? Percent(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 100 ? value : null;

    /// <summary>The annotation's port, else the container port named http, else the only one.</summary>
    private static (int Port, string? Problem) ServicePort(KubernetesResource workload, MappingNode? annotations)
    {
        if (annotations?.String(PortAnnotation) is { } annotated)
        {
            return int.TryParse(annotated, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
                ? (port, null)
                : (0, $"annotation {PortAnnotation}: '{annotated}' is not a port number");
        }

        var ports = (DeploymentView.From(workload)?.Containers ?? [])
            .SelectMany(c => c.Ports)
            .Where(p => p.ContainerPort is >= 1 and <= 65535)
            .Select(p => (Name: p.Name is { IsNull: false } n ? n.Value : null, Port: (int)p.ContainerPort!.Value))
            .ToList();
        if (ports.FirstOrDefault(p => p.Name == "http") is { Name: not null } http)
        {
            return (http.Port, null);
        }

        return ports.Count == 1
            ? (ports[0].Port, null)
            : (0, $"cannot tell the service port: the containers declare {ports.Count} ports and none is named 'http'; set the annotation {PortAnnotation}");
    }
}
