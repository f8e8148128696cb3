using System.Text.Json;
using Hotpath.Engine.CallTrees;
using Hotpath.Engine.FlameGraphs;

namespace Hotpath.Plugin.Cli;

/// <summary>
/// <c>gpx_hotpath flamegraph [--sample-type T] [--max-nodes N] [--format flamebearer|nested] FILE...</c>:
/// all files merged into one flame graph — truncated the way a Pyroscope server does for one
/// block of data (<see cref="NestedSetFlameGraph.FromStacks"/>) — written to stdout as JSON: Pyroscope's
/// <c>querier.v1.FlameGraph</c> JSON for <c>flamebearer</c> (the default), Hotpath's nested-set
/// columns for <c>nested</c>. <c>--max-nodes</c> defaults to Pyroscope's 8192; 0 keeps every node.
/// <c>--strict-max-nodes</c> cuts once and keeps no more than that many nodes even on ties, as the app's views do.
/// </summary>
internal static class FlameGraphCommand
{
    public const string Usage = "usage: gpx_hotpath flamegraph [--sample-type T] [--max-nodes N] [--strict-max-nodes] [--format flamebearer|nested] FILE...";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, StackLoaders.Files);

    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, StackLoader loader)
    {
        var options = new FlameGraphOptions();
        var files = new List<string>();
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
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return BadUsage(stderr, $"unknown option '{args[i]}'");
            }
            files.Add(args[i]);
        }
        if (files.Count == 0)
        {
            return BadUsage(stderr, "no profile files given");
        }

        var stacks = FlameGraphOptions.Load(loader, files, options.SampleType, "flamegraph", stderr);
        if (stacks is null)
        {
            return CommandLine.BadInput;
        }
        var graph = options.StrictMaxNodes
            ? NestedSetFlameGraph.Build(CallTree.FromStacks(stacks), options.MaxNodes, boundTies: true)
            : NestedSetFlameGraph.FromStacks([stacks], options.MaxNodes);
        using (var json = new Utf8JsonWriter(new TextWriterStream(stdout), FlameGraphJson.WriterOptions))
        {
            if (options.Nested)
            {
                FlameGraphJson.WriteNestedSet(json, graph);
            }
            else
            {
                FlameGraphJson.WriteFlamebearer(json, Flamebearer.From(graph));
            }
        }
        stdout.WriteLine();
        return CommandLine.Ok;
    }

    private static int BadUsage(TextWriter stderr, string message)
    {
        stderr.WriteLine($"gpx_hotpath flamegraph: {message}");
        stderr.WriteLine(Usage);
        return CommandLine.BadUsage;
    }
}
