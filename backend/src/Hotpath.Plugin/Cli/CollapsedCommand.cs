using Hotpath.Engine.Folded;

namespace Hotpath.Plugin.Cli;

/// <summary><c>collapsed [--sample-type T] FILE...</c>: folded stacks of all files merged.</summary>
internal static class CollapsedCommand
{
    private static readonly HashSet<string> Options = ["--sample-type"];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (!CliArguments.TryParse(args, Options, out var parsed, out var error))
        {
            return CommandLine.UsageError(stderr, $"collapsed: {error}");
        }
        if (parsed.Positional.Count == 0)
        {
            return CommandLine.UsageError(stderr, "collapsed: no input files");
        }
        try
        {
            var (stacks, _, _) = ProfileInputs.Merge(parsed.Positional, parsed["--sample-type"]);
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
