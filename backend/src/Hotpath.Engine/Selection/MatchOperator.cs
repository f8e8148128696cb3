namespace Hotpath.Engine.Selection;

/// <summary>The four Prometheus label-matching operators.</summary>
public enum MatchOperator
{
    /// <summary><c>=</c></summary>
    Equal,

    /// <summary><c>!=</c></summary>
    NotEqual,

    /// <summary><c>=~</c> (fully anchored regex)</summary>
    Regex,

    /// <summary><c>!~</c> (fully anchored regex, negated)</summary>
    NotRegex,
}
