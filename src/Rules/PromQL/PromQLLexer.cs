using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace CanaryGuard.Rules.PromQL;

internal enum TokenKind
{
    EndOfInput,
    Error,
    Identifier,
    MetricIdentifier,
    Keyword,
    Number,
    Duration,
    String,
    LeftParen,
    RightParen,
    LeftBrace,
    RightBrace,
    LeftBracket,
    RightBracket,
    Comma,
    Colon,
    Assign,
    Operator,
    RegexMatch,
    RegexNoMatch,
    At,
}

/// <summary>A token: its kind, its text (a string unquoted, an error's message) and where it stands.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Start, int End)
{
    public QuerySpan Span => new(Start, End);

    /// <summary>The text as compared: keywords are case-insensitive.</summary>
    public string Word => Kind == TokenKind.Keyword ? Text.ToLowerInvariant() : Text;

    public bool Is(TokenKind kind, string word) => Kind == kind && Word == word;

    public string Describe() => Kind switch
    {
        TokenKind.EndOfInput => "end of input",
        TokenKind.Identifier or TokenKind.MetricIdentifier => $"identifier \"{Text}\"",
        TokenKind.Number => $"number \"{Text}\"",
        TokenKind.Duration => $"duration \"{Text}\"",
        TokenKind.String => "string",
        _ => $"\"{Text}\"",
    };
}

/// <summary>
/// PromQL's lexer as Prometheus 2.x lexes: identifiers and keywords (case-insensitive) outside braces, label names
/// inside them, durations where a number runs into a unit, the three kinds of string literal and # comments.
/// </summary>
internal sealed class PromQLLexer
{
    /// <summary>The words Prometheus lexes as keywords (aggregators included), whatever their case.</summary>
    public static readonly FrozenSet<string> Keywords = FrozenSet.Create(
        StringComparer.Ordinal,
        "and", "or", "unless", "atan2", "sum", "avg", "count", "min", "max", "group", "stddev", "stdvar", "topk", "bottomk",
        "count_values", "quantile", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "start", "end");

    private readonly string text;
    private readonly List<Token> tokens = [];
    private int position;
    private int parenDepth;
    private bool braceOpen;
    private bool bracketOpen;
    private bool gotColon;

    private PromQLLexer(string text) => this.text = text;

    /// <summary>The tokens of <paramref name="query"/>, ending with an end-of-input or an error token.</summary>
    public static IReadOnlyList<Token> Lex(string query)
    {
        var lexer = new PromQLLexer(query);
        while (lexer.Next() is var token && lexer.Add(token))
        {
        }

        return lexer.tokens;
    }

    private bool Add(Token token)
    {
        tokens.Add(token);
        return token.Kind is not (TokenKind.EndOfInput or TokenKind.Error);
    }

    private char Peek(int ahead = 0) => position + ahead < text.Length ? text[position + ahead] : '\0';

    private bool AtEnd => position >= text.Length;

    private Token Next()
    {
        while (true)
        {
            if (AtEnd)
            {
                return braceOpen ? Error(position, "unexpected end of input inside braces")
                    : parenDepth > 0 ? Error(position, "unclosed left parenthesis")
                    : bracketOpen ? Error(position, "unclosed left bracket")
                    : new Token(TokenKind.EndOfInput, string.Empty, position, position);
            }

            var c = text[position];
            if (c == '#')
            {
                while (!AtEnd && text[position] != '\n')
                {
                    position++;
                }
            }
            else if (IsSpace(c))
            {
                position++;
            }
            else
            {
                return braceOpen ? InsideBraces() : Statement();
            }
        }
    }

