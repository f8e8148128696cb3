using System.Globalization;

namespace Hotpath.Plugin.Cli;

/// <summary>Options shared by the flame graph commands: --sample-type, --max-nodes, --strict-max-nodes, --format.</summary>
internal sealed class FlameGraphOptions
{
    /// <summary>Pyroscope's default flame graph size (querier.max-flamegraph-nodes-default).</summary>
    public const long DefaultMaxNodes = 8192;

    public string? SampleType { get; private set; }
    public long MaxNodes { get; private set; } = DefaultMaxNodes;
    public bool Nested { get; private set; }

    /// <summary>
    /// <c>--strict-max-nodes</c>: one cut over the whole merge that never keeps more than
    /// <see cref="MaxNodes"/> nodes, ties included — the flame graphs the app's views show.
    /// </summary>
    public bool StrictMaxNodes { get; private set; }

    /// <summary>
    /// Consumes the option at <paramref name="i"/> if it is one of ours (advancing past its value).
    /// Returns false when it is not; sets <paramref name="error"/> when it is malformed.
    /// </summary>
    public bool TryConsume(string[] args, ref int i, out string? error)
    {
        error = null;
        switch (args[i])
        {
            case "--sample-type":
                if (!TryValue(args, ref i, out var type, out error))
                {
                    return true;
                }
                SampleType = type;
                return true;
            case "--max-nodes":
                if (!TryValue(args, ref i, out var text, out error))
                {
                    return true;
                }
                if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    error = $"--max-nodes needs a whole number ≥ 0 (0 = no limit), got '{text}'";
                    return true;
                }
                MaxNodes = n;
                return true;
            case "--strict-max-nodes":
                StrictMaxNodes = true;
                return true;
            case "--format":
                if (!TryValue(args, ref i, out var format, out error))
                {
                    return true;
                }
                if (format is not ("flamebearer" or "nested"))
                {
                    error = $"--format must be flamebearer or nested, got '{format}'";
                    return true;
                }
                Nested = format == "nested";
                return true;
            default:
                return false;
        }
    }

    private static bool TryValue(string[] args, ref int i, out string value, out string? error)
    {
        if (i + 1 >= args.Length)
        {
            value = "";
            error = $"{args[i]} needs a value";
            return false;
        }
        value = args[++i];
        error = null;
        return true;
    }

    /// <summary>Loads files through the loader, turning bad input into one stderr line; null on failure.</summary>
    public static Engine.Stacks.StackSet? Load(StackLoader loader, IReadOnlyList<string> files, string? sampleType,
        string command, TextWriter stderr)
    {
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                stderr.WriteLine($"gpx_hotpath {command}: {file}: no such file");
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
            stderr.WriteLine($"gpx_hotpath {command}: {e.Message.ReplaceLineEndings(" ")}");
            return null;
        }
    }
}
