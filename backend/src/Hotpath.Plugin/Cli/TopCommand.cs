using System.Globalization;
using Hotpath.Engine.FunctionTables;

namespace Hotpath.Plugin.Cli;

/// <summary><c>top [--sample-type T] FILE...</c>: NAME&lt;TAB&gt;SELF&lt;TAB&gt;TOTAL per function, sorted by name (ordinal).</summary>
internal static class TopCommand
{
    private static readonly HashSet<string> Options = ["--sample-type"];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (!CliArguments.TryParse(args, Options, out var parsed, out var error))
        {
            return CommandLine.UsageError(stderr, $"top: {error}");
        }
        if (parsed.Positional.Count == 0)
        {
            return CommandLine.UsageError(stderr, "top: no input files");
        }
        try
        {
            var (stacks, _, _) = ProfileInputs.Merge(parsed.Positional, parsed["--sample-type"]);
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