    private Token Statement()
    {
        var start = position;
        var c = text[position++];
        switch (c)
        {
            case ',':
                return Simple(TokenKind.Comma, start);
            case '*' or '/' or '%' or '+' or '-' or '^':
                return Simple(TokenKind.Operator, start);
            case '=' when Peek() == '=':
                position++;
                return Simple(TokenKind.Operator, start);
            case '=' when Peek() == '~':
                return Error(start, "unexpected character after '=': '~'");
            case '=':
                return Simple(TokenKind.Assign, start);
            case '!' when Peek() == '=':
                position++;
                return Simple(TokenKind.Operator, start);
            case '!':
                return Error(start, $"unexpected character after '!': {Quote(Peek())}");
            case '<' or '>':
                if (Peek() == '=')
                {
                    position++;
                }

                return Simple(TokenKind.Operator, start);
            case '"' or '\'':
                return QuotedString(start, c);
            case '`':
                return RawString(start);
            case '(':
                parenDepth++;
                return Simple(TokenKind.LeftParen, start);
            case ')':
                return --parenDepth < 0 ? Error(start, "unexpected right parenthesis ')'") : Simple(TokenKind.RightParen, start);
            case '{':
                braceOpen = true;
                return Simple(TokenKind.LeftBrace, start);
            case '[':
                if (bracketOpen)
                {
                    return Error(start, "unexpected left bracket '['");
                }

                bracketOpen = true;
                gotColon = false;
                return Simple(TokenKind.LeftBracket, start);
            case ']':
                if (!bracketOpen)
                {
                    return Error(start, "unexpected right bracket ']'");
                }

                bracketOpen = false;
                return Simple(TokenKind.RightBracket, start);
            case '@':
                return Simple(TokenKind.At, start);
            case ':' when bracketOpen:
                if (gotColon)
                {
                    return Error(start, "unexpected colon ':'");
                }

                gotColon = true;
                return Simple(TokenKind.Colon, start);
            default:
                if (IsDigit(c) || (c == '.' && IsDigit(Peek())))
                {
                    position = start;
                    return NumberOrDuration();
                }

                if ((IsAlpha(c) || c == ':') && !bracketOpen)
                {
                    position = start;
                    return KeywordOrIdentifier();
                }

                return Error(start, $"unexpected character: {Quote(c)}");
        }
    }

    private Token InsideBraces()
    {
        var start = position;
        var c = text[position++];
        switch (c)
        {
            case ',':
                return Simple(TokenKind.Comma, start);
            case '"' or '\'':
                return QuotedString(start, c);
            case '`':
                return RawString(start);
            case '=' when Peek() == '~':
                position++;
                return Simple(TokenKind.RegexMatch, start);
            case '=':
                return Simple(TokenKind.Assign, start);
            case '!' when Peek() == '~':
                position++;
                return Simple(TokenKind.RegexNoMatch, start);
            case '!' when Peek() == '=':
                position++;
                return Simple(TokenKind.Operator, start);
            case '!':
                return Error(start, $"unexpected character after '!' inside braces: {Quote(Peek())}");
            case '{':
                return Error(start, "unexpected left brace '{'");
            case '}':
                braceOpen = false;
                return Simple(TokenKind.RightBrace, start);
            default:
                if (IsAlpha(c))
                {
                    while (IsAlphaNumeric(Peek()))
                    {
                        position++;
                    }

                    return Simple(TokenKind.Identifier, start);
                }

                return Error(start, $"unexpected character inside braces: {Quote(c)}");
        }
    }

    private Token KeywordOrIdentifier()
    {
        var start = position;
        while (IsAlphaNumeric(Peek()) || Peek() == ':')
        {
            position++;
        }

        var word = text[start..position];
        var lower = word.ToLowerInvariant();
        if (lower is "inf" or "nan")
        {
            return new Token(TokenKind.Number, word, start, position);
        }

        if (Keywords.Contains(lower))
        {
            return new Token(TokenKind.Keyword, word, start, position);
        }

        return new Token(word.Contains(':', StringComparison.Ordinal) ? TokenKind.MetricIdentifier : TokenKind.Identifier, word, start, position);
    }

    private Token NumberOrDuration()
    {
        var start = position;
        if (ScanNumber())
        {
            return Simple(TokenKind.Number, start);
        }

        // Where a number runs into a letter it is read as a duration: units, optionally followed by more digits and units.
        if (AcceptAny("smhdwy"))
        {
            AcceptAny("s");
            var valid = true;
            while (AcceptAny("0123456789"))
            {
                while (AcceptAny("0123456789"))
                {
                }

                if (!AcceptAny("smhdw"))
                {
                    valid = false;
                    break;
                }

                AcceptAny("s");
            }

            if (valid && !IsAlphaNumeric(Peek()))
            {
                return Simple(TokenKind.Duration, start);
            }
        }

        if (!AtEnd)
        {
            position++;
        }

        return Error(start, $"bad number or duration syntax: \"{text[start..position]}\"");
    }

