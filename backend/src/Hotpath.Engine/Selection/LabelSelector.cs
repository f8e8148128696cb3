namespace Hotpath.Engine.Selection;

/// <summary>
/// A parsed Prometheus metric selector (<c>{service_name="api", region=~"eu-.*"}</c>); all matchers
/// must hold. <c>{}</c> has no matchers and selects everything.
/// </summary>
public sealed class LabelSelector
{
    public static LabelSelector All { get; } = new([]);

    public LabelSelector(IReadOnlyList<LabelMatcher> matchers) => Matchers = matchers;

    public IReadOnlyList<LabelMatcher> Matchers { get; }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="SelectorException"/> with Prometheus' message.</summary>
    public static LabelSelector Parse(string text) => new(SelectorParser.Parse(text));

    /// <summary>Whether a series with these labels is selected; <paramref name="valueOf"/> gives a label's value, null when absent (matched as empty).</summary>
    public bool Matches(Func<string, string?> valueOf)
    {
        foreach (var m in Matchers)
        {
            if (!m.Matches(valueOf(m.Name) ?? ""))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>This selector with one more equality matcher (e.g. the <c>__profile_type__</c> a query asks for).</summary>
    public LabelSelector With(string name, string value) =>
        new([.. Matchers, new LabelMatcher(name, MatchOperator.Equal, value, null)]);

    /// <summary>The value an equality matcher on <paramref name="name"/> requires, if there is one.</summary>
    public string? EqualityValue(string name)
    {
        foreach (var m in Matchers)
        {
            if (m.Operator == MatchOperator.Equal && m.Name == name)
            {
                return m.Value;
            }
        }
        return null;
    }

    public override string ToString() => "{" + string.Join(", ", Matchers) + "}";
}
