using System.Globalization;
using System.Text;

namespace CanaryGuard.Rules.Templates;

/// <summary>A node of a parsed Go text/template, with where it stands in the template.</summary>
internal abstract record TemplateNode(int Start, int End);

internal sealed record TextNode(int Start, int End, string Text, int TextStart) : TemplateNode(Start, End);

/// <summary>An action (<c>{{ pipeline }}</c>); <see cref="Declared"/> names the variables it declares or assigns.</summary>
internal sealed record ActionNode(int Start, int End, Pipeline Pipeline) : TemplateNode(Start, End);

/// <summary><c>if</c>, <c>with</c> and <c>range</c>: a pipeline, the list run when it holds, and the else list.</summary>
internal sealed record BranchNode(int Start, int End, string Keyword, Pipeline Pipeline, IReadOnlyList<TemplateNode> Then, IReadOnlyList<TemplateNode> Else) : TemplateNode(Start, End);

internal sealed record Pipeline(int Start, int End, IReadOnlyList<string> Declared, bool IsAssignment, IReadOnlyList<Command> Commands);

internal sealed record Command(int Start, int End, IReadOnlyList<Operand> Words);

internal enum OperandKind
{
    Function,
    Field,
    Dot,
    Variable,
    String,
    Number,
    Bool,
    Nil,
    Pipeline,
}

/// <summary>An operand: a function, a field of the data, a variable, a literal or a parenthesised pipeline, with a field chain after it.</summary>
internal sealed record Operand(int Start, int End, OperandKind Kind, string Text, Pipeline? Inner, IReadOnlyList<string> Chain);

/// <summary>Thrown where the template cannot be parsed or run as Go would; carries Go's message and where.</summary>
internal sealed class TemplateException(string message, int start, int end) : Exception(message)
{
    public int Start { get; } = start;

    public int End { get; } = end;
}

/// <summary>Thrown for a construct this renderer does not follow; never for one Go would refuse.</summary>
internal sealed class TemplateUnsupportedException(string construct) : Exception(construct);

/// <summary>
/// Parses Go's text/template as Go does for the parts MetricTemplate queries use: text and actions with trim markers,
/// comments, pipelines, function calls (a name Go cannot find is a parse error, as in Go), fields and chains,
/// variables, literals and if/with/range with else. define, template, block, break and continue are not followed.
/// </summary>
internal sealed class GoTemplateParser
{
    private static readonly HashSet<string> Builtins = new(["and", "or", "not", "len", "index", "slice", "print", "printf", "println", "html", "js", "urlquery", "eq", "ne", "lt", "le", "gt", "ge", "call"], StringComparer.Ordinal);

    private readonly string text;
    private readonly IReadOnlySet<string> functions;
    private int position;

    private GoTemplateParser(string text, IReadOnlySet<string> functions)
    {
        this.text = text;
        this.functions = functions;
    }

    public static IReadOnlyList<TemplateNode> Parse(string template, IReadOnlySet<string> functions)
    {
        var parser = new GoTemplateParser(template, functions);
        var (nodes, end) = parser.ParseList();
        if (end is not null)
        {
            throw new TemplateException($"unexpected {{{{{end.Value.Keyword}}}}}", end.Value.Start, end.Value.End);
        }

        return nodes;
    }

    private readonly record struct ListEnd(string Keyword, int Start, int End, int ActionEnd, int AfterKeyword);

