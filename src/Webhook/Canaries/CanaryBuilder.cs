using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryGuard.Rules.Fixes;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Webhook.Canaries;

/// <summary>A generated Canary, or why none could be generated.</summary>
public sealed record CanaryBuildResult(JsonObject? Canary, string? Hash, string? Problem)
{
    public bool Succeeded => Canary is not null;

    public static CanaryBuildResult Failed(string problem) => new(null, null, problem);
}

/// <summary>
/// Turns a Deployment (as the API server returns it) and the policy's <c>canaryTemplate:</c> into the Flagger
/// Canary CanaryGuard applies: analysis from the template with the Deployment's annotation overrides, targetRef,
/// service port, provider, and an ownerReference so the Canary is garbage-collected with its Deployment.
/// </summary>
public static class CanaryBuilder
{
    /// <summary>Each override annotation and how it changes the template; null when its value does not parse.</summary>
    private static readonly (string Annotation, Func<CanaryTemplatePolicy, string, CanaryTemplatePolicy?> Apply)[] Overrides =
    [
        (CanaryAnnotations.MaxWeight, (t, v) => Percent(v) is { } w ? t with { MaxWeight = w } : null),
        (CanaryAnnotations.StepWeight, (t, v) => Percent(v) is { } w ? t with { StepWeight = w } : null),
        (CanaryAnnotations.Threshold, (t, v) => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? t with { Threshold = n } : null),
        (CanaryAnnotations.Interval, (t, v) => GoDuration.TryParse(v, out var d) && d > TimeSpan.Zero ? t with { Interval = d } : null),
    ];

    public static CanaryBuildResult Build(JsonElement deployment, CanaryGuardPolicy policy, string? autoscalerName = null)
    {
        var metadata = deployment.TryGetProperty("metadata", out var m) ? m : default;
        var name = Text(metadata, "name");
        var ns = Text(metadata, "namespace");
        var uid = Text(metadata, "uid");
        if (name is null || ns is null || uid is null)
        {
            return CanaryBuildResult.Failed("the Deployment has no name, namespace or uid (it must be read back from the API server)");
        }

        var annotations = metadata.TryGetProperty("annotations", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
        var template = policy.CanaryTemplate;
        var overrides = ReadOverrides(annotations, template);
        if (overrides.Problem is not null)
        {
            return CanaryBuildResult.Failed(overrides.Problem);
        }

        var port = ServicePort(deployment, annotations);
        if (port.Problem is not null)
        {
            return CanaryBuildResult.Failed(port.Problem);
        }

        var spec = new JsonObject
        {
            ["provider"] = policy.MeshProvider,
            ["targetRef"] = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = name },
        };
        if (autoscalerName is not null)
        {
            spec["autoscalerRef"] = new JsonObject { ["apiVersion"] = "autoscaling/v2", ["kind"] = "HorizontalPodAutoscaler", ["name"] = autoscalerName };
        }

        spec["service"] = new JsonObject { ["port"] = port.Value };
        spec["analysis"] = Analysis(overrides.Template, name, ns, port.Value);

        var canary = new JsonObject
        {
            ["apiVersion"] = "flagger.app/v1beta1",
            ["kind"] = "Canary",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = new JsonObject { [CanaryAnnotations.ManagedByLabel] = CanaryAnnotations.ManagedByValue },
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "apps/v1",
                    ["kind"] = "Deployment",
                    ["name"] = name,
                    ["uid"] = uid,
                    ["controller"] = true,
                    ["blockOwnerDeletion"] = true,
                }),
            },
            ["spec"] = spec,
        };

        // The hash covers everything applied, so any change of policy, overrides or port leads to one new apply.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canary.ToJsonString())))[..16];
        ((JsonObject)canary["metadata"]!)["annotations"] = new JsonObject { [CanaryAnnotations.GeneratedHash] = hash };
        return new CanaryBuildResult(canary, hash, null);
    }

    /// <summary>Go's duration text without the zero tails Go prints (<c>1m</c>, not <c>1m0s</c>); shared with the linter's CG4001 fix.</summary>
    public static string ShortDuration(TimeSpan duration) => CanaryYaml.ShortDuration(duration);

    private static JsonObject Analysis(CanaryTemplatePolicy template, string name, string ns, int port)
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
            var target = string.Create(CultureInfo.InvariantCulture, $"http://{name}-canary.{ns}:{port}/");
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

    private static (CanaryTemplatePolicy Template, string? Problem) ReadOverrides(JsonElement annotations, CanaryTemplatePolicy template)
    {
        var result = template;
        foreach (var (annotation, apply) in Overrides)
        {
            if (Text(annotations, annotation) is not { } value)
            {
                continue;
            }

            if (apply(result, value.Trim()) is not { } overridden)
            {
                return (template, $"annotation {annotation}: '{value}' is not a valid value");
            }

            result = overridden;
        }

        return (result, null);
    }

    private static int? Percent(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 100 ? value : null;

    private static (int Value, string? Problem) ServicePort(JsonElement deployment, JsonElement annotations)
    {
        if (Text(annotations, CanaryAnnotations.Port) is { } annotated)
        {
            return int.TryParse(annotated, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
                ? (port, null)
                : (0, $"annotation {CanaryAnnotations.Port}: '{annotated}' is not a port number");
        }

        var ports = ContainerPorts(deployment).ToList();
        if (ports.FirstOrDefault(p => p.Name == "http") is { Name: not null } http)
        {
            return (http.Port, null);
        }

        return ports.Count == 1
            ? (ports[0].Port, null)
            : (0, $"cannot tell the service port: the containers declare {ports.Count} ports and none is named 'http'; set the annotation {CanaryAnnotations.Port}");
    }

    private static IEnumerable<(string? Name, int Port)> ContainerPorts(JsonElement deployment)
    {
        if (!deployment.TryGetProperty("spec", out var spec) || !spec.TryGetProperty("template", out var template)
            || !template.TryGetProperty("spec", out var podSpec) || !podSpec.TryGetProperty("containers", out var containers)
            || containers.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var container in containers.EnumerateArray())
        {
            if (!container.TryGetProperty("ports", out var ports) || ports.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var port in ports.EnumerateArray())
            {
                if (port.TryGetProperty("containerPort", out var number) && number.TryGetInt32(out var value))
                {
                    yield return (Text(port, "name"), value);
                }
            }
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
