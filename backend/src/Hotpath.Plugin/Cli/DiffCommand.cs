using System.CommandLine;
using System.Text.Json;
using Hotpath.Engine.Diff;
using Hotpath.Engine.Filters;
using Hotpath.Engine.FlameGraphs;
using Hotpath.Query.FlameGraphs;

namespace Hotpath.Plugin.Cli;

/// <summary>
/// <c>gpx_hotpath diff [--sample-type T] [--max-nodes N] [--format flamebearer|nested] BASE... --vs COMPARISON...</c>:
/// the baseline files merged against the comparison files, diffed as Pyroscope's query frontend
/// does (each side truncated to N, then the diff), written as <c>querier.v1.FlameGraphDiff</c>
/// JSON or as nested-set columns with value/self (baseline) and valueRight/selfRight (comparison).
/// </summary>
internal sealed class DiffCommand : CliCommand
{
    private readonly Option<string> _sampleType = CliSymbols.SampleType();
    private readonly Option<long> _maxNodes = CliSymbols.MaxNodes();
    private readonly Option<string> _format = CliSymbols.Format();
    private readonly StackOptionSymbols _stackOptions = new();
    private readonly Argument<string[]> _baseline = CliSymbols.Files("BASE", "Baseline profiles, merged: pprof or folded text.");

    private readonly Option<string[]> _comparison = new("--vs")
    {
        HelpName = "COMPARISON",
        Description = "Comparison profiles, merged: every file after --vs (give options before it).",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = true,
        Required = true,
    };

    // Accepted only to say that it belongs to flamegraph: a diff keeps Pyroscope's truncation.
    private readonly Option<bool> _strict = new("--strict-max-nodes") { Hidden = true };

    public DiffCommand(StackLoader loader)
        : base("diff",
            "The diff flame graph of baseline files against comparison files, as JSON.",
            "Each side is merged and truncated to --max-nodes, then diffed, as Pyroscope's query frontend does. flamebearer: querier.v1.FlameGraphDiff JSON; nested: nested-set columns with value and self for the baseline, valueRight and selfRight for the comparison.")
    {
        Add(_sampleType);
        Add(_maxNodes);
        Add(_format);
        _stackOptions.AddTo(this);
        Add(_strict);
        Add(_baseline);
        Add(_comparison);
        SetAction(result => Run(loader, result.GetValue(_baseline)!, result.GetValue(_comparison)!, result.GetValue(_sampleType), _stackOptions.Read(result),
            result.GetValue(_maxNodes), result.GetValue(_format) == "nested", result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
    }

    public override string? Check(ParseResult result)
    {
        if (result.Given(_strict))
        {
            return "--strict-max-nodes applies to flamegraph only";
        }
        if (result.Count(_baseline) == 0)
        {
            return "no baseline files given";
        }
        if (!result.Given(_comparison))
        {
            return "no comparison files given after --vs";
        }
        // The parser ends --vs at the next option; a file after that would silently join the baseline.
        var tokens = result.Tokens.ToList();
        var vsAt = tokens.FindIndex(t => ReferenceEquals(t, result.GetResult(_comparison)!.IdentifierToken));
        var late = result.GetResult(_baseline)!.Tokens.FirstOrDefault(t => tokens.FindIndex(u => ReferenceEquals(u, t)) > vsAt);
        return late is null ? null : $"'{late.Value}' comes after --vs and an option: give every comparison file right after --vs, options before it";
    }

    /// <summary>Runs <c>diff ARGS</c> with <paramref name="loader"/> reading the files.</summary>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, StackLoader loader) =>
        CommandLine.Run(["diff", .. args], stdout, stderr, loader);

    private static int Run(StackLoader loader, string[] baseline, string[] comparison, string? sampleType, StackOptions options, long maxNodes, bool nested,
        TextWriter stdout, TextWriter stderr)
    {
        var left = loader.Load(baseline, sampleType, options, "diff", stderr);
        if (left is null)
        {
            return CommandLine.BadInput;
        }
        var right = loader.Load(comparison, sampleType, options, "diff", stderr);
        if (right is null)
        {
            return CommandLine.BadInput;
        }
        var graph = FlameGraphComposition.Diff(left, right, maxNodes);
        using (var json = new Utf8JsonWriter(new TextWriterStream(stdout), FlameGraphJson.WriterOptions))
        {
            if (nested)
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
}
