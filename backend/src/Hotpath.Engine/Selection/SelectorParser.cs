using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Hotpath.Engine.Selection;

/// <summary>
/// Recursive-descent parser for Prometheus metric selectors, written from the grammar:
/// <c>[metric_name] ['{' [matcher {',' matcher} [',']] '}']</c>, matcher = (identifier | string)
/// op string, or a lone quoted metric name. Error texts follow Prometheus so that clients see
/// the messages Pyroscope would send.
/// </summary>
internal sealed class SelectorParser
{
    // Regexes come from users: bound their size and their run time.
    internal const int MaxRegexLength = 4096;
    internal static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(250);

    private enum Kind { Identifier, String, Operator, Comma, RightBrace, End }

    private readonly record struct Token(Kind Kind, string Raw, string Value, int Position);

    private readonly string _text;
    private int _pos;

    private SelectorParser(string text) => _text = text;

    public static List<LabelMatcher> Parse(string text) => new SelectorParser(text).ParseSelector();

    private List<LabelMatcher> ParseSelector()
    {
        var matchers = new List<LabelMatcher>();
        SkipSpace();
        if (_pos >= _text.Length)
        {
            throw Error(_pos, "unexpected end of input");
        }
        if (IsMetricStart(_text[_pos]))
        {
            var start = _pos;
            while (_pos < _text.Length && IsMetricPart(_text[_pos]))
            {
                _pos++;
            }
            matchers.Add(new LabelMatcher("__name__", MatchOperator.Equal, _text[start.._pos], null));
            SkipSpace();
            if (_pos >= _text.Length)
            {
                return matchers;
            }
        }
        if (_text[_pos] != '{')
        {
            throw Error(_pos, $"unexpected character: {GoRune(_text[_pos])}");
        }
        _pos++;
        ParseMatchers(matchers);
        SkipSpace();
        if (_pos < _text.Length)
        {
            var rest = _text[_pos..];
            throw Error(_pos, $"could not parse remaining input {GoQuote(rest.Length > 10 ? rest[..10] : rest)}...");
        }
        return matchers;
    }

    private void ParseMatchers(List<LabelMatcher> matchers)
    {
        var token = Next();
        if (token.Kind == Kind.RightBrace)
        {
            return;
        }
        while (true)
        {
            if (token.Kind is not (Kind.Identifier or Kind.String))
            {
                throw Unexpected(token, "identifier or \"}\"");
            }
            var name = token;
            var op = Next();
            if (name.Kind == Kind.String && op.Kind is Kind.Comma or Kind.RightBrace)
            {
                // {"my.metric"}: a quoted metric name on its own.
                matchers.Add(new LabelMatcher("__name__", MatchOperator.Equal, name.Value, null));
            }
            else
            {
                if (op.Kind != Kind.Operator)
                {
                    throw Unexpected(op, "label matching operator");
                }
                var value = Next();
                if (value.Kind != Kind.String)
                {
                    throw Unexpected(value, "string");
                }
                matchers.Add(Build(name.Value, op.Raw, value));
                op = Next();
            }
            if (op.Kind == Kind.RightBrace)
            {
                return;
            }
            if (op.Kind != Kind.Comma)
            {
                throw Unexpected(op, "\",\" or \"}\"");
            }
            token = Next();
            if (token.Kind == Kind.RightBrace)
            {
                return;
            }
        }
    }

    private LabelMatcher Build(string name, string op, Token value)
    {
        var kind = op switch
        {
            "=" => MatchOperator.Equal,
            "!=" => MatchOperator.NotEqual,
            "=~" => MatchOperator.Regex,
            _ => MatchOperator.NotRegex,
        };
        Regex? regex = null;
        if (kind is MatchOperator.Regex or MatchOperator.NotRegex)
        {
            if (value.Value.Length > MaxRegexLength)
            {
                throw Error(value.Position, $"error parsing regexp: expression too large ({value.Value.Length} characters; limit {MaxRegexLength})");
            }
            try
            {
                // Anchored on both ends, '.' matches newlines: what Prometheus builds (^(?s:re)$).
                regex = new Regex("^(?s:" + value.Value + ")$", RegexOptions.CultureInvariant, RegexTimeout);
            }
            catch (ArgumentException e)
            {
                throw Error(value.Position, $"error parsing regexp: {e.Message}");
            }
        }
        return new LabelMatcher(name, kind, value.Value, regex);
    }

    private Token Next()
    {
        SkipSpace();
        var start = _pos;
        if (_pos >= _text.Length)
        {
            throw Error(_pos, "unexpected end of input inside braces");
        }
        var c = _text[_pos];
        switch (c)
        {
            case ',':
                _pos++;
                return new Token(Kind.Comma, ",", ",", start);
            case '}':
                _pos++;
                return new Token(Kind.RightBrace, "}", "}", start);
            case '{':
                throw Error(start, "unexpected left brace '{'");
            case '=':
                _pos++;
                if (_pos < _text.Length && _text[_pos] == '~')
                {
                    _pos++;
                    return new Token(Kind.Operator, "=~", "=~", start);
                }
                return new Token(Kind.Operator, "=", "=", start);
            case '!':
                _pos++;
                if (_pos < _text.Length && _text[_pos] is '=' or '~')
                {
                    _pos++;
                    return new Token(Kind.Operator, _text[start.._pos], _text[start.._pos], start);
                }
                if (_pos >= _text.Length)
                {
                    throw Error(start, "unexpected end of input inside braces");
                }
                throw Error(start, $"unexpected character after '!' inside braces: {GoRune(_text[_pos])}");
            case '"' or '\'':
                return ReadQuoted(c);
            case '`':
                return ReadRaw();
        }
        if (IsIdentifierStart(c))
        {
            while (_pos < _text.Length && IsIdentifierPart(_text[_pos]))
            {
                _pos++;
            }
            var word = _text[start.._pos];
            return new Token(Kind.Identifier, word, word, start);
        }
        throw Error(start, $"unexpected character inside braces: {GoRune(c)}");
    }

