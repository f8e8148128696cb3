using System.CommandLine;
using System.Globalization;
using Hotpath.Engine.FunctionTables;

namespace Hotpath.Plugin.Cli;

/// <summary><c>top [--sample-type T] FILE...</c>: NAME&lt;TAB&gt;SELF&lt;TAB&gt;TOTAL per function, sorted by name (ordinal).</summary>
internal sealed class TopCommand : CliCommand
{
    private readonly Option<string> _sampleType = CliSymbols.SampleType();
    private readonly Argument<string[]> _files = CliSymbols.Files("FILE", "Profiles to merge: pprof or folded text.");

    public TopCommand()
        : base("top",
            "The function table: NAME<TAB>SELF<TAB>TOTAL per function, sorted by name.",
            "SELF is the value of stacks where the function is the leaf; TOTAL the value of stacks that contain it, counted once per stack however deep it recurses (go tool pprof's flat and cum). Names are sorted in ordinal order; functions whose self and total are both zero are left out.")
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
            foreach (var row in FunctionTable.Build(stacks).SortedByName())
            {
                output.Write(row.Name);
                output.Write('\t');
                output.Write(row.Self.ToString(CultureInfo.InvariantCulture));
                output.Write('\t');
                output.Write(row.Total.ToString(CultureInfo.InvariantCulture));
                output.Write('\n');
            }
            Output.Finish(output, stdout);
            return CommandLine.Ok;
        }
        catch (InputException e)
        {
            return CommandLine.InputError(stderr, e.Message);
        }
    }
}
