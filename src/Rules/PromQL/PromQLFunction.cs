using System.Collections.Frozen;

namespace CanaryGuard.Rules.PromQL;

/// <summary>
/// A PromQL function and its signature, counted as Prometheus' own table counts it: with <see cref="Variadic"/> 0 it
/// takes exactly its arguments; otherwise the last may be left out, and repeated up to <see cref="Variadic"/> times
/// (-1: any number of times).
/// </summary>
public sealed record PromQLFunction(string Name, IReadOnlyList<PromQLType> ArgumentTypes, int Variadic, PromQLType ReturnType)
{
    public int MinimumArguments => Variadic == 0 ? ArgumentTypes.Count : ArgumentTypes.Count - 1;

    /// <summary>The most arguments it takes; null for no limit.</summary>
    public int? MaximumArguments => Variadic switch
    {
        0 => ArgumentTypes.Count,
        < 0 => null,
        _ => ArgumentTypes.Count - 1 + Variadic,
    };

    /// <summary>The type the argument at <paramref name="index"/> must have (past the list: the last one's).</summary>
    public PromQLType ArgumentType(int index) => ArgumentTypes[Math.Min(index, ArgumentTypes.Count - 1)];

    private const PromQLType S = PromQLType.Scalar;
    private const PromQLType V = PromQLType.InstantVector;
    private const PromQLType M = PromQLType.RangeVector;
    private const PromQLType Str = PromQLType.String;

    /// <summary>The functions of Prometheus 2.42 (the Debian package the tests run against), experimental ones excluded.</summary>
    public static FrozenDictionary<string, PromQLFunction> All { get; } = new PromQLFunction[]
    {
        new("abs", [V], 0, V), new("absent", [V], 0, V), new("absent_over_time", [M], 0, V),
        new("acos", [V], 0, V), new("acosh", [V], 0, V), new("asin", [V], 0, V), new("asinh", [V], 0, V),
        new("atan", [V], 0, V), new("atanh", [V], 0, V), new("avg_over_time", [M], 0, V), new("ceil", [V], 0, V),
        new("changes", [M], 0, V), new("clamp", [V, S, S], 0, V), new("clamp_max", [V, S], 0, V), new("clamp_min", [V, S], 0, V),
        new("cos", [V], 0, V), new("cosh", [V], 0, V), new("count_over_time", [M], 0, V),
        new("days_in_month", [V], 1, V), new("day_of_month", [V], 1, V), new("day_of_week", [V], 1, V), new("day_of_year", [V], 1, V),
        new("deg", [V], 0, V), new("delta", [M], 0, V), new("deriv", [M], 0, V), new("exp", [V], 0, V), new("floor", [V], 0, V),
        new("histogram_count", [V], 0, V), new("histogram_sum", [V], 0, V), new("histogram_fraction", [S, S, V], 0, V),
        new("histogram_quantile", [S, V], 0, V), new("holt_winters", [M, S, S], 0, V), new("hour", [V], 1, V),
        new("idelta", [M], 0, V), new("increase", [M], 0, V), new("irate", [M], 0, V),
        new("label_replace", [V, Str, Str, Str, Str], 0, V), new("label_join", [V, Str, Str, Str], -1, V),
        new("last_over_time", [M], 0, V), new("ln", [V], 0, V), new("log10", [V], 0, V), new("log2", [V], 0, V),
        new("max_over_time", [M], 0, V), new("min_over_time", [M], 0, V), new("minute", [V], 1, V), new("month", [V], 1, V),
        new("pi", [], 0, S), new("predict_linear", [M, S], 0, V), new("present_over_time", [M], 0, V),
        new("quantile_over_time", [S, M], 0, V), new("rad", [V], 0, V), new("rate", [M], 0, V), new("resets", [M], 0, V),
        new("round", [V, S], 1, V), new("scalar", [V], 0, S), new("sgn", [V], 0, V), new("sin", [V], 0, V), new("sinh", [V], 0, V),
        new("sort", [V], 0, V), new("sort_desc", [V], 0, V), new("sqrt", [V], 0, V),
        new("stddev_over_time", [M], 0, V), new("stdvar_over_time", [M], 0, V), new("sum_over_time", [M], 0, V),
        new("tan", [V], 0, V), new("tanh", [V], 0, V), new("time", [], 0, S), new("timestamp", [V], 0, V),
        new("vector", [S], 0, V), new("year", [V], 1, V),
    }.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
}
