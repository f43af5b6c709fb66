using System.Globalization;
using System.Text;

namespace CanaryGuard.Rules.Templates;

/// <summary>
/// Renders a MetricTemplate query as Flagger v1.44 does (observers.RenderQuery): Go's text/template with the model's
/// values as functions of no arguments, Go's builtins, and nil data. Errors are Go's, at the place in the template.
/// </summary>
public sealed class FlaggerTemplate
{
    /// <summary>What a value Go cannot print as anything else (a missing key, a field of the nil data) renders as.</summary>
    public const string NoValue = "<no value>";

    private readonly FlaggerTemplateData data;
    private readonly StringBuilder output = new();
    private readonly List<int> sourceOffsets = [];
    private readonly List<RenderedAction> actions = [];
    private readonly List<MissingVariable> missingVariables = [];
    private readonly Dictionary<string, object?> variables = new(StringComparer.Ordinal) { ["$"] = null };
    private HashSet<string> calledFunctions = new(StringComparer.Ordinal);

    private FlaggerTemplate(FlaggerTemplateData data) => this.data = data;

    public static RenderedTemplate Render(string template, FlaggerTemplateData data)
    {
        var renderer = new FlaggerTemplate(data);
        TemplateError? error = null;
        string? unsupported = null;
        try
        {
            var nodes = GoTemplateParser.Parse(template, FlaggerTemplateData.Functions);
            renderer.Run(nodes, dot: null);
        }
        catch (TemplateException e)
        {
            error = new TemplateError(e.Message, e.Start, Math.Max(e.End, e.Start));
        }
        catch (TemplateUnsupportedException e)
        {
            unsupported = e.Message;
        }

        return new RenderedTemplate(renderer.output.ToString(), [.. renderer.sourceOffsets], renderer.actions, renderer.missingVariables, error, unsupported);
    }

    private void Run(IReadOnlyList<TemplateNode> nodes, object? dot)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode text:
                    Write(text.Text, text.TextStart, perCharacter: true);
                    break;
                case ActionNode action:
                    calledFunctions = new HashSet<string>(StringComparer.Ordinal);
                    var renderedStart = output.Length;
                    var value = Evaluate(action.Pipeline, dot);
                    if (action.Pipeline.Declared.Count == 0)
                    {
                        Write(Print(value), action.Start, perCharacter: false);
                    }

