using System.Text;
using CanaryGuard.Rules.PromQL;

namespace CanaryGuard.Rules.Tests.PromQL;

/// <summary>
/// Random PromQL queries for the differential test: built from the grammar with arguments of random (often wrong)
/// types and counts, odd literals and modifiers, and one query in six corrupted by a deleted or inserted character,
/// so that both sides of every accept/reject decision are exercised. Seeded: the same seed gives the same queries.
/// </summary>
internal sealed class PromQLQueryGenerator(int seed)
{
    private static readonly string[] MetricNames = ["http_requests_total", "up", "istio_requests_total", "node:cpu:rate5m", "request_duration_seconds_bucket", "x", "http_requests_total", "up", "by", "sum", "offset", "bool", "on", "and", "atan2", "start", "group_left", "ignoring", "without", "topk", "end", "Inf"];
    private static readonly string[] LabelNames = ["job", "code", "le", "pod", "destination_workload", "on", "by", "bool", "_x", "__name__"];
    private static readonly string[] LabelValues = ["\"api\"", "'api'", "`api`", "\"\"", "\"5..\"", "\".*\"", "\".+\"", "\"(a|b)\"", "\"[\"", "\"a{2}\"", "\"\\\\d+\"", "\"\\q\"", "\"x\\\"y\"", "\"(?i)get\"", "\"(?=a)\"", "\"\\u00e9\"", "\"a\\x41\""];
    private static readonly string[] MatchOperators = ["=", "!=", "=~", "!~", "==", "~"];
    private static readonly string[] Durations = ["5m", "0s", "30s", "1h30m", "1d", "2w", "1y", "500ms", "1m30s", "90s", "1h", "1.5m", "5", "1m1h", "1ms", "5M"];
    private static readonly string[] SubqueryRanges = ["5m", "1h", "30m", "1d"];
    private static readonly string[] SubquerySteps = ["1m", "5m", "30s", "", "1h", "0s"];
    private static readonly string[] Numbers = ["1", "0.5", ".5", "5.", "100", "0x1f", "1e3", "1e-3", "Inf", "NaN", "inf", "1e400", "08", "0755", "0x", "1e", "99", "0.99"];
    private static readonly string[] Aggregators = ["sum", "avg", "count", "min", "max", "group", "stddev", "stdvar", "topk", "bottomk", "count_values", "quantile", "SUM"];
    private static readonly string[] BinaryOperators = ["+", "-", "*", "/", "%", "^", "==", "!=", ">", "<", ">=", "<=", "and", "or", "unless", "atan2", "AND"];
    private static readonly string[] Corruptions = ["(", ")", ",", "{", "}", "[", "]", "=", "~", "!", "\"", ":", "@", "#", " offset ", " by ", "$"];

    private readonly Random random = new(seed);
    private readonly string[] functionNames = [.. PromQLFunction.All.Keys.Order(StringComparer.Ordinal), "unknown_fn", "Rate", "histogram_avg"];

