using System.Globalization;
using System.Text.RegularExpressions;

namespace CanaryGuard.Rules.PromQL;

/// <summary>
/// Parses PromQL as Prometheus 2.x does, type checks included: a query is accepted here exactly when Prometheus
/// accepts it (tested against the real Prometheus), and the first error is reported where Prometheus reports it.
/// </summary>
public sealed partial class PromQLParser
{
    private static readonly HashSet<string> Aggregators = new(["sum", "avg", "count", "min", "max", "group", "stddev", "stdvar", "topk", "bottomk", "count_values", "quantile"], StringComparer.Ordinal);

    private static readonly HashSet<string> MetricNameKeywords = new(PromQLLexer.Keywords.Except(["bool", "atan2", "on", "ignoring", "group_left", "group_right"]), StringComparer.Ordinal);

    private static readonly Dictionary<string, int> Precedence = new(StringComparer.Ordinal)
    {
        ["or"] = 1,
        ["and"] = 2,
        ["unless"] = 2,
        ["=="] = 3,
        ["!="] = 3,
        [">"] = 3,
        ["<"] = 3,
        [">="] = 3,
        ["<="] = 3,
        ["+"] = 4,
        ["-"] = 4,
        ["*"] = 5,
        ["/"] = 5,
        ["%"] = 5,
        ["atan2"] = 5,
        ["^"] = 6,
    };

    /// <summary>A unary sign binds like multiplication: only <c>^</c> binds tighter.</summary>
    private const int UnaryOperandPrecedence = 6;

    private readonly IReadOnlyList<Token> tokens;
    private int index;

    private PromQLParser(string query) => tokens = PromQLLexer.Lex(query);

    public static PromQLParseResult Parse(string query)
    {
        var parser = new PromQLParser(query);
        try
        {
            var expression = parser.ParseExpression(0);
            var end = parser.Current;
            if (end.Kind != TokenKind.EndOfInput)
            {
                throw Unexpected(end, "end of input");
            }

            return new PromQLParseResult(expression, null);
        }
        catch (PromQLSyntaxException e)
        {
            return new PromQLParseResult(null, new PromQLError(e.Message, e.Span));
        }
    }

    private Token Current => tokens[index];

    private Token Advance()
    {
        var token = tokens[index];
        if (token.Kind == TokenKind.Error)
        {
            throw new PromQLSyntaxException(token.Text, token.Span);
        }

        if (index < tokens.Count - 1)
        {
            index++;
        }

        return token;
    }

    private Token Expect(TokenKind kind, string description)
    {
        if (Current.Kind != kind)
        {
            throw Unexpected(Current, description);
        }

        return Advance();
    }

    private static PromQLSyntaxException Unexpected(Token token, string expected) => token.Kind == TokenKind.Error
        ? new PromQLSyntaxException(token.Text, token.Span)
        : new PromQLSyntaxException($"unexpected {token.Describe()}, expected {expected}", token.Span);

    private static PromQLSyntaxException Error(QuerySpan span, string message) => new(message, span);

    private PromQLExpression ParseExpression(int minimumPrecedence)
    {
        var left = ParseUnary();
        while (BinaryOperator(Current) is { } op && Precedence[op] >= minimumPrecedence)
        {
            var operatorToken = Advance();
            var (returnBool, matching) = ParseBinaryModifiers();

            // ^ is right-associative, every other operator left-associative.
            var right = ParseExpression(op == "^" ? Precedence[op] : Precedence[op] + 1);
            left = CheckBinary(new BinaryExpression(new QuerySpan(left.Span.Start, right.Span.End), op, left, right, returnBool, matching), operatorToken.Span);
        }

        return left;
    }

    private static string? BinaryOperator(Token token) => token.Kind switch
    {
        TokenKind.Operator => token.Text,
        TokenKind.Keyword when token.Word is "and" or "or" or "unless" or "atan2" => token.Word,
        _ => null,
    };