                    actions.Add(new RenderedAction(action.Start, action.End, renderedStart, output.Length, calledFunctions));
                    break;
                case BranchNode branch:
                    RunBranch(branch, dot);
                    break;
                default:
                    break;
            }
        }
    }

    private void RunBranch(BranchNode branch, object? dot)
    {
        var value = Evaluate(branch.Pipeline, dot);
        switch (branch.Keyword)
        {
            case "if":
                Run(IsTrue(value) ? branch.Then : branch.Else, dot);
                break;
            case "with":
                Run(IsTrue(value) ? branch.Then : branch.Else, IsTrue(value) ? value : dot);
                break;
            default:
                var entries = value switch
                {
                    IReadOnlyDictionary<string, string> map => map.OrderBy(e => e.Key, StringComparer.Ordinal).ToList(),
                    FlaggerTemplateData.StandInVariables => [],
                    _ => throw new TemplateUnsupportedException("range over a value that is not a map"),
                };
                if (entries.Count == 0)
                {
                    Run(branch.Else, dot);
                }

                foreach (var (key, element) in entries)
                {
                    if (branch.Pipeline.Declared.Count == 2)
                    {
                        variables[branch.Pipeline.Declared[0]] = key;
                        variables[branch.Pipeline.Declared[1]] = element;
                    }
                    else if (branch.Pipeline.Declared.Count == 1)
                    {
                        variables[branch.Pipeline.Declared[0]] = element;
                    }

                    Run(branch.Then, element);
                }

                break;
        }
    }

    private void Write(string text, int sourceStart, bool perCharacter)
    {
        output.Append(text);
        for (var i = 0; i < text.Length; i++)
        {
            sourceOffsets.Add(perCharacter ? sourceStart + i : sourceStart);
        }
    }

    private object? Evaluate(Pipeline pipeline, object? dot)
    {
        object? value = null;
        var hasFinal = false;
        foreach (var command in pipeline.Commands)
        {
            value = EvaluateCommand(command, dot, hasFinal, value);
            hasFinal = true;
        }

        foreach (var name in pipeline.Declared)
        {
            if (pipeline.IsAssignment && !variables.ContainsKey(name))
            {
                throw new TemplateException($"undefined variable: {name}", pipeline.Start, pipeline.End);
            }

            variables[name] = value;
        }

        return value;
    }

    private object? EvaluateCommand(Command command, object? dot, bool hasFinal, object? final)
    {
        var first = command.Words[0];
        var arguments = command.Words.Skip(1).ToList();
        if (first.Kind == OperandKind.Function)
        {
            var result = Call(first, arguments, dot, hasFinal, final);
            return Chain(result, first);
        }

        if (arguments.Count > 0 || hasFinal)
        {
            if (first.Kind == OperandKind.Field && dot is null)
            {
                return NoValueMarker.Instance;
            }

            throw new TemplateException($"can't give argument to non-function {Source(first)}", first.Start, first.End);
        }

        if (first.Kind == OperandKind.Nil)
        {
            throw new TemplateException("nil is not a command", first.Start, first.End);
        }

        return EvaluateOperand(first, dot);
    }

    private object? EvaluateOperand(Operand operand, object? dot)
    {
        object? value = operand.Kind switch
        {
            OperandKind.Function => Call(operand, [], dot, false, null),
            OperandKind.Field or OperandKind.Dot => dot ?? (operand.Kind == OperandKind.Field ? NoValueMarker.Instance : null),
            OperandKind.Variable => variables.TryGetValue(operand.Text, out var variable) ? variable : throw new TemplateException($"undefined variable \"{operand.Text}\"", operand.Start, operand.End),
            OperandKind.String => operand.Text,
            OperandKind.Number => ParseNumber(operand.Text),
            OperandKind.Bool => operand.Text == "true",
            OperandKind.Pipeline => Evaluate(operand.Inner!, dot),
            _ => throw new TemplateUnsupportedException("nil as an argument"),
        };
        return Chain(value, operand);
    }

    /// <summary>Follows a field chain: keys of a map (a missing one is Go's zero value), an error on anything else.</summary>
    private object? Chain(object? value, Operand operand)
    {
        foreach (var field in operand.Chain)
        {
            value = value switch
            {
                null or NoValueMarker when operand.Kind is OperandKind.Field or OperandKind.Dot => NoValueMarker.Instance,
                FlaggerTemplateData.StandInVariables => FlaggerTemplateData.StandInVariable,
                IReadOnlyDictionary<string, string> map when map.TryGetValue(field, out var found) => found,
                IReadOnlyDictionary<string, string> => Missing(field, operand),
                _ => throw new TemplateException($"can't evaluate field {field} in type {GoType(value)}", operand.Start, operand.End),
            };
        }

        return value;
    }

    private NoValueMarker Missing(string field, Operand operand)
    {
        missingVariables.Add(new MissingVariable(field, operand.Start, operand.End));
        return NoValueMarker.Instance;
    }

    private object? Call(Operand function, IReadOnlyList<Operand> arguments, object? dot, bool hasFinal, object? final)
    {
        calledFunctions.Add(function.Text);
        var values = arguments.Select(a => EvaluateOperand(a, dot)).ToList();
        if (hasFinal)
        {
            values.Add(final);
        }

        if (FlaggerTemplateData.Functions.Contains(function.Text))
        {
            return values.Count == 0
                ? data.Call(function.Text)
                : throw new TemplateException($"wrong number of args for {function.Text}: want 0 got {values.Count}", function.Start, function.End);
        }

        return function.Text switch
        {
            "printf" => values.Count > 0 && values[0] is string format
                ? GoFormat.Sprintf(format, values.Skip(1).ToList())
                : throw new TemplateException(values.Count == 0 ? "wrong number of args for printf: want at least 1 got 0" : $"wrong type for value; expected string; got {GoType(values[0])}", function.Start, function.End),
            "print" => GoFormat.Sprint(values),
            "println" => string.Join(' ', values.Select(Print)) + "\n",
            "not" => values.Count == 1 ? !IsTrue(values[0]) : throw WrongArguments(function, 1, values.Count),
            "and" => values.Count > 0 ? values.FirstOrDefault(v => !IsTrue(v), values[^1]) : throw WrongArguments(function, 1, 0),
            "or" => values.Count > 0 ? values.FirstOrDefault(IsTrue, values[^1]) : throw WrongArguments(function, 1, 0),
            "len" => values is [string s] ? (long)Encoding.UTF8.GetByteCount(s)
                : values is [IReadOnlyDictionary<string, string> m] ? (long)m.Count
                : throw new TemplateUnsupportedException("len of this value"),
            "index" => values is [IReadOnlyDictionary<string, string> map, string key] ? (map.TryGetValue(key, out var v) ? v : string.Empty)
                : throw new TemplateUnsupportedException("index of this value"),
            "eq" => values.Count >= 2 ? values.Skip(1).Any(v => Compare(values[0], v, function) == 0) : throw WrongArguments(function, 2, values.Count),
            "ne" => values.Count == 2 ? Compare(values[0], values[1], function) != 0 : throw WrongArguments(function, 2, values.Count),
            "lt" => values.Count == 2 ? Compare(values[0], values[1], function) < 0 : throw WrongArguments(function, 2, values.Count),
            "le" => values.Count == 2 ? Compare(values[0], values[1], function) <= 0 : throw WrongArguments(function, 2, values.Count),
            "gt" => values.Count == 2 ? Compare(values[0], values[1], function) > 0 : throw WrongArguments(function, 2, values.Count),
            "ge" => values.Count == 2 ? Compare(values[0], values[1], function) >= 0 : throw WrongArguments(function, 2, values.Count),
            _ => throw new TemplateUnsupportedException($"the function {function.Text}"),
        };
    }

    private static TemplateException WrongArguments(Operand function, int want, int got) =>
        new($"wrong number of args for {function.Text}: want {want} got {got}", function.Start, function.End);

    private static int Compare(object? left, object? right, Operand function) => (left, right) switch
    {
        (string a, string b) => string.CompareOrdinal(a, b),
        (long a, long b) => a.CompareTo(b),
        (double a, double b) => a.CompareTo(b),
        (bool a, bool b) when function.Text is "eq" or "ne" => a.CompareTo(b),
        _ => throw new TemplateException("incompatible types for comparison", function.Start, function.End),
    };

    private static object ParseNumber(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) ? (object)integer : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static bool IsTrue(object? value) => value switch
    {
        null or NoValueMarker => false,
        string s => s.Length > 0,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        IReadOnlyDictionary<string, string> map => map.Count > 0,
        _ => true,
    };

    internal static string Print(object? value) => value switch
    {
        null or NoValueMarker => NoValue,
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => GoFormat.Float(d),
        IReadOnlyDictionary<string, string> map => "map[" + string.Join(' ', map.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + ":" + e.Value)) + "]",
        FlaggerTemplateData.StandInVariables => "map[]",
        _ => value.ToString() ?? string.Empty,
    };

    internal static string GoType(object? value) => value switch
    {
        null or NoValueMarker => "<nil>",
        string => "string",
        bool => "bool",
        long => "int",
        double => "float64",
        _ => "map[string]string",
    };

    private static string Source(Operand operand) => operand.Kind switch
    {
        OperandKind.String => $"\"{operand.Text}\"",
        _ => operand.Text,
    };

    /// <summary>Go's invalid reflect.Value: what a missing map key or a field of nil data evaluates to.</summary>
    internal sealed class NoValueMarker
    {
        public static readonly NoValueMarker Instance = new();

        private NoValueMarker()
        {
        }
    }
}
