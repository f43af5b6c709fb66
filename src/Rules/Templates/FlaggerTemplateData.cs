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