    /// <summary>Nodes up to the end of input, or up to an <c>{{else}}</c>/<c>{{end}}</c> (returned, not consumed past its keyword).</summary>
    private (List<TemplateNode> Nodes, ListEnd? End) ParseList()
    {
        var nodes = new List<TemplateNode>();
        var trimNext = false;
        while (position < text.Length)
        {
            var open = text.IndexOf("{{", position, StringComparison.Ordinal);
            var textEnd = open < 0 ? text.Length : open;
            var trimBefore = open >= 0 && open + 3 < text.Length && text[open + 2] == '-' && IsSpace(text[open + 3]);
            AddText(nodes, position, textEnd, trimNext, trimBefore);
            if (open < 0)
            {
                position = text.Length;
                break;
            }

            var bodyStart = open + (trimBefore ? 3 : 2);
            if (Comment(open, bodyStart, out trimNext))
            {
                continue;
            }

            var actionEnd = FindActionEnd(open, bodyStart, out var bodyEnd, out trimNext);
            var lexer = new ActionLexer(text, bodyStart, bodyEnd);
            var first = lexer.Peek();
            if (first.Kind == ActionTokenKind.Keyword)
            {
                switch (first.Text)
                {
                    case "end" or "else":
                        position = actionEnd;
                        return (nodes, new ListEnd(first.Text, open, actionEnd, actionEnd, first.End));
                    case "if" or "with" or "range":
                        lexer.Next();
                        position = actionEnd;
                        nodes.Add(ParseBranch(first.Text, open, lexer));
                        continue;
                    default:
                        throw new TemplateUnsupportedException($"{{{{{first.Text}}}}}");
                }
            }

            var pipeline = ParsePipeline(lexer, allowDeclaration: true);
            if (pipeline.Commands.Count == 0)
            {
                throw new TemplateException("missing value for command", open, actionEnd);
            }

            nodes.Add(new ActionNode(open, actionEnd, pipeline));
            position = actionEnd;
        }

        return (nodes, null);
    }

    private BranchNode ParseBranch(string keyword, int start, ActionLexer lexer)
    {
        var pipeline = ParsePipeline(lexer, allowDeclaration: true);
        if (pipeline.Commands.Count == 0)
        {
            throw new TemplateException($"missing value for {keyword}", start, position);
        }

        var (then, end) = ParseList();
        if (end is null)
        {
            throw new TemplateException("unexpected EOF", text.Length, text.Length);
        }

        IReadOnlyList<TemplateNode> otherwise = [];
        if (end.Value.Keyword == "else")
        {
            var elseLexer = new ActionLexer(text, end.Value.AfterKeyword, BodyEnd(end.Value.Start, end.Value.ActionEnd));
            var next = elseLexer.Peek();
            if (next.Kind == ActionTokenKind.Keyword && next.Text is "if" or "with")
            {
                // {{else if p}} is {{else}}{{if p}} ... with the if's {{end}} shared.
                elseLexer.Next();
                otherwise = [ParseBranch(next.Text, end.Value.Start, elseLexer)];
                return new BranchNode(start, position, keyword, pipeline, then, otherwise);
            }

            if (next.Kind != ActionTokenKind.End)
            {
                throw new TemplateException($"unexpected {next.Describe()} in else", next.Start, next.End);
            }

            (var elseNodes, end) = ParseList();
            if (end is not { Keyword: "end" })
            {
                throw new TemplateException(end is null ? "unexpected EOF" : "expected end; found {{else}}", end?.Start ?? text.Length, end?.End ?? text.Length);
            }

            otherwise = elseNodes;
        }

        return new BranchNode(start, position, keyword, pipeline, then, otherwise);
    }

    private int BodyEnd(int open, int actionEnd) =>
        actionEnd >= 3 && text[actionEnd - 3] == '-' && actionEnd - 4 >= open && IsSpace(text[actionEnd - 4]) ? actionEnd - 3 : actionEnd - 2;

    private void AddText(List<TemplateNode> nodes, int start, int end, bool trimStart, bool trimEnd)
    {
        var textStart = start;
        if (trimStart)
        {
            while (textStart < end && IsSpace(text[textStart]))
            {
                textStart++;
            }
        }

        var textEnd = end;
        if (trimEnd)
        {
            while (textEnd > textStart && IsSpace(text[textEnd - 1]))
            {
                textEnd--;
            }
        }

        if (textEnd > textStart)
        {
            nodes.Add(new TextNode(start, end, text[textStart..textEnd], textStart));
        }
    }

