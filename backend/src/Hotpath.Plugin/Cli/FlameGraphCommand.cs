using System.CommandLine;
using System.Text.Json;
using Hotpath.Engine.Filters;
using Hotpath.Engine.FlameGraphs;
using Hotpath.Query.FlameGraphs;

namespace Hotpath.Plugin.Cli;

/// <summary>
/// <c>gpx_hotpath flamegraph [--sample-type T] [--max-nodes N] [--strict-max-nodes] [--format flamebearer|nested] [filters] FILE...</c>:
/// all files merged into one flame graph — truncated the way a Pyroscope server does for one
/// block of data (<see cref="NestedSetFlameGraph.FromStacks"/>) — written to stdout as JSON: Pyroscope's
/// <c>querier.v1.FlameGraph</c> JSON for <c>flamebearer</c> (the default), Hotpath's nested-set
/// columns for <c>nested</c>. <c>--max-nodes</c> defaults to Pyroscope's 8192; 0 keeps every node.
/// <c>--strict-max-nodes</c> cuts once and keeps no more than that many nodes even on ties, as the app's views do.
/// </summary>
internal sealed class FlameGraphCommand : CliCommand
{
    private readonly Option<string> _sampleType = CliSymbols.SampleType();
    private readonly Option<long> _maxNodes = CliSymbols.MaxNodes();
    private readonly Option<bool> _strict = new("--strict-max-nodes")
    {
        Description = "Keep at most N nodes even when nodes tie with the cut-off, folding the rest into 'other' "
                      + "(the flame graphs the app's views show).",
    };

    private readonly Option<string> _format = CliSymbols.Format();
    private readonly StackOptionSymbols _stackOptions = new();
    private readonly Argument<string[]> _files = CliSymbols.Files("FILE", "Profiles to merge: pprof or folded text.");

    public FlameGraphCommand(StackLoader loader)
        : base("flamegraph",
            "The flame graph of all files merged, as JSON.",
            "flamebearer: Pyroscope's querier.v1.FlameGraph JSON; nested: Hotpath's nested-set columns. --max-nodes truncates as a Pyroscope server does, keeping every node tied with the cut-off; --strict-max-nodes never keeps more than N.")
    {
        Add(_sampleType);
        Add(_maxNodes);
        Add(_strict);
        Add(_format);
        _stackOptions.AddTo(this);
        Add(_files);
        SetAction(result => Run(loader, result.GetValue(_files)!, result.GetValue(_sampleType), _stackOptions.Read(result), result.GetValue(_maxNodes),
            result.GetValue(_strict), result.GetValue(_format) == "nested", result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
    }

    public override string? Check(ParseResult result) => result.Count(_files) == 0 ? "no profile files given" : null;

    /// <summary>Runs <c>flamegraph ARGS</c> with <paramref name="loader"/> reading the files.</summary>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, StackLoader loader) =>
        CommandLine.Run(["flamegraph", .. args], stdout, stderr, loader);

    private static int Run(StackLoader loader, string[] files, string? sampleType, StackOptions options, long maxNodes, bool strict, bool nested,
        TextWriter stdout, TextWriter stderr)
    {
        var stacks = loader.Load(files, sampleType, options, "flamegraph", stderr);
        if (stacks is null)
        {
            return CommandLine.BadInput;
        }
        var graph = FlameGraphComposition.Compose(stacks, maxNodes, strict ? FlameGraphCut.View : FlameGraphCut.Pyroscope);
        using (var json = new Utf8JsonWriter(new TextWriterStream(stdout), FlameGraphJson.WriterOptions))
        {
            if (nested)
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
}
