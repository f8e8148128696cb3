using System.CommandLine;

namespace Hotpath.Plugin.Cli;

/// <summary>
/// A command of <c>gpx_hotpath</c>: System.CommandLine parses it and writes its <c>--help</c>;
/// <see cref="Check"/> adds what the parser cannot know (which words are missing, which options
/// do not go together), in this command line's own words.
/// </summary>
internal abstract class CliCommand(string name, string summary, string details) : Command(name, $"{summary} {details}")
{
    /// <summary>One sentence: what <c>gpx_hotpath --help</c> and the usage list say about the command.</summary>
    public string Summary { get; } = summary;

    /// <summary>
    /// Called only when every option parsed; returns the first usage problem, or null. Must not
    /// read values of arguments the parser reported (a missing argument has no value): use token counts.
    /// </summary>
    public virtual string? Check(ParseResult result) => null;
}
