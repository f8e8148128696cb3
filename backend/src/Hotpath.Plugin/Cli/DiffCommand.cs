using System.Text.Json;
using Hotpath.Engine.Diff;
using Hotpath.Engine.FlameGraphs;

namespace Hotpath.Plugin.Cli;

/// <summary>
/// <c>gpx_hotpath diff BASE... --vs COMPARISON... [--sample-type T] [--max-nodes N] [--format flamebearer|nested]</c>:
/// the baseline files merged against the comparison files, diffed as Pyroscope's query frontend
/// does (each side truncated to N, then the diff), written as <c>querier.v1.FlameGraphDiff</c>
/// JSON or as nested-set columns with value/self (baseline) and valueRight/selfRight (comparison).
/// </summary>
internal static class DiffCommand
{
    public const string Usage =
        "usage: gpx_hotpath diff BASE... --vs COMPARISON... [--sample-type T] [--max-nodes N] [--format flamebearer|nested]";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, StackLoaders.Files);

    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, StackLoader loader)
    {
        var options = new FlameGraphOptions();
        var baseline = new List<string>();
        var comparison = new List<string>();
        var seenVs = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (options.TryConsume(args, ref i, out var error))
            {
                if (error is not null)
                {
                    return BadUsage(stderr, error);
                }
                continue;
            }
            if (args[i] == "--vs")
            {
                if (seenVs)
                {
                    return BadUsage(stderr, "--vs given twice");
                }
                seenVs = true;
                continue;
            }
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return BadUsage(stderr, $"unknown option '{args[i]}'");
            }
            (seenVs ? comparison : baseline).Add(args[i]);
        }
        if (options.StrictMaxNodes)
        {
            return BadUsage(stderr, "--strict-max-nodes applies to flamegraph only");
        }
        if (baseline.Count == 0 || comparison.Count == 0)
        {
            return BadUsage(stderr, baseline.Count == 0 ? "no baseline files given" : "no comparison files given after --vs");
        }

        var left = FlameGraphOptions.Load(loader, baseline, options.SampleType, "diff", stderr);
        if (left is null)
        {
            return CommandLine.BadInput;
        }
        var right = FlameGraphOptions.Load(loader, comparison, options.SampleType, "diff", stderr);
        if (right is null)
        {
            return CommandLine.BadInput;
        }
        var graph = DiffFlameGraph.FromStacks([left], [right], options.MaxNodes);
        using (var json = new Utf8JsonWriter(new TextWriterStream(stdout), FlameGraphJson.WriterOptions))
        {
            if (options.Nested)
            {
                FlameGraphJson.WriteDiffNestedSet(json, graph);
            }
            else
            {
                FlameGraphJson.WriteDiffFlamebearer(json, DiffFlamebearer.From(graph));
            }
        }
        stdout.WriteLine();
        return CommandLine.Ok;
    }

    private static int BadUsage(TextWriter stderr, string message)
    {
        stderr.WriteLine($"gpx_hotpath diff: {message}");
        stderr.WriteLine(Usage);
        return CommandLine.BadUsage;
    }
}
