using System.Text.RegularExpressions;

namespace Hotpath.Engine.Filters;

/// <summary>
/// go tool pprof's sample filters by frame name (<c>Profile.FilterSamplesByName</c>): each regular
/// expression is matched, unanchored, against the function name and the file name of every line of
/// a location, and against the file name of the location's mapping (the binary).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>focus</b> keeps only samples with at least one matching location;</item>
/// <item><b>ignore</b> drops samples with a matching location (it wins over focus on the same location);</item>
/// <item><b>hide</b> removes matching lines (all of a location's lines when its mapping matches) from stacks;</item>
/// <item><b>show</b> keeps only matching lines (all of them when the mapping matches).</item>
/// </list>
/// Focus and ignore look at locations as the profile has them, before hide and show. A location left
/// without lines is taken out of the stacks, and a sample left without locations is dropped. With
/// any filter set, samples that have no locations at all are dropped too (pprof keeps only samples
/// with a focused location, and with no focus every location counts as focused).
/// </remarks>
public sealed class FrameFilters
{
    public static readonly FrameFilters None = new(null, null, null, null);

    public FrameFilters(Regex? focus, Regex? ignore, Regex? hide, Regex? show)
    {
        Focus = focus;
        Ignore = ignore;
        Hide = hide;
        Show = show;
        // pprof matches the file name even when it is empty, so a pattern that matches "" matches
        // every function; computed once here rather than once per function.
        _emptyMatches = MatchFlags(focus, ignore, hide, show, "");
    }

    private readonly FilterMatch _emptyMatches;

    public Regex? Focus { get; }
    public Regex? Ignore { get; }
    public Regex? Hide { get; }
    public Regex? Show { get; }

    public bool IsEmpty => Focus is null && Ignore is null && Hide is null && Show is null;

    /// <summary>
    /// Compiles the four patterns (null or empty: not set, as in pprof). <paramref name="prefix"/> is
    /// put before each parameter's name in errors: <c>"--"</c> on the command line, <c>""</c> for routes.
    /// </summary>
    /// <exception cref="FrameFilterException">The first pattern that does not compile, naming its parameter.</exception>
    public static FrameFilters Parse(string? focus, string? ignore, string? hide, string? show, string prefix = "") =>
        new(FrameRegex.Compile(prefix + "focus", focus),
            FrameRegex.Compile(prefix + "ignore", ignore),
            FrameRegex.Compile(prefix + "hide", hide),
            FrameRegex.Compile(prefix + "show", show));

    /// <summary>Which patterns match a function, by its name or its file name.</summary>
    internal FilterMatch Match(string name, string file)
    {
        var flags = MatchFlags(Focus, Ignore, Hide, Show, name);
        return file.Length == 0 ? flags | _emptyMatches : flags | MatchFlags(Focus, Ignore, Hide, Show, file);
    }

    /// <summary>Which patterns match a mapping's file name.</summary>
    internal FilterMatch MatchMapping(string file) => file.Length == 0 ? _emptyMatches : MatchFlags(Focus, Ignore, Hide, Show, file);

    private static FilterMatch MatchFlags(Regex? focus, Regex? ignore, Regex? hide, Regex? show, string text) =>
        (focus is not null && focus.IsMatch(text) ? FilterMatch.Focus : 0)
        | (ignore is not null && ignore.IsMatch(text) ? FilterMatch.Ignore : 0)
        | (hide is not null && hide.IsMatch(text) ? FilterMatch.Hide : 0)
        | (show is not null && show.IsMatch(text) ? FilterMatch.Show : 0);
}

/// <summary>Which of the four patterns matched a function or a mapping.</summary>
[Flags]
internal enum FilterMatch : byte
{
    Focus = 1,
    Ignore = 2,
    Hide = 4,
    Show = 8,
}

/// <summary>What focus and ignore say about one location.</summary>
internal enum LocationVerdict : byte
{
    Neither = 0,
    Focused = 1,
    Ignored = 2,
}

/// <summary>
/// The rules of <c>FilterSamplesByName</c> for one location, in one place for both the profile path
/// (<see cref="ProfileFilter"/>: real locations with lines and mappings) and the names-only path
/// (<see cref="StackFilter"/>: each frame a location of one line with no file and no mapping).
/// </summary>
internal static class FilterRules
{
    /// <param name="any">The union of the matches of the location's lines and its mapping.</param>
    public static LocationVerdict Verdict(FrameFilters filters, FilterMatch any) =>
        filters.Ignore is not null && (any & FilterMatch.Ignore) != 0 ? LocationVerdict.Ignored
        : filters.Focus is null || (any & FilterMatch.Focus) != 0 ? LocationVerdict.Focused
        : LocationVerdict.Neither;

    /// <summary>Whether hide applies to the location at all (some line or its mapping matches it).</summary>
    public static bool HideApplies(FrameFilters filters, FilterMatch any) => filters.Hide is not null && (any & FilterMatch.Hide) != 0;

    /// <summary>Whether a line survives hide then show.</summary>
    public static bool KeepsLine(FrameFilters filters, FilterMatch line, FilterMatch mapping, bool hideApplies)
    {
        if (hideApplies && ((mapping & FilterMatch.Hide) != 0 || (line & FilterMatch.Hide) != 0))
        {
            return false;
        }
        return filters.Show is null || (mapping & FilterMatch.Show) != 0 || (line & FilterMatch.Show) != 0;
    }

    /// <summary>
    /// Whether a location with <paramref name="keptLines"/> lines left is taken out of stacks: only
    /// when hide applied to it or show is set (a location that had no lines to begin with stays,
    /// named by its address, unless one of those emptied it by the rule).
    /// </summary>
    public static bool Hidden(FrameFilters filters, bool hideApplies, int keptLines) =>
        keptLines == 0 && (hideApplies || filters.Show is not null);
}

/// <summary>
/// pprof's <c>focusedAndNotIgnored</c> over one sample's locations: kept when at least one is
/// focused and none is ignored.
/// </summary>
internal struct SampleVerdict
{
    private bool _focused;
    private bool _ignored;

    public void Add(LocationVerdict verdict)
    {
        _focused |= verdict == LocationVerdict.Focused;
        _ignored |= verdict == LocationVerdict.Ignored;
    }

    /// <summary>Once true, no later location can keep the sample.</summary>
    public readonly bool Ignored => _ignored;

    public readonly bool Keeps => _focused && !_ignored;
}
