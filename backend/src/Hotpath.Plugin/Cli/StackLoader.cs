using Hotpath.Engine.Stacks;

namespace Hotpath.Plugin.Cli;

/// <summary>
/// Reads profile files (pprof or folded) and merges them into one stack set of the chosen sample
/// type (null: the profile's default, else its last). Contract for bad input: throw
/// <see cref="InvalidDataException"/> (or <see cref="IOException"/>) whose message is one line
/// naming the file and the reason; the commands print it and exit with 1.
/// </summary>
internal delegate StackSet StackLoader(IReadOnlyList<string> files, string? sampleType);

internal static class StackLoaders
{
    /// <summary>The loader the executable uses: the engine's profile reader, files merged as <c>collapsed</c> merges them.</summary>
    public static readonly StackLoader Files = static (files, sampleType) => ProfileInputs.Merge(files, sampleType).Stacks;

    /// <summary>Loads files through the loader, turning bad input into one stderr line; null on failure.</summary>
    public static StackSet? Load(this StackLoader loader, IReadOnlyList<string> files, string? sampleType, string command, TextWriter stderr)
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
            return loader(files, sampleType);
        }
        catch (Exception e) when (e is InputException or InvalidDataException or IOException or FormatException
                                       or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{CommandLine.Name} {command}: {e.Message.ReplaceLineEndings(" ")}");
            return null;
        }
    }
}
