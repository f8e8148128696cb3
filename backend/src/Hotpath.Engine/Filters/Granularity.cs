using System.Globalization;

namespace Hotpath.Engine.Filters;

/// <summary>
/// What one frame stands for, as go tool pprof's <c>-functions</c>, <c>-filefunctions</c>,
/// <c>-lines</c> and <c>-files</c> (<c>Profile.Aggregate</c>). Inlined frames stay expanded at every
/// granularity.
/// </summary>
public enum Granularity
{
    /// <summary>The function name (the default, and the folded contract's frame).</summary>
    Functions,

    /// <summary>Function name and file name: <c>main.work /src/app/work.go</c>.</summary>
    FileFunctions,

    /// <summary>Function name, file name and line: <c>main.work /src/app/work.go:42</c>.</summary>
    Lines,

    /// <summary>The file name only: <c>/src/app/work.go</c>.</summary>
    Files,
}

public static class Granularities
{
    /// <summary>The words accepted, in the order help lists them.</summary>
    public static readonly string[] Names = ["functions", "filefunctions", "lines", "files"];

    /// <summary><see cref="Granularity.Functions"/> for null or empty.</summary>
    /// <exception cref="FrameFilterException">Not one of <see cref="Names"/>; the message names <paramref name="parameter"/>.</exception>
    public static Granularity Parse(string parameter, string? text) => text switch
    {
        null or "" or "functions" => Granularity.Functions,
        "filefunctions" => Granularity.FileFunctions,
        "lines" => Granularity.Lines,
        "files" => Granularity.Files,
        _ => throw new FrameFilterException(parameter, $"must be one of {string.Join(", ", Names)}, got '{text}'"),
    };

    public static string Name(this Granularity granularity) => Names[(int)granularity];

    /// <summary>
    /// A frame's text at <paramref name="granularity"/>: the non-empty parts among the function name
    /// and the file name (with <c>:line</c> after the file at <see cref="Granularity.Lines"/> when the
    /// line is known), joined by one space — pprof's node naming after <c>Aggregate</c>. Empty when
    /// there is nothing to say; the frame is then named by its location's address.
    /// </summary>
    public static string FrameName(Granularity granularity, string function, string file, long line)
    {
        switch (granularity)
        {
            case Granularity.Functions:
                return function;
            case Granularity.Files:
                return file;
            case Granularity.FileFunctions:
                return Join(function, file);
            default:
                return Join(function, line == 0 ? file : file + ":" + line.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static string Join(string a, string b) => a.Length == 0 ? b : b.Length == 0 ? a : a + " " + b;
}

/// <summary>How the stacks of a profile are cut before merging: frame filters, then granularity (pprof's order).</summary>
public sealed record StackOptions(FrameFilters Filters, Granularity Granularity)
{
    public static readonly StackOptions Default = new(FrameFilters.None, Granularity.Functions);

    /// <summary>Whether these options leave stacks as they are.</summary>
    public bool IsDefault => Filters.IsEmpty && Granularity == Granularity.Functions;
}