    private bool Comment(int open, int bodyStart, out bool trimAfter)
    {
        trimAfter = false;
        if (string.CompareOrdinal(text, bodyStart, "/*", 0, 2) != 0)
        {
            return false;
        }

        var close = text.IndexOf("*/", bodyStart + 2, StringComparison.Ordinal);
        if (close < 0)
        {
            throw new TemplateException("unclosed comment", open, text.Length);
        }

        var after = close + 2;
        if (string.CompareOrdinal(text, after, " -}}", 0, 4) == 0)
        {
            trimAfter = true;
            after += 4;
        }
        else if (string.CompareOrdinal(text, after, "}}", 0, 2) == 0)
        {
            after += 2;
        }
        else
        {
            throw new TemplateException("comment ends before closing delimiter", open, after);
        }

        position = after;
        return true;
    }

    /// <summary>Where the action opened at <paramref name="open"/> ends (past its <c>}}</c>), skipping over quoted strings.</summary>
    private int FindActionEnd(int open, int bodyStart, out int bodyEnd, out bool trimAfter)
    {
        for (var i = bodyStart; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '"' or '\'' or '`')
            {
                var close = c == '`' ? text.IndexOf('`', i + 1) : QuotedEnd(i, c);
                if (close < 0)
                {
                    throw new TemplateException(c == '`' ? "unterminated raw quoted string" : "unterminated quoted string", i, text.Length);
                }

                i = close;
                continue;
            }

            if (c == '}' && i + 1 < text.Length && text[i + 1] == '}')
            {
                trimAfter = i - 2 >= bodyStart && text[i - 1] == '-' && IsSpace(text[i - 2]);
                bodyEnd = trimAfter ? i - 1 : i;
                return i + 2;
            }
        }

