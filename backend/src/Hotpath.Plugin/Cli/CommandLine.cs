namespace Hotpath.Plugin.Cli;

/// <summary>
/// The engine on files: <c>gpx_hotpath &lt;command&gt; FILE...</c>.
/// Exit codes: 0 success, 1 bad input (one line naming the file and the reason), 2 bad usage.
/// </summary>
internal static class CommandLine
{
    public const int Ok = 0;
    public const int BadInput = 1;
    public const int BadUsage = 2;

    public const string Usage =
        """
        usage: gpx_hotpath <command> [options]
          serve [--listen ADDR] [--data DIR] [--demo]
                run the standalone server (default 127.0.0.1:4040)
          collapsed [--sample-type T] FILE...
                folded stacks of all files merged: frames root first joined by ';', a space, the value
          top [--sample-type T] FILE...
                one line per function, NAME<TAB>SELF<TAB>TOTAL, sorted by name
          flamegraph [--sample-type T] [--max-nodes N] [--strict-max-nodes] [--format flamebearer|nested] FILE...
                the merged flame graph as JSON
          diff [--sample-type T] BASE... --vs COMPARISON...
                the diff flame graph of two selections as JSON
          convert --to pprof|folded [--sample-type T] IN OUT
                convert between pprof (gzip or raw) and folded stacks
        FILE is pprof (gzip or raw protobuf) or folded text. T is a sample type name (e.g. cpu,
        alloc_space) or type/unit; the default is the profile's default sample type, else its last.
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0)
        {
            return UsageError(stderr, "no command given");
        }
        var rest = args[1..];
        switch (args[0])
        {
            case "collapsed":
                return CollapsedCommand.Run(rest, stdout, stderr);
            case "top":
                return TopCommand.Run(rest, stdout, stderr);
            case "convert":
                return ConvertCommand.Run(rest, stdout, stderr);
            case "flamegraph":
                return FlameGraphCommand.Run(rest, stdout, stderr);
            case "diff":
                return DiffCommand.Run(rest, stdout, stderr);

            case "help":
            case "--help":
            case "-h":
                stdout.Write(Usage);
                stdout.WriteLine();
                return Ok;
            default:
                return UsageError(stderr, $"unknown command '{args[0]}'");
        }
    }

    /// <summary>Prints one error line and the usage; returns <see cref="BadUsage"/>.</summary>
    public static int UsageError(TextWriter stderr, string message)
    {
        stderr.WriteLine($"gpx_hotpath: {message}");
        stderr.WriteLine(Usage);
        return BadUsage;
    }

    /// <summary>Prints the one-line bad-input error; returns <see cref="BadInput"/>.</summary>
    public static int InputError(TextWriter stderr, string message)
    {
        stderr.WriteLine($"gpx_hotpath: {message}");
        return BadInput;
    }
}