    public IEnumerable<string> Queries(int count)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (seen.Count < count)
        {
            var query = Expression(random.Next(1, 4), Pick(Enum.GetValues<PromQLType>()));
            if (random.Next(6) == 0)
            {
                query = Corrupt(query);
            }

            if (seen.Add(query))
            {
                yield return query;
            }
        }
    }

    private string Corrupt(string query)
    {
        var at = random.Next(query.Length + 1);
        return random.Next(2) == 0 && query.Length > 1
            ? query.Remove(Math.Min(at, query.Length - 1), 1)
            : query.Insert(at, Pick(Corruptions));
    }

    /// <summary>An expression meant to have type <paramref name="wanted"/>, one time in eight of another type.</summary>
    private string Expression(int depth, PromQLType wanted)
    {
        if (random.Next(8) == 0)
        {
            wanted = Pick(Enum.GetValues<PromQLType>());
        }

        if (depth <= 0)
        {
            return Leaf(wanted);
        }

        return wanted switch
        {
            PromQLType.Scalar => random.Next(5) switch
            {
                0 => Binary(depth, PromQLType.Scalar, PromQLType.Scalar),
                1 => "scalar(" + Expression(depth - 1, PromQLType.InstantVector) + ")",
                2 => "-" + Expression(depth - 1, PromQLType.Scalar),
                3 => "(" + Expression(depth - 1, PromQLType.Scalar) + ")",
                _ => Leaf(wanted),
            },
            PromQLType.InstantVector => random.Next(7) switch
            {
                0 => Binary(depth, PromQLType.InstantVector, Pick([PromQLType.Scalar, PromQLType.InstantVector])),
                1 => Aggregation(depth),
                2 => Call(depth),
                3 => "(" + Expression(depth - 1, PromQLType.InstantVector) + ")" + (random.Next(4) == 0 ? Modifiers() : string.Empty),
                4 => Pick(["-", "+"]) + Expression(depth - 1, PromQLType.InstantVector),
                _ => Selector() + Modifiers(),
            },
            PromQLType.RangeVector => random.Next(3) == 0
                ? Expression(depth - 1, PromQLType.InstantVector) + "[" + Pick(SubqueryRanges) + ":" + Pick(SubquerySteps) + "]" + Modifiers()
                : Selector() + "[" + Pick(Durations) + "]" + Modifiers(),
            _ => Leaf(PromQLType.String),
        };
    }

    private string Leaf(PromQLType type) => type switch
    {
        PromQLType.Scalar => Pick(Numbers),
        PromQLType.InstantVector => Selector() + Modifiers(),
        PromQLType.RangeVector => Selector() + "[" + Pick(Durations) + "]",
        _ => Pick(["\"text\"", "'text'", "`raw`", "\"a\\nb\""]),
    };

    private string Selector()
    {
        var name = random.Next(6) == 0 ? string.Empty : Pick(MetricNames);
        if (name.Length > 0 && random.Next(3) == 0)
        {
            return name;
        }

        var matchers = Enumerable.Range(0, random.Next(0, 3))
            .Select(_ => Pick(LabelNames) + Pick(MatchOperators[..(random.Next(10) == 0 ? 6 : 4)]) + Pick(LabelValues));
        return name + "{" + string.Join(", ", matchers) + (random.Next(8) == 0 ? "," : string.Empty) + "}";
    }

    private string Modifiers()
    {
        var modifiers = new StringBuilder();
        if (random.Next(5) == 0)
        {
            modifiers.Append(" offset ").Append(random.Next(3) == 0 ? "-" : string.Empty).Append(Pick(Durations));
        }

        if (random.Next(6) == 0)
        {
            modifiers.Append(" @ ").Append(Pick(["100", "-5", "start()", "end()", "1e3", "Inf", "start"]));
        }

        if (random.Next(12) == 0)
        {
            modifiers.Append(" offset 1m");
        }

        return modifiers.ToString();
    }

    private string Binary(int depth, PromQLType left, PromQLType right)
    {
        var op = Pick(BinaryOperators);
        var modifier = new StringBuilder();
        if (random.Next(4) == 0)
        {
            modifier.Append(" bool");
        }

        if (random.Next(3) == 0)
        {
            modifier.Append(' ').Append(Pick(["on", "ignoring"])).Append('(').Append(Labels()).Append(')');
            if (random.Next(2) == 0)
            {
                modifier.Append(' ').Append(Pick(["group_left", "group_right"]));
                if (random.Next(2) == 0)
                {
                    modifier.Append('(').Append(Labels()).Append(')');
                }
            }
        }

        var (l, r) = random.Next(2) == 0 ? (left, right) : (right, left);
        return Expression(depth - 1, l) + " " + op + modifier + " " + Expression(depth - 1, r);
    }

    private string Aggregation(int depth)
    {
        var op = Pick(Aggregators);
        var grouping = random.Next(3) == 0 ? string.Empty : Pick(["by", "without", "BY"]) + " (" + Labels() + ")";
        var arguments = new List<string>();
        var lower = op.ToLowerInvariant();
        if (lower is "topk" or "bottomk" or "quantile" or "count_values" ? random.Next(8) != 0 : random.Next(10) == 0)
        {
            arguments.Add(Expression(depth - 1, lower == "count_values" ? PromQLType.String : PromQLType.Scalar));
        }

        if (random.Next(12) != 0)
        {
            arguments.Add(Expression(depth - 1, PromQLType.InstantVector));
        }

        var body = "(" + string.Join(", ", arguments) + ")";
        return random.Next(2) == 0 ? op + " " + grouping + " " + body : op + body + " " + grouping;
    }

    private string Labels() => string.Join(", ", Enumerable.Range(0, random.Next(0, 3)).Select(_ => Pick(LabelNames.Append("foo:bar").Append("Sum").Append("offset").ToArray()))) + (random.Next(10) == 0 ? "," : string.Empty);

    private string Call(int depth)
    {
        var name = Pick(functionNames);
        var arguments = new List<string>();
        if (PromQLFunction.All.TryGetValue(name, out var function))
        {
            var count = function.ArgumentTypes.Count + (random.Next(6) == 0 ? random.Next(-1, 2) : 0);
            for (var i = 0; i < count; i++)
            {
                arguments.Add(Expression(depth - 1, function.ArgumentTypes.Count == 0 ? PromQLType.Scalar : function.ArgumentType(i)));
            }
        }
        else
        {
            arguments.Add(Expression(depth - 1, PromQLType.InstantVector));
        }

        return name + "(" + string.Join(", ", arguments) + (random.Next(20) == 0 ? "," : string.Empty) + ")";
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
