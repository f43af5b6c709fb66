using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Templates;

/// <summary>
/// What Flagger v1.44 gives a MetricTemplate query (its MetricTemplateModel): each value is a template function of no
/// arguments, <c>variables</c> a map. <see cref="Variables"/> null stands for a template checked without a Canary:
/// every variable then renders as a stand-in value.
/// </summary>
public sealed record FlaggerTemplateData(
    string Name,
    string Namespace,
    string Target,
    string Service,
    string Ingress,
    string Route,
    string Interval,
    IReadOnlyDictionary<string, string>? Variables)
{
    /// <summary>The functions whose values name the canary's workload (or its Service, Ingress, route).</summary>
    public static readonly IReadOnlySet<string> WorkloadFunctions = new HashSet<string>(["name", "target", "service", "ingress", "route"], StringComparer.Ordinal);

    /// <summary>The functions Flagger defines: the model's values.</summary>
    public static readonly IReadOnlySet<string> Functions = new HashSet<string>(["name", "namespace", "target", "service", "ingress", "route", "interval", "variables"], StringComparer.Ordinal);

    /// <summary>What a variable renders as when the template is checked without a Canary.</summary>
    public const string StandInVariable = "canaryguard-variable";

    /// <summary>Values for checking a template on its own: a workload named like the canary, Flagger's default one-minute interval.</summary>
    public static FlaggerTemplateData StandIn { get; } = new("canary", "default", "canary", "canary", "canary", "canary", "1m", null);

    /// <summary>
    /// The values Flagger renders a Canary's metric with (toMetricModel): Service and Ingress default to the target, the
    /// interval to one minute. For the primary, the target and Service are the -primary ones Flagger creates.
    /// </summary>
    public static FlaggerTemplateData For(CanaryView canary, string @namespace, MetricView metric, bool primary = false)
    {
        var target = canary.TargetRef?.String("name") ?? string.Empty;
        var service = canary.Service?.String("name") ?? target;
        var suffix = primary ? "-primary" : string.Empty;
        var variables = metric.Node.Mapping("templateVariables")?.Entries
            .Where(e => e.Value is ScalarNode)
            .ToDictionary(e => e.KeyText, e => ((ScalarNode)e.Value).Value, StringComparer.Ordinal) ?? [];
        return new FlaggerTemplateData(
            canary.Resource.Name ?? string.Empty,
            @namespace,
            target + suffix,
            service + suffix,
            canary.Spec.Mapping("ingressRef")?.String("name") ?? target,
            canary.Spec.Mapping("routeRef")?.String("name") ?? target,
            metric.Interval?.Value ?? "1m",
            variables);
    }

    /// <summary>The value of a function of the model; null for a name Flagger does not define.</summary>
    public object? Call(string function) => function switch
    {
        "name" => Name,
        "namespace" => Namespace,
        "target" => Target,
        "service" => Service,
        "ingress" => Ingress,
        "route" => Route,
        "interval" => Interval,
        "variables" => (object?)Variables ?? StandInVariables.Instance,
        _ => null,
    };

    /// <summary>The variables of a template checked on its own: any key has a stand-in value.</summary>
    internal sealed class StandInVariables
    {
        public static readonly StandInVariables Instance = new();

        private StandInVariables()
        {
        }
    }
}
