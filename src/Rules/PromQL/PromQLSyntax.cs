namespace CanaryGuard.Rules.PromQL;

/// <summary>The type of a PromQL expression, as Prometheus names it in its errors.</summary>
public enum PromQLType
{
    Scalar,
    InstantVector,
    RangeVector,
    String,
}

/// <summary>Where a part of a query stands: character offsets into the query text, end exclusive.</summary>
public readonly record struct QuerySpan(int Start, int End);

/// <summary>A node of a parsed PromQL expression, with where it stands in the query.</summary>
public abstract record PromQLExpression(QuerySpan Span)
{
    public abstract PromQLType Type { get; }

    /// <summary>The expressions directly inside this one.</summary>
    public virtual IEnumerable<PromQLExpression> Children => [];

    /// <summary>This expression and every expression inside it, parents first.</summary>
    public IEnumerable<PromQLExpression> DescendantsAndSelf()
    {
        yield return this;
        foreach (var child in Children)
        {
            foreach (var descendant in child.DescendantsAndSelf())
            {
                yield return descendant;
            }
        }
    }
}

public sealed record NumberLiteral(QuerySpan Span, double Value) : PromQLExpression(Span)
{
    public override PromQLType Type => PromQLType.Scalar;
}

public sealed record StringLiteral(QuerySpan Span, string Value) : PromQLExpression(Span)
{
    public override PromQLType Type => PromQLType.String;
}

public enum MatchOperator
{
    Equal,
    NotEqual,
    RegexMatch,
    RegexNoMatch,
}

/// <summary>A label matcher of a selector; <see cref="ValueSpan"/> is where its quoted value stands.</summary>
public sealed record LabelMatcher(string Name, MatchOperator Operator, string Value, QuerySpan Span, QuerySpan ValueSpan)
{
    public bool IsPositive => Operator is MatchOperator.Equal or MatchOperator.RegexMatch;

    public bool IsRegex => Operator is MatchOperator.RegexMatch or MatchOperator.RegexNoMatch;

    public string OperatorText => Operator switch
    {
        MatchOperator.Equal => "=",
        MatchOperator.NotEqual => "!=",
        MatchOperator.RegexMatch => "=~",
        _ => "!~",
    };

    /// <summary>Whether the matcher accepts a series without the label (an empty value), as Prometheus decides it.</summary>
    public bool MatchesEmpty => Operator switch
    {
        MatchOperator.Equal => Value.Length == 0,
        MatchOperator.NotEqual => Value.Length != 0,
        MatchOperator.RegexMatch => PromQLRegex.MatchesEmpty(Value),
        _ => !PromQLRegex.MatchesEmpty(Value),
    };
}

/// <summary>An instant vector selector: <c>name{matchers}</c>, with an optional offset and <c>@</c>.</summary>
public sealed record VectorSelector(QuerySpan Span, string? MetricName, IReadOnlyList<LabelMatcher> Matchers, TimeSpan? Offset, bool HasAt) : PromQLExpression(Span)
{
    public override PromQLType Type => PromQLType.InstantVector;
}

public sealed record MatrixSelector(QuerySpan Span, VectorSelector Selector, TimeSpan Range) : PromQLExpression(Span)
{
    public override PromQLType Type => PromQLType.RangeVector;

    public override IEnumerable<PromQLExpression> Children => [Selector];
}

public sealed record Subquery(QuerySpan Span, PromQLExpression Expression, TimeSpan Range, TimeSpan? Step, bool HasOffset, bool HasAt) : PromQLExpression(Span)
{
    public override PromQLType Type => PromQLType.RangeVector;

    public override IEnumerable<PromQLExpression> Children => [Expression];
}

public sealed record FunctionCall(QuerySpan Span, PromQLFunction Function, IReadOnlyList<PromQLExpression> Arguments) : PromQLExpression(Span)
{
    public override PromQLType Type => Function.ReturnType;

    public override IEnumerable<PromQLExpression> Children => Arguments;
}

/// <summary>An aggregation (<c>sum by (le) (...)</c>); <see cref="Grouping"/> is null without by/without.</summary>
public sealed record Aggregation(QuerySpan Span, string Operator, PromQLExpression Expression, PromQLExpression? Parameter, IReadOnlyList<string>? Grouping, bool Without) : PromQLExpression(Span)
{
    public override PromQLType Type => PromQLType.InstantVector;

    public override IEnumerable<PromQLExpression> Children => Parameter is null ? [Expression] : [Parameter, Expression];
}

public sealed record UnaryExpression(QuerySpan Span, char Operator, PromQLExpression Operand) : PromQLExpression(Span)
{
    public override PromQLType Type => Operand.Type;

    public override IEnumerable<PromQLExpression> Children => [Operand];
}

public sealed record ParenExpression(QuerySpan Span, PromQLExpression Inner) : PromQLExpression(Span)
{
    public override PromQLType Type => Inner.Type;

    public override IEnumerable<PromQLExpression> Children => [Inner];
}

/// <summary>How the series of a binary expression's sides are matched (<c>on</c>/<c>ignoring</c>, <c>group_left</c>/<c>group_right</c>).</summary>
public sealed record VectorMatching(bool On, IReadOnlyList<string> Labels, string? Group, IReadOnlyList<string> Include);

public sealed record BinaryExpression(QuerySpan Span, string Operator, PromQLExpression Left, PromQLExpression Right, bool ReturnBool, VectorMatching? Matching) : PromQLExpression(Span)
{
    public override PromQLType Type => Left.Type == PromQLType.Scalar && Right.Type == PromQLType.Scalar ? PromQLType.Scalar : PromQLType.InstantVector;

    public override IEnumerable<PromQLExpression> Children => [Left, Right];

    public bool IsComparison => Operator is "==" or "!=" or ">" or "<" or ">=" or "<=";
}

/// <summary>Why a query does not parse, and where (an offset into the query).</summary>
public sealed record PromQLError(string Message, QuerySpan Span);

/// <summary>A parse: the expression, or the first error Prometheus would report for the query.</summary>
public sealed record PromQLParseResult(PromQLExpression? Expression, PromQLError? Error)
{
    public bool Succeeded => Expression is not null;
}