    private bool ScanNumber()
    {
        var digits = "0123456789";
        if (Peek() == '0' && Peek(1) is 'x' or 'X')
        {
            position += 2;
            digits = "0123456789abcdefABCDEF";
        }

        AcceptRun(digits);
        if (AcceptAny("."))
        {
            AcceptRun(digits);
        }

        if (AcceptAny("eE"))
        {
            AcceptAny("+-");
            AcceptRun("0123456789");
        }

        return !IsAlphaNumeric(Peek());
    }

    private Token QuotedString(int start, char quote)
    {
        var value = new StringBuilder();
        while (true)
        {
            if (AtEnd || text[position] == '\n')
            {
                return Error(start, "unterminated quoted string");
            }

            var c = text[position++];
            if (c == quote)
            {
                return new Token(TokenKind.String, value.ToString(), start, position);
            }

            if (c != '\\')
            {
                value.Append(c);
                continue;
            }

            if (Escape(quote, value) is { } error)
            {
                return Error(position - 1, error);
            }
        }
    }

    /// <summary>Reads an escape after the backslash, as Go's strconv.Unquote does; an error message when it is not one.</summary>
    private string? Escape(char quote, StringBuilder value)
    {
        if (AtEnd)
        {
            return "escape sequence not terminated";
        }

        var c = text[position++];
        switch (c)
        {
            case 'a': value.Append('\a'); return null;
            case 'b': value.Append('\b'); return null;
            case 'f': value.Append('\f'); return null;
            case 'n': value.Append('\n'); return null;
            case 'r': value.Append('\r'); return null;
            case 't': value.Append('\t'); return null;
            case 'v': value.Append('\v'); return null;
            case '\\': value.Append('\\'); return null;
            case 'x': return HexEscape(2, value);
            case 'u': return HexEscape(4, value);
            case 'U': return HexEscape(8, value);
            default:
                if (c == quote)
                {
                    value.Append(c);
                    return null;
                }

                if (c is >= '0' and <= '7')
                {
                    var octal = c - '0';
                    for (var i = 0; i < 2; i++)
                    {
                        if (Peek() is not (>= '0' and <= '7'))
                        {
                            return "illegal character in escape sequence";
                        }

                        octal = (octal * 8) + (text[position++] - '0');
                    }

                    if (octal > 255)
                    {
                        return "escape sequence is invalid Unicode code point";
                    }

                    value.Append((char)octal);
                    return null;
                }

                return "unknown escape sequence";
        }
    }

    private string? HexEscape(int length, StringBuilder value)
    {
        if (position + length > text.Length || !int.TryParse(text.AsSpan(position, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code) || code < 0)
        {
            return "illegal character in escape sequence";
        }

        position += length;
        if (length == 2)
        {
            value.Append((char)code);
            return null;
        }

        if (code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
        {
            return "escape sequence is invalid Unicode code point";
        }

        value.Append(char.ConvertFromUtf32(code));
        return null;
    }

    private Token RawString(int start)
    {
        var end = text.IndexOf('`', position);
        if (end < 0)
        {
            position = text.Length;
            return Error(start, "unterminated raw string");
        }

        position = end + 1;
        return new Token(TokenKind.String, text[(start + 1)..end], start, position);
    }

    private bool AcceptAny(string valid)
    {
        if (!AtEnd && valid.Contains(text[position], StringComparison.Ordinal))
        {
            position++;
            return true;
        }

        return false;
    }

    private void AcceptRun(string valid)
    {
        while (AcceptAny(valid))
        {
        }
    }

    private Token Simple(TokenKind kind, int start) => new(kind, text[start..position], start, position);

    private Token Error(int at, string message) => new(TokenKind.Error, message, at, Math.Max(at + 1, position));

    private static string Quote(char c) => c == '\0' ? "end of input" : $"'{c}'";

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r';

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsAlpha(char c) => c == '_' || c is >= 'a' and <= 'z' || c is >= 'A' and <= 'Z';

    private static bool IsAlphaNumeric(char c) => IsAlpha(c) || IsDigit(c);
}