    private Token ReadQuoted(char quote)
    {
        var start = _pos++;
        var value = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length || _text[_pos] == '\n')
            {
                throw Error(start, "unterminated quoted string");
            }
            var c = _text[_pos++];
            if (c == quote)
            {
                return new Token(Kind.String, _text[start.._pos], value.ToString(), start);
            }
            if (c != '\\')
            {
                value.Append(c);
                continue;
            }
            ReadEscape(quote, value);
        }
    }

    private void ReadEscape(char quote, StringBuilder value)
    {
        if (_pos >= _text.Length)
        {
            throw Error(_pos, "escape sequence not terminated");
        }
        var at = _pos;
        var c = _text[_pos++];
        switch (c)
        {
            case 'a': value.Append('\a'); return;
            case 'b': value.Append('\b'); return;
            case 'f': value.Append('\f'); return;
            case 'n': value.Append('\n'); return;
            case 'r': value.Append('\r'); return;
            case 't': value.Append('\t'); return;
            case 'v': value.Append('\v'); return;
            case '\\': value.Append('\\'); return;
            case 'x': value.Append((char)ReadDigits(2, 16)); return;
            case 'u': value.Append(char.ConvertFromUtf32(CheckedRune(ReadDigits(4, 16), at))); return;
            case 'U': value.Append(char.ConvertFromUtf32(CheckedRune(ReadDigits(8, 16), at))); return;
            case >= '0' and <= '7':
                _pos--;
                var octal = ReadDigits(3, 8);
                if (octal > 255)
                {
                    throw Error(at, $"octal escape value {octal} > 255");
                }
                value.Append((char)octal);
                return;
        }
        if (c == quote)
        {
            value.Append(c);
            return;
        }
        throw Error(at, $"unknown escape sequence {GoRuneU(c)}");
    }

    private int ReadDigits(int count, int radix)
    {
        var result = 0;
        for (var i = 0; i < count; i++)
        {
            if (_pos >= _text.Length)
            {
                throw Error(_pos, "escape sequence not terminated");
            }
            var c = _text[_pos];
            var digit = HexValue(c);
            if (digit < 0 || digit >= radix)
            {
                throw Error(_pos, $"illegal character {GoRuneU(c)} in escape sequence");
            }
            result = result * radix + digit;
            _pos++;
        }
        return result;
    }

    // Eight hex digits of \U from 80000000 up overflow ReadDigits' int to a negative value: invalid too.
    private int CheckedRune(int rune, int at) =>
        rune is < 0 or > 0x10FFFF or (>= 0xD800 and <= 0xDFFF) ? throw Error(at, "escape sequence is an invalid Unicode code point") : rune;

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private Token ReadRaw()
    {
        var start = _pos++;
        var end = _text.IndexOf('`', _pos);
        if (end < 0)
        {
            throw Error(start, "unterminated raw string");
        }
        _pos = end + 1;
        return new Token(Kind.String, _text[start.._pos], _text[(start + 1)..end], start);
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                _pos++;
            }
            else if (c == '#')
            {
                while (_pos < _text.Length && _text[_pos] != '\n')
                {
                    _pos++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private SelectorException Unexpected(Token token, string expected) =>
        Error(token.Position, $"unexpected {Describe(token)} in label matching, expected {expected}");

    private static string Describe(Token token) => token.Kind switch
    {
        Kind.Identifier => "identifier " + GoQuote(token.Raw),
        Kind.String => "string " + (token.Raw.Length > 10 ? GoQuote(token.Raw[..10]) + "..." : GoQuote(token.Raw)),
        Kind.End => "end of input",
        _ => GoQuote(token.Raw),
    };

    private SelectorException Error(int position, string message) => Error(_text, position, message);

    private static SelectorException Error(string text, int position, string message)
    {
        // Prometheus counts lines from 1 and columns from 1 within the line.
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < position && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return new SelectorException($"{line}:{position - lineStart + 1}: parse error: {message}");
    }

    private static bool IsIdentifierStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';

    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || c is >= '0' and <= '9';

    private static bool IsMetricStart(char c) => IsIdentifierStart(c) || c == ':';

    private static bool IsMetricPart(char c) => IsIdentifierPart(c) || c == ':';

    /// <summary>Go's <c>%q</c> of a string: double quotes, backslash escapes.</summary>
    internal static string GoQuote(string s)
    {
        var b = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\n': b.Append("\\n"); break;
                case '\t': b.Append("\\t"); break;
                case '\r': b.Append("\\r"); break;
                default:
                    if (c < 0x20)
                    {
                        b.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        b.Append(c);
                    }
                    break;
            }
        }
        return b.Append('"').ToString();
    }

    /// <summary>Go's <c>%q</c> of a rune: single quotes.</summary>
    private static string GoRune(char c) => c switch
    {
        '\'' => "'\\''",
        '\\' => "'\\\\'",
        '\n' => "'\\n'",
        '\t' => "'\\t'",
        _ => "'" + c + "'",
    };

    /// <summary>Go's <c>%#U</c>: <c>U+0071 'q'</c>.</summary>
    private static string GoRuneU(char c) => $"U+{(int)c:X4} '{c}'";
}
