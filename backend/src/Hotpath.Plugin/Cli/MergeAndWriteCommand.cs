using System.CommandLine;
using Hotpath.Engine.Filters;
using Hotpath.Engine.Stacks;

namespace Hotpath.Plugin.Cli;

/// <summary>
/// The shape of the commands that merge every FILE with one sample type and write one text answer
/// (<c>collapsed</c>, <c>top</c>): the options, the "no input files" check, buffering and the
/// input-error exit are here; each command only writes its answer from the merged stacks.
/// </summary>
internal abstract class MergeAndWriteCommand : CliCommand
{
    private readonly Option<string> _sampleType = CliSymbols.SampleType();
    private readonly StackOptionSymbols _stackOptions = new();
    private readonly Argument<string[]> _files = CliSymbols.Files("FILE", "Profiles to merge: pprof or folded text.");

    protected MergeAndWriteCommand(string name, string summary, string details)
        : base(name, summary, details)
    {
        Add(_sampleType);
        _stackOptions.AddTo(this);
        Add(_files);
        SetAction(result => Run(result.GetValue(_files)!, result.GetValue(_sampleType), _stackOptions.Read(result),
            result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
    }

    public override string? Check(ParseResult result) => result.Count(_files) == 0 ? "no input files" : null;

    /// <summary>Writes the command's answer for the merged stacks to <paramref name="output"/>.</summary>
    protected abstract void Write(StackSet stacks, TextWriter output);

    private int Run(string[] files, string? sampleType, StackOptions options, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var (stacks, _, _) = ProfileInputs.Merge(files, sampleType, options);
            var output = Output.Buffered(stdout);
            Write(stacks, output);
            Output.Finish(output, stdout);
            return CommandLine.Ok;
        }
        catch (InputException e)
        {
            return CommandLine.InputError(stderr, e.Message);
        }
    }
}