        throw new TemplateException("unclosed action", open, text.Length);
    }

    private int QuotedEnd(int start, char quote)
    {
        for (var i = start + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == quote)
            {
                return i;
            }
            else if (text[i] == '\n')
            {
                return -1;
            }
        }

        return -1;
    }

    private Pipeline ParsePipeline(ActionLexer lexer, bool allowDeclaration)
    {
        var start = lexer.Peek().Start;
        var declared = new List<string>();
        var assignment = false;
        if (allowDeclaration && lexer.Peek().Kind == ActionTokenKind.Variable)
        {
            var save = lexer.Save();
            var variables = new List<string> { lexer.Next().Text };
            if (lexer.Peek().Kind == ActionTokenKind.Comma)
            {
                lexer.Next();
                if (lexer.Peek().Kind == ActionTokenKind.Variable)
                {
                    variables.Add(lexer.Next().Text);
                }
            }

            if (lexer.Peek().Kind is ActionTokenKind.Declare or ActionTokenKind.Assign)
            {
                assignment = lexer.Next().Kind == ActionTokenKind.Assign;
                declared = variables;
            }
            else
            {
                lexer.Restore(save);
            }
        }

        var commands = new List<Command>();
        while (true)
        {
            var command = ParseCommand(lexer);
            if (command is null)
            {
                break;
            }

            commands.Add(command);
            if (lexer.Peek().Kind != ActionTokenKind.Pipe)
            {
                break;
            }

            var pipe = lexer.Next();
            if (lexer.Peek().Kind is ActionTokenKind.End or ActionTokenKind.RightParen)
            {
                throw new TemplateException("missing command", pipe.Start, pipe.End);
            }
        }

        var next = lexer.Peek();
        if (next.Kind is not (ActionTokenKind.End or ActionTokenKind.RightParen))
        {
            throw new TemplateException($"unexpected {next.Describe()} in operand", next.Start, next.End);
        }

        return new Pipeline(start, next.Start, declared, assignment, commands);
    }

    private Command? ParseCommand(ActionLexer lexer)
    {
        var words = new List<Operand>();
        while (ParseOperand(lexer) is { } operand)
        {
            words.Add(operand);
        }

        return words.Count == 0 ? null : new Command(words[0].Start, words[^1].End, words);
    }

    private Operand? ParseOperand(ActionLexer lexer)
    {
        var token = lexer.Peek();
        Operand operand;
        switch (token.Kind)
        {
            case ActionTokenKind.Identifier:
                lexer.Next();
                if (!functions.Contains(token.Text) && !Builtins.Contains(token.Text))
                {
                    throw new TemplateException($"function \"{token.Text}\" not defined", token.Start, token.End);
                }

                operand = new Operand(token.Start, token.End, OperandKind.Function, token.Text, null, []);
                break;
            case ActionTokenKind.Field:
                lexer.Next();
                operand = new Operand(token.Start, token.End, OperandKind.Field, string.Empty, null, token.Text.Split('.', StringSplitOptions.RemoveEmptyEntries));
                return operand;
            case ActionTokenKind.Dot:
                lexer.Next();
                operand = new Operand(token.Start, token.End, OperandKind.Dot, ".", null, []);
                break;
            case ActionTokenKind.Variable:
                lexer.Next();
                operand = new Operand(token.Start, token.End, OperandKind.Variable, token.Text, null, []);
                break;
            case ActionTokenKind.String:
                lexer.Next();
                operand = new Operand(token.Start, token.End, OperandKind.String, token.Text, null, []);
                break;
            case ActionTokenKind.Number:
                lexer.Next();
                operand = new Operand(token.Start, token.End, OperandKind.Number, token.Text, null, []);
                break;
            case ActionTokenKind.Keyword when token.Text is "true" or "false":
                lexer.Next();
                operand = new Operand(token.Start, token.End, OperandKind.Bool, token.Text, null, []);
                break;
            case ActionTokenKind.Keyword when token.Text == "nil":
                lexer.Next();
                operand = new Operand(token.Start, token.End, OperandKind.Nil, token.Text, null, []);
                break;
            case ActionTokenKind.LeftParen:
                lexer.Next();
                var inner = ParsePipeline(lexer, allowDeclaration: false);
                var close = lexer.Next();
                if (close.Kind != ActionTokenKind.RightParen)
                {
                    throw new TemplateException("unclosed left paren", token.Start, close.End);
                }

                operand = new Operand(token.Start, close.End, OperandKind.Pipeline, "(", inner, []);
                break;
            default:
                return null;
        }

        // A field right after an operand (no space) chains: variables.direction, (target).x, $v.key.
        if (lexer.Peek() is { Kind: ActionTokenKind.Field } field && field.Start == operand.End)
        {
            lexer.Next();
            if (operand.Kind is OperandKind.String or OperandKind.Number or OperandKind.Bool or OperandKind.Nil)
            {
                throw new TemplateException($"unexpected . after term \"{text[operand.Start..operand.End]}\"", field.Start, field.End);
            }

            return operand with { End = field.End, Chain = field.Text.Split('.', StringSplitOptions.RemoveEmptyEntries) };
        }

        return operand;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';
}

internal enum ActionTokenKind
{
    End,
    Identifier,
    Keyword,
    Field,
    Dot,
    Variable,
    String,
    Number,
    Pipe,
    LeftParen,
    RightParen,
    Declare,
    Assign,
    Comma,
}

internal readonly record struct ActionToken(ActionTokenKind Kind, string Text, int Start, int End)
{
    public string Describe() => Kind == ActionTokenKind.End ? "end of action" : $"\"{Text}\"";
}

/// <summary>The words of one action's body, as Go's lexer splits them.</summary>
internal sealed class ActionLexer(string text, int start, int end)
{
    private static readonly HashSet<string> Keywords = new(["if", "else", "end", "range", "with", "define", "template", "block", "break", "continue", "true", "false", "nil"], StringComparer.Ordinal);

    private int position = start;
    private ActionToken? peeked;

    public int Save() => peeked?.Start ?? position;

    public void Restore(int saved)
    {
        position = saved;
        peeked = null;
    }

    public ActionToken Peek() => peeked ??= Scan();

    public ActionToken Next()
    {
        var token = Peek();
        peeked = null;
        return token;
    }