    private (bool ReturnBool, VectorMatching? Matching) ParseBinaryModifiers()
    {
        var returnBool = false;
        if (Current.Is(TokenKind.Keyword, "bool"))
        {
            Advance();
            returnBool = true;
        }

        if (!Current.Is(TokenKind.Keyword, "on") && !Current.Is(TokenKind.Keyword, "ignoring"))
        {
            return (returnBool, null);
        }

        var on = Advance().Word == "on";
        var labels = ParseLabelList();
        string? group = null;
        IReadOnlyList<string> include = [];
        if (Current.Is(TokenKind.Keyword, "group_left") || Current.Is(TokenKind.Keyword, "group_right"))
        {
            group = Advance().Word;
            if (Current.Kind == TokenKind.LeftParen)
            {
                include = ParseLabelList();
            }
        }

        return (returnBool, new VectorMatching(on, labels, group, include));
    }

    /// <summary>A parenthesised list of label names (by, without, on, ignoring, group_left): keywords are label names here.</summary>
    private List<string> ParseLabelList()
    {
        Expect(TokenKind.LeftParen, "\"(\"");
        var labels = new List<string>();
        while (Current.Kind != TokenKind.RightParen)
        {
            var label = Current;
            if (label.Kind is not (TokenKind.Identifier or TokenKind.Keyword))
            {
                throw Unexpected(label, "label");
            }

            Advance();
            labels.Add(label.Text);
            if (Current.Kind == TokenKind.Comma)
            {
                Advance();
            }
            else if (Current.Kind != TokenKind.RightParen)
            {
                throw Unexpected(Current, "\",\" or \")\"");
            }
        }

        Advance();
        return labels;
    }

    private PromQLExpression ParseUnary()
    {
        if (Current.Kind == TokenKind.Operator && Current.Text is "+" or "-")
        {
            var sign = Advance();
            var operand = ParseExpression(UnaryOperandPrecedence);
            var span = new QuerySpan(sign.Start, operand.Span.End);
            if (operand is NumberLiteral number)
            {
                return new NumberLiteral(span, sign.Text == "-" ? -number.Value : number.Value);
            }

            if (operand.Type is not (PromQLType.Scalar or PromQLType.InstantVector))
            {
                throw Error(span, $"unary expression only allowed on expressions of type scalar or instant vector, got \"{TypeName(operand.Type)}\"");
            }

            return new UnaryExpression(span, sign.Text[0], operand);
        }

        return ParsePostfix(ParsePrimary());
    }

