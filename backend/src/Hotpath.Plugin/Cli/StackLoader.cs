using Hotpath.Engine.Filters;
using Hotpath.Engine.Stacks;

namespace Hotpath.Plugin.Cli;

/// <summary>
/// Reads profile files (pprof or folded) and merges them into one stack set of the chosen sample
/// type (null: the profile's default, else its last), each file's stacks cut by <c>options</c>
/// (frame filters and granularity) before merging. Contract for bad input: throw
/// <see cref="InvalidDataException"/> (or <see cref="IOException"/>) whose message is one line
/// naming the file and the reason; the commands print it and exit with 1.
/// </summary>
internal delegate StackSet StackLoader(IReadOnlyList<string> files, string? sampleType, StackOptions options);

internal static class StackLoaders
{
    /// <summary>The loader the executable uses: the engine's profile reader, files merged as <c>collapsed</c> merges them.</summary>
    public static readonly StackLoader Files = static (files, sampleType, options) => ProfileInputs.Merge(files, sampleType, options).Stacks;

    /// <summary>Loads files through the loader, turning bad input into one stderr line; null on failure.</summary>
    public static StackSet? Load(this StackLoader loader, IReadOnlyList<string> files, string? sampleType, StackOptions options, string command, TextWriter stderr)
    {
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                stderr.WriteLine($"{CommandLine.Name} {command}: {file}: no such file");
                return null;
            }
        }
        try
        {
            return loader(files, sampleType, options);
        }
        catch (Exception e) when (e is InputException or InvalidDataException or IOException or FormatException
                                       or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{CommandLine.Name} {command}: {e.Message.ReplaceLineEndings(" ")}");
            return null;
        }
    }
}