    private ActionToken Scan()
    {
        while (position < end && text[position] is ' ' or '\t' or '\r' or '\n')
        {
            position++;
        }

        if (position >= end)
        {
            return new ActionToken(ActionTokenKind.End, string.Empty, end, end);
        }

        var tokenStart = position;
        var c = text[position];
        switch (c)
        {
            case '|':
                position++;
                return Token(ActionTokenKind.Pipe, tokenStart);
            case '(':
                position++;
                return Token(ActionTokenKind.LeftParen, tokenStart);
            case ')':
                position++;
                return Token(ActionTokenKind.RightParen, tokenStart);
            case ',':
                position++;
                return Token(ActionTokenKind.Comma, tokenStart);
            case ':' when position + 1 < end && text[position + 1] == '=':
                position += 2;
                return Token(ActionTokenKind.Declare, tokenStart);
            case '=':
                position++;
                return Token(ActionTokenKind.Assign, tokenStart);
            case '"':
                return QuotedString(tokenStart);
            case '`':
                position = text.IndexOf('`', position + 1) + 1;
                return new ActionToken(ActionTokenKind.String, text[(tokenStart + 1)..(position - 1)], tokenStart, position);
            case '\'':
                throw new TemplateUnsupportedException("a character constant");
            case '$':
                position++;
                ReadWord();
                return Token(ActionTokenKind.Variable, tokenStart);
            case '.' when position + 1 < end && IsWordStart(text[position + 1]):
                while (position < end && text[position] == '.' && position + 1 < end && IsWordStart(text[position + 1]))
                {
                    position++;
                    ReadWord();
                }

                return Token(ActionTokenKind.Field, tokenStart);
            case '.' when position + 1 < end && char.IsDigit(text[position + 1]):
                return Number(tokenStart);
            case '.':
                position++;
                return Token(ActionTokenKind.Dot, tokenStart);
            default:
                if (char.IsDigit(c) || c is '-' or '+')
                {
                    return Number(tokenStart);
                }

                if (IsWordStart(c))
                {
                    ReadWord();
                    var word = text[tokenStart..position];
                    return new ActionToken(Keywords.Contains(word) ? ActionTokenKind.Keyword : ActionTokenKind.Identifier, word, tokenStart, position);
                }

                throw new TemplateException($"unrecognized character in action: '{c}'", tokenStart, tokenStart + 1);
        }
    }

    private ActionToken Number(int tokenStart)
    {
        position++;
        while (position < end && (char.IsLetterOrDigit(text[position]) || text[position] is '.' or '_' || (text[position] is '+' or '-' && text[position - 1] is 'e' or 'E')))
        {
            position++;
        }

        var number = text[tokenStart..position];
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            throw new TemplateException($"bad number syntax: \"{number}\"", tokenStart, position);
        }

        return Token(ActionTokenKind.Number, tokenStart);
    }

    private ActionToken QuotedString(int tokenStart)
    {
        var value = new StringBuilder();
        position++;
        while (position < end && text[position] != '"')
        {
            if (text[position] == '\\' && position + 1 < end)
            {
                position++;
                value.Append(text[position] switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '\\' => '\\',
                    '"' => '"',
                    '\'' => throw new TemplateException("invalid syntax", tokenStart, position + 1),
                    var other when char.IsLetterOrDigit(other) => throw new TemplateUnsupportedException($"the escape \\{other}"),
                    _ => throw new TemplateException("invalid syntax", tokenStart, position + 1),
                });
            }
            else
            {
                value.Append(text[position]);
            }

            position++;
        }

        position++;
        return new ActionToken(ActionTokenKind.String, value.ToString(), tokenStart, position);
    }

    private void ReadWord()
    {
        while (position < end && (char.IsLetterOrDigit(text[position]) || text[position] == '_'))
        {
            position++;
        }
    }

    private ActionToken Token(ActionTokenKind kind, int tokenStart) => new(kind, text[tokenStart..position], tokenStart, position);

    private static bool IsWordStart(char c) => char.IsLetter(c) || c == '_';
}