    private PromQLExpression ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                Advance();
                return new NumberLiteral(token.Span, ParseNumber(token));
            case TokenKind.String:
                Advance();
                return new StringLiteral(token.Span, token.Text);
            case TokenKind.LeftParen:
                Advance();
                var inner = ParseExpression(0);
                var close = Expect(TokenKind.RightParen, "\")\"");
                return new ParenExpression(new QuerySpan(token.Start, close.End), inner);
            case TokenKind.LeftBrace:
                return ParseSelector(null, token);
            case TokenKind.Identifier when tokens[index + 1].Kind == TokenKind.LeftParen:
                return ParseCall();
            case TokenKind.Identifier or TokenKind.MetricIdentifier:
                Advance();
                return ParseSelector(token.Text, token);
            case TokenKind.Keyword when Aggregators.Contains(token.Word) && (tokens[index + 1].Kind == TokenKind.LeftParen || tokens[index + 1].Is(TokenKind.Keyword, "by") || tokens[index + 1].Is(TokenKind.Keyword, "without")):
                return ParseAggregation();
            case TokenKind.Keyword when MetricNameKeywords.Contains(token.Word):
                // Prometheus' grammar lets most keywords name a metric: "by - 1" subtracts one from the series "by".
                Advance();
                return ParseSelector(token.Text, token);
            default:
                throw Unexpected(token, "expression");
        }
    }

    private static double ParseNumber(Token token)
    {
        var text = token.Text;
        var lower = text.ToLowerInvariant();
        if (lower == "inf")
        {
            return double.PositiveInfinity;
        }

        if (lower == "nan")
        {
            return double.NaN;
        }

        // Go's ParseInt with base 0 first (hexadecimal, octal with a leading 0), then ParseFloat.
        if (lower.StartsWith("0x", StringComparison.Ordinal))
        {
            return long.TryParse(lower.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) && lower.Length > 2 && hex >= 0
                ? hex
                : throw Error(token.Span, $"error parsing number: strconv.ParseFloat: parsing \"{text}\": invalid syntax");
        }

        if (OctalInteger().IsMatch(text))
        {
            return Convert.ToInt64(text, 8);
        }

        if (!DecimalNumber().IsMatch(text) || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsInfinity(value))
        {
            throw Error(token.Span, $"error parsing number: strconv.ParseFloat: parsing \"{text}\": invalid syntax");
        }

        return value;
    }

    private PromQLExpression ParseCall()
    {
        var name = Advance();
        if (!PromQLFunction.All.TryGetValue(name.Text, out var function))
        {
            throw Error(name.Span, $"unknown function with name \"{name.Text}\"");
        }

        var (arguments, end) = ParseArguments();
        var span = new QuerySpan(name.Start, end);
        if (arguments.Count < function.MinimumArguments)
        {
            var least = function.Variadic == 0 ? string.Empty : "at least ";
            throw Error(span, $"expected {least}{function.MinimumArguments} argument(s) in call to \"{function.Name}\", got {arguments.Count}");
        }

        if (function.MaximumArguments is { } most && arguments.Count > most)
        {
            var at = function.Variadic == 0 ? string.Empty : "at most ";
            throw Error(span, $"expected {at}{most} argument(s) in call to \"{function.Name}\", got {arguments.Count}");
        }

        for (var i = 0; i < arguments.Count; i++)
        {
            ExpectType(arguments[i], function.ArgumentType(i), $"call to function \"{function.Name}\"");
        }

        return new FunctionCall(span, function, arguments);
    }

    private (List<PromQLExpression> Arguments, int End) ParseArguments()
    {
        Expect(TokenKind.LeftParen, "\"(\"");
        var arguments = new List<PromQLExpression>();
        if (Current.Kind != TokenKind.RightParen)
        {
            arguments.Add(ParseExpression(0));
            while (Current.Kind == TokenKind.Comma)
            {
                var comma = Advance();
                if (Current.Kind == TokenKind.RightParen)
                {
                    throw Error(comma.Span, "trailing commas not allowed in function call args");
                }

                arguments.Add(ParseExpression(0));
            }
        }

        return (arguments, Expect(TokenKind.RightParen, "\",\" or \")\"").End);
    }

    private PromQLExpression ParseAggregation()
    {
        var opToken = Advance();
        var op = opToken.Word;
        List<string>? grouping = null;
        var without = false;
        if (Current.Is(TokenKind.Keyword, "by") || Current.Is(TokenKind.Keyword, "without"))
        {
            without = Advance().Word == "without";
            grouping = ParseLabelList();
        }

        var (arguments, end) = ParseArguments();
        if (grouping is null && (Current.Is(TokenKind.Keyword, "by") || Current.Is(TokenKind.Keyword, "without")))
        {
            without = Advance().Word == "without";
            grouping = ParseLabelList();
            end = tokens[index - 1].End;
        }

        var span = new QuerySpan(opToken.Start, end);
        var withParameter = op is "topk" or "bottomk" or "count_values" or "quantile";
        if (arguments.Count == 0)
        {
            throw Error(span, "no arguments for aggregate expression provided");
        }

        var wanted = withParameter ? 2 : 1;
        if (arguments.Count != wanted)
        {
            throw Error(span, $"wrong number of arguments for aggregate expression provided, expected {wanted}, got {arguments.Count}");
        }

        var expression = arguments[^1];
        ExpectType(expression, PromQLType.InstantVector, "aggregation expression");
        var parameter = withParameter ? arguments[0] : null;
        if (parameter is not null)
        {
            ExpectType(parameter, op == "count_values" ? PromQLType.String : PromQLType.Scalar, "aggregation parameter");
        }

        return new Aggregation(span, op, expression, parameter, grouping, without);
    }

    private VectorSelector ParseSelector(string? metricName, Token first)
    {
        var matchers = new List<LabelMatcher>();
        var end = first.End;
        if (Current.Kind == TokenKind.LeftBrace)
        {
            Advance();
            while (Current.Kind != TokenKind.RightBrace)
            {
                matchers.Add(ParseMatcher());
                if (Current.Kind == TokenKind.Comma)
                {
                    Advance();
                }
                else if (Current.Kind != TokenKind.RightBrace)
                {
                    throw Unexpected(Current, "\",\" or \"}\"");
                }
            }

            end = Advance().End;
        }

        var span = new QuerySpan(first.Start, end);
        if (metricName is not null && matchers.Find(m => m.Name == "__name__") is { } named)
        {
            throw Error(named.Span, $"metric name must not be set twice: \"{metricName}\" or \"{named.Value}\"");
        }

        if (metricName is null && matchers.TrueForAll(m => m.MatchesEmpty))
        {
            throw Error(span, "vector selector must contain at least one non-empty matcher");
        }

        return new VectorSelector(span, metricName ?? matchers.Find(m => m.Name == "__name__" && m.Operator == MatchOperator.Equal)?.Value, matchers, null, false);
    }

    private LabelMatcher ParseMatcher()
    {
        var name = Expect(TokenKind.Identifier, "label matching");
        var op = Current;
        var matchOperator = op.Kind switch
        {
            TokenKind.Assign => MatchOperator.Equal,
            TokenKind.Operator when op.Text == "!=" => MatchOperator.NotEqual,
            TokenKind.RegexMatch => MatchOperator.RegexMatch,
            TokenKind.RegexNoMatch => MatchOperator.RegexNoMatch,
            _ => throw Unexpected(op, "label matching operator"),
        };
        Advance();
        var value = Expect(TokenKind.String, "string");
        var matcher = new LabelMatcher(name.Text, matchOperator, value.Text, new QuerySpan(name.Start, value.End), value.Span);
        if (matcher.IsRegex && PromQLRegex.Error(value.Text) is { } regexError)
        {
            throw Error(value.Span, $"error parsing regexp: {regexError}");
        }

        return matcher;
    }

    /// <summary>Ranges, subqueries, offsets and <c>@</c> after an expression; each checks what it follows as Prometheus does.</summary>
    private PromQLExpression ParsePostfix(PromQLExpression expression)
    {
        while (true)
        {
            if (Current.Kind == TokenKind.LeftBracket)
            {
                expression = ParseRangeOrSubquery(expression);
            }
            else if (Current.Is(TokenKind.Keyword, "offset"))
            {
                expression = ParseOffset(expression);
            }
            else if (Current.Kind == TokenKind.At)
            {
                expression = ParseAt(expression);
            }
            else
            {
                return expression;
            }
        }
    }

    private PromQLExpression ParseRangeOrSubquery(PromQLExpression expression)
    {
        Advance();
        var range = ParseDuration(Expect(TokenKind.Duration, "duration"));
        if (Current.Kind == TokenKind.RightBracket)
        {
            var end = Advance().End;
            var span = new QuerySpan(expression.Span.Start, end);
            if (expression is not VectorSelector selector)
            {
                throw Error(span, "ranges only allowed for vector selectors");
            }

            if (selector.Offset is not null)
            {
                throw Error(span, "no offset modifiers allowed before range");
            }

            if (selector.HasAt)
            {
                throw Error(span, "no @ modifiers allowed before range");
            }

            return new MatrixSelector(span, selector, range);
        }

        Expect(TokenKind.Colon, "\":\" or \"]\"");
        TimeSpan? step = Current.Kind == TokenKind.Duration ? ParseDuration(Advance()) : null;
        var close = Expect(TokenKind.RightBracket, "\"]\"");
        var subquerySpan = new QuerySpan(expression.Span.Start, close.End);
        if (expression.Type != PromQLType.InstantVector)
        {
            throw Error(subquerySpan, $"subquery is only allowed on instant vector, got {TypeName(expression.Type)} instead");
        }

        return new Subquery(subquerySpan, expression, range, step, false, false);
    }

    private PromQLExpression ParseOffset(PromQLExpression expression)
    {
        var keyword = Advance();
        var negative = false;
        if (Current.Is(TokenKind.Operator, "-"))
        {
            Advance();
            negative = true;
        }

        var durationToken = Expect(TokenKind.Duration, "duration");
        var offset = ParseDuration(durationToken);
        offset = negative ? -offset : offset;
        var span = new QuerySpan(expression.Span.Start, durationToken.End);
        return expression switch
        {
            VectorSelector { Offset: not null and var existing } when existing != TimeSpan.Zero => throw Error(keyword.Span, "offset may not be set multiple times"),
            VectorSelector selector => selector with { Span = span, Offset = offset },
            MatrixSelector { Selector.Offset: not null and var existing } when existing != TimeSpan.Zero => throw Error(keyword.Span, "offset may not be set multiple times"),
            MatrixSelector matrix => matrix with { Span = span, Selector = matrix.Selector with { Offset = offset } },
            Subquery { HasOffset: true } => throw Error(keyword.Span, "offset may not be set multiple times"),
            Subquery subquery => subquery with { Span = span, HasOffset = true },
            _ => throw Error(keyword.Span, "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery"),
        };
    }

    private PromQLExpression ParseAt(PromQLExpression expression)
    {
        var at = Advance();
        int end;
        if (Current.Is(TokenKind.Keyword, "start") || Current.Is(TokenKind.Keyword, "end"))
        {
            Advance();
            Expect(TokenKind.LeftParen, "\"(\"");
            end = Expect(TokenKind.RightParen, "\")\"").End;
        }
        else
        {
            var negative = false;
            if (Current.Kind == TokenKind.Operator && Current.Text is "+" or "-")
            {
                negative = Advance().Text == "-";
            }

            var numberToken = Expect(TokenKind.Number, "number or \"start()\" or \"end()\"");
            var timestamp = ParseNumber(numberToken) * (negative ? -1 : 1);
            end = numberToken.End;
            if (double.IsNaN(timestamp) || double.IsInfinity(timestamp) || Math.Abs(timestamp * 1000) > long.MaxValue)
            {
                throw Error(numberToken.Span, $"timestamp out of bounds for @ modifier: {timestamp.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        var span = new QuerySpan(expression.Span.Start, end);
        return expression switch
        {
            VectorSelector { HasAt: true } or MatrixSelector { Selector.HasAt: true } or Subquery { HasAt: true } => throw Error(at.Span, "@ <timestamp> may not be set multiple times"),
            VectorSelector selector => selector with { Span = span, HasAt = true },
            MatrixSelector matrix => matrix with { Span = span, Selector = matrix.Selector with { HasAt = true } },
            Subquery subquery => subquery with { Span = span, HasAt = true },
            _ => throw Error(at.Span, "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery"),
        };
    }

    private static PromQLExpression CheckBinary(BinaryExpression binary, QuerySpan operatorSpan)
    {
        var op = binary.Operator;
        var setOperator = op is "and" or "or" or "unless";
        if (binary.ReturnBool && !binary.IsComparison)
        {
            throw Error(operatorSpan, "bool modifier can only be used on comparison operators");
        }

        var (left, right) = (binary.Left.Type, binary.Right.Type);
        if (binary.IsComparison && !binary.ReturnBool && left == PromQLType.Scalar && right == PromQLType.Scalar)
        {
            throw Error(operatorSpan, "comparisons between scalars must use BOOL modifier");
        }

        if (binary.Matching is { On: true } onMatching && onMatching.Labels.FirstOrDefault(onMatching.Include.Contains) is { } both)
        {
            throw Error(operatorSpan, $"label \"{both}\" must not occur in ON and GROUP clause at once");
        }

        if (left is not (PromQLType.Scalar or PromQLType.InstantVector) || right is not (PromQLType.Scalar or PromQLType.InstantVector))
        {
            throw Error(binary.Span, "binary expression must contain only scalar and instant vector types");
        }

        var bothVectors = left == PromQLType.InstantVector && right == PromQLType.InstantVector;
        if (!bothVectors && binary.Matching is { } matching)
        {
            if (matching.Labels.Count > 0)
            {
                throw Error(operatorSpan, "vector matching only allowed between instant vectors");
            }

            binary = binary with { Matching = null };
        }
        else if (setOperator && binary.Matching?.Group is not null)
        {
            throw Error(operatorSpan, $"no grouping allowed for \"{op}\" operation");
        }

        if (setOperator && !bothVectors)
        {
            throw Error(operatorSpan, $"set operator \"{op}\" not allowed in binary scalar expression");
        }

        return binary;
    }

    private static void ExpectType(PromQLExpression expression, PromQLType wanted, string context)
    {
        if (expression.Type != wanted)
        {
            throw Error(expression.Span, $"expected type {TypeName(wanted)} in {context}, got {TypeName(expression.Type)}");
        }
    }

    /// <summary>A duration as Prometheus' model.ParseDuration reads it: units from years down to milliseconds, each at most once, in order.</summary>
    private static TimeSpan ParseDuration(Token token)
    {
        var match = PrometheusDuration().Match(token.Text);
        if (!match.Success || token.Text.Length == 0)
        {
            throw Error(token.Span, $"not a valid duration string: \"{token.Text}\"");
        }

        var milliseconds = 0m;
        foreach (var (group, unit) in new (string, decimal)[] { ("y", 365m * 24 * 3600 * 1000), ("w", 7m * 24 * 3600 * 1000), ("d", 24m * 3600 * 1000), ("h", 3600m * 1000), ("m", 60m * 1000), ("s", 1000m), ("ms", 1m) })
        {
            if (match.Groups[group].Success)
            {
                milliseconds += decimal.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) * unit;
            }
        }

        if (milliseconds > long.MaxValue / TimeSpan.TicksPerMillisecond)
        {
            throw Error(token.Span, $"not a valid duration string: \"{token.Text}\"");
        }

        if (milliseconds == 0)
        {
            throw Error(token.Span, "duration must be greater than 0");
        }

        return TimeSpan.FromMilliseconds((double)milliseconds);
    }

    internal static string TypeName(PromQLType type) => type switch
    {
        PromQLType.Scalar => "scalar",
        PromQLType.InstantVector => "instant vector",
        PromQLType.RangeVector => "range vector",
        _ => "string",
    };

    [GeneratedRegex(@"^(?:(?<y>[0-9]+)y)?(?:(?<w>[0-9]+)w)?(?:(?<d>[0-9]+)d)?(?:(?<h>[0-9]+)h)?(?:(?<m>[0-9]+)m)?(?:(?<s>[0-9]+)s)?(?:(?<ms>[0-9]+)ms)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PrometheusDuration();

    [GeneratedRegex("^0[0-7]+$", RegexOptions.CultureInvariant)]
    private static partial Regex OctalInteger();

    [GeneratedRegex(@"^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalNumber();

    private sealed class PromQLSyntaxException(string message, QuerySpan span) : Exception(message)
    {
        public QuerySpan Span { get; } = span;
    }
}
