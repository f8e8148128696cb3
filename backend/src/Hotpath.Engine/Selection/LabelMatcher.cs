using System.Text.RegularExpressions;

namespace Hotpath.Engine.Selection;

/// <summary>
/// One matcher of a selector. Prometheus semantics: an absent label has the value "", so
/// <c>x=""</c> matches series without <c>x</c> and <c>x!="v"</c> matches them too; regexes must
/// match the whole value.
/// </summary>
public sealed class LabelMatcher
{
    private readonly Regex? _regex;

    internal LabelMatcher(string name, MatchOperator op, string value, Regex? regex)
    {
        Name = name;
        Operator = op;
        Value = value;
        _regex = regex;
    }

    public string Name { get; }

    public MatchOperator Operator { get; }

    public string Value { get; }

    /// <summary>Whether a label value (use "" for an absent label) satisfies the matcher.</summary>
    public bool Matches(string value) => Operator switch
    {
        MatchOperator.Equal => value == Value,
        MatchOperator.NotEqual => value != Value,
        MatchOperator.Regex => RegexMatches(value),
        _ => !RegexMatches(value),
    };

    private bool RegexMatches(string value)
    {
        try
        {
            return _regex!.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new SelectorException($"regular expression {Quote(Value)} took too long on label {Name}");
        }
    }

    public override string ToString() => $"{Name}{OperatorText(Operator)}{Quote(Value)}";

    internal static string OperatorText(MatchOperator op) => op switch
    {
        MatchOperator.Equal => "=",
        MatchOperator.NotEqual => "!=",
        MatchOperator.Regex => "=~",
        _ => "!~",
    };

    internal static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
