using System.CommandLine;
using Hotpath.Engine.Folded;

namespace Hotpath.Plugin.Cli;

/// <summary><c>collapsed [--sample-type T] FILE...</c>: folded stacks of all files merged.</summary>
internal sealed class CollapsedCommand : CliCommand
{
    private readonly Option<string> _sampleType = CliSymbols.SampleType();
    private readonly Argument<string[]> _files = CliSymbols.Files("FILE", "Profiles to merge: pprof or folded text.");

    public CollapsedCommand()
        : base("collapsed",
            "Folded stacks of all files merged.",
            "One line per distinct stack: frames root first joined by ';', a space, the summed value. Stacks that sum to zero are left out; lines are sorted in ordinal order.")
    {
        Add(_sampleType);
        Add(_files);
        SetAction(result => Run(result.GetValue(_files)!, result.GetValue(_sampleType), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
    }

    public override string? Check(ParseResult result) => result.Count(_files) == 0 ? "no input files" : null;

    private static int Run(string[] files, string? sampleType, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var (stacks, _, _) = ProfileInputs.Merge(files, sampleType);
            var output = Output.Buffered(stdout);
            FoldedFormat.Write(stacks, output);
            Output.Finish(output, stdout);
            return CommandLine.Ok;
        }
        catch (InputException e)
        {
            return CommandLine.InputError(stderr, e.Message);
        }
    }
}
