using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Hotpath.Plugin.Cli;

/// <summary>
/// <c>gpx_hotpath &lt;command&gt; [options]</c>: the standalone server and the engine on files,
/// parsed by System.CommandLine. Exit codes: 0 success (and <c>--help</c>, <c>--version</c>),
/// 1 bad input (one line naming the file and the reason), 2 bad usage (one line naming the
/// argument, then the usage; see <see cref="Usage"/>). Started by Grafana, the executable never
/// gets here (Program.cs hands that case to the plugin host first).
/// </summary>
internal static class CommandLine
{
    public const int Ok = 0;
    public const int BadInput = 1;
    public const int BadUsage = 2;

    /// <summary>The name help and messages use: Grafana runs the file under a platform suffix, users under any name.</summary>
    public const string Name = "gpx_hotpath";

    private const string Description =
        """
        Hotpath: continuous-profiling data explored in Grafana. Grafana starts this executable as the
        hotpath-profiles-app plugin; 'serve' runs the same app as a standalone server; the other
        commands run the profile engine on files. FILE is pprof (gzip or raw protobuf) or folded text
        (one stack per line, frames root first joined by ';', a space, the value), told apart by content;
        several files are merged. Exit status: 0 success, 1 bad input, 2 bad usage.
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, StackLoaders.Files);

    /// <summary>Runs the command line with <paramref name="loader"/> reading the profile files of flamegraph and diff.</summary>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, StackLoader loader)
    {
        var (parsed, invocation) = Parse(args, stdout, stderr, loader);
        return parsed?.Invoke(invocation) ?? BadUsage;
    }

    /// <summary>The executable's entry: like <see cref="Run(string[], TextWriter, TextWriter)"/>, awaiting <c>serve</c> instead of blocking on it.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var (parsed, invocation) = Parse(args, stdout, stderr, StackLoaders.Files);
        return parsed is null ? BadUsage : await parsed.InvokeAsync(invocation).ConfigureAwait(false);
    }

    /// <summary>Every command, freshly built: symbols are cheap, and one tree per run keeps concurrent runs (tests) apart.</summary>
    internal static RootCommand Build(StackLoader loader)
    {
        var root = new RootCommand(Description)
        {
            new ServeCommand(),
            new CollapsedCommand(),
            new TopCommand(),
            new FlameGraphCommand(loader),
            new DiffCommand(loader),
            new ConvertCommand(),
            new StoreCommand(),
            new HashPasswordCommand(),
        };
        root.HelpName = Name;
        // `gpx_hotpath help [COMMAND]`, as before the parser had --help; kept out of the listings.
        var topic = new Argument<string>("COMMAND") { Arity = ArgumentArity.ZeroOrOne };
        var help = new Command("help", "Describes a command and its options.") { Hidden = true };
        help.Add(topic);
        help.SetAction(result => root.Parse([.. result.Count(topic) > 0 ? [result.GetValue(topic)!] : Array.Empty<string>(), "--help"])
            .Invoke(result.InvocationConfiguration));
        root.Add(help);
        foreach (var option in root.Options)
        {
            if (option.Action is HelpAction standard)
            {
                standard.MaxWidth = 100;
                option.Action = new SummaryHelp(standard);
            }
        }
        return root;
    }

    /// <summary>
    /// Parses. On bad usage writes the problem and the usage and returns no result (exit with
    /// <see cref="BadUsage"/>); <c>--help</c> and <c>--version</c> skip the usage checks, so that
    /// help answers whatever else the command line holds.
    /// </summary>
    private static (ParseResult? Parsed, InvocationConfiguration Invocation) Parse(string[] args, TextWriter stdout, TextWriter stderr, StackLoader loader)
    {
        var root = Build(loader);
        var invocation = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            // Exceptions are bugs: let them surface as they did before, not as a formatted exit 1.
            EnableDefaultExceptionHandler = false,
            // serve's host handles SIGTERM and Ctrl-C itself (graceful stop, exit 0).
            ProcessTerminationTimeout = null,
        };
        // File names are taken literally: no @response-file expansion.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Action is { } action && root.Options.Any(o => o is HelpOption or VersionOption && ReferenceEquals(o.Action, action)))
        {
            return (parsed, invocation);
        }
        if (Usage.Problem(parsed) is { } problem)
        {
            Usage.Write(stderr, root, parsed.CommandResult.Command, problem);
            return (null, invocation);
        }
        return (parsed, invocation);
    }

    /// <summary>
    /// System.CommandLine's help, except that <c>gpx_hotpath --help</c> lists each command with its
    /// one-sentence <see cref="CliCommand.Summary"/>; a command's own <c>--help</c> has its whole description.
    /// </summary>
    private sealed class SummaryHelp(HelpAction standard) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            if (parseResult.CommandResult.Command is RootCommand root)
            {
                // The tree is built for this one run (see Build), so it may be shortened for the listing.
                foreach (var command in root.Subcommands.OfType<CliCommand>())
                {
                    command.Description = command.Summary;
                }
            }
            return standard.Invoke(parseResult);
        }
    }

    /// <summary>Prints the one-line bad-input error; returns <see cref="BadInput"/>.</summary>
    public static int InputError(TextWriter stderr, string message)
    {
        stderr.WriteLine($"{Name}: {message}");
        return BadInput;
    }
}
