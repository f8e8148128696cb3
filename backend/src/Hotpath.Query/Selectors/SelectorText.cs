using Hotpath.Engine.Selection;

namespace Hotpath.Query.Selectors;

/// <summary>
/// Builds the selectors routes send to sources. Sources take selector text (Pyroscope's wire form), so
/// the text is rebuilt from parsed matchers: values are quoted and escaped by the parser's own writer,
/// never pasted into strings.
/// </summary>
public static class SelectorText
{
    /// <summary><paramref name="selector"/> (already checked) with <c>name="value"</c> added.</summary>
    public static string With(string selector, string name, string value) => LabelSelector.Parse(selector).With(name, value).ToString();

    /// <summary><paramref name="selector"/> restricted to one profile type, as Pyroscope itself scopes label queries.</summary>
    public static string WithProfileType(string selector, string profileType) => With(selector, ReservedLabels.ProfileType, profileType);

    /// <summary>Whether a label name is one Pyroscope reserves (<c>__name__</c>, <c>__profile_type__</c>, …): left out of pickers.</summary>
    public static bool IsReserved(string name) => name.Length >= 4 && name.StartsWith("__", StringComparison.Ordinal) && name.EndsWith("__", StringComparison.Ordinal);
}
