using System.Diagnostics;
using System.Text.RegularExpressions;
using FluentAssertions;
using Hotpath.Engine.Tests.Support;
using Hotpath.Plugin.Hosting;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Cli;

/// <summary>
/// The command line's own surface: --help of every command, --version, and bad usage (unknown
/// options, missing values, repeated options, stray words) exiting 2 with one line naming the word.
/// </summary>
public sealed class CliUsageTests
{
    /// <summary>Every command and every option it documents: the contract docs/cli.md describes.</summary>
    private static readonly Dictionary<string, string[]> Commands = new()
    {
        ["serve"] = ["--listen", "--data", "--demo", "--retention", "--retention-size", "--web", "--config", "--log-level",
            "--allowed-hosts", "--cors-origin", "--auth-token-file", "--basic-auth-file", "--insecure-allow-unauthenticated", "--tls-cert", "--tls-key",
            "--max-inflight-bytes", "--max-series", "--max-label-names-per-series", "--max-label-name-length", "--max-label-value-length"],
        ["collapsed"] = ["--sample-type", "--focus", "--ignore", "--hide", "--show", "--granularity"],
        ["top"] = ["--sample-type", "--focus", "--ignore", "--hide", "--show", "--granularity"],
        ["flamegraph"] = ["--sample-type", "--max-nodes", "--strict-max-nodes", "--format", "--focus", "--ignore", "--hide", "--show", "--granularity"],
        ["diff"] = ["--sample-type", "--max-nodes", "--format", "--focus", "--ignore", "--hide", "--show", "--granularity", "--vs"],
        ["convert"] = ["--to", "--sample-type"],
    };

    /// <summary>Arguments that make each command valid (the files need not exist: usage is checked before any is read).</summary>
    private static readonly Dictionary<string, string[]> ValidRest = new()
    {
        ["serve"] = [],
        ["collapsed"] = ["a.pb.gz"],
        ["top"] = ["a.pb.gz"],
        ["flamegraph"] = ["a.pb.gz"],
        ["diff"] = ["a.pb.gz", "--vs", "b.pb.gz"],
        ["convert"] = ["--to", "folded", "a.pb.gz", "b.folded"],
    };

    private static IEnumerable<string> CommandNames() => Commands.Keys;

    private static IEnumerable<TestCaseData> ValuedOptions() =>
        from command in Commands
        from option in command.Value
        where option is not ("--demo" or "--strict-max-nodes" or "--insecure-allow-unauthenticated")
        select new TestCaseData(command.Key, option).SetArgDisplayNames(command.Key, option);

    [TestCaseSource(nameof(CommandNames))]
    public void Help_of_every_command_lists_its_options_with_descriptions(string command)
    {
        foreach (var flag in (string[])["--help", "-h", "-?"])
        {
            var (exit, stdout, stderr) = Cli.Run(command, flag);
            exit.Should().Be(0, stderr);
            stderr.Should().BeEmpty();
            stdout.Should().Contain($"Usage:\n  gpx_hotpath {command} ");
            foreach (var option in Commands[command])
            {
                // "  --name <VALUE>   description", the description possibly after a (REQUIRED) mark.
                stdout.Should().MatchRegex($@"(?m)^  {Regex.Escape(option)}( <[^>]+>)?( \(REQUIRED\))? {{2,}}\S", $"{command} --help describes {option}");
            }
        }
        var help = Cli.Run(command, "--help").Stdout;
        var options = Regex.Matches(help[help.IndexOf("\nOptions:\n", StringComparison.Ordinal)..], @"(?m)^  (--[a-z-]+)").Select(m => m.Groups[1].Value);
        options.Should().BeEquivalentTo(Commands[command], "help lists exactly the command's options (and -?, -h, --help)");
    }

    [Test]
    public void Help_runs_nothing_even_with_bad_or_missing_arguments()
    {
        Cli.Run("top", "--help", "/nonexistent/a.pb.gz").Exit.Should().Be(0);
        Cli.Run("convert", "--help").Exit.Should().Be(0, "IN, OUT and --to are missing, but help was asked for");
        Cli.Run("serve", "--listen", "nowhere", "--help").Exit.Should().Be(0);
    }

    [Test]
    public void Root_help_lists_every_command_with_one_sentence()
    {
        var (exit, stdout, stderr) = Cli.Run("--help");
        exit.Should().Be(0, stderr);
        stdout.Should().Contain("Usage:\n  gpx_hotpath [command] [options]").And.Contain("--version");
        foreach (var command in Commands.Keys)
        {
            stdout.Should().MatchRegex($@"(?m)^  {command}( <[A-Z]+>)* {{2,}}[A-Z]", $"the commands list {command} with its summary");
        }
        stdout.Should().NotContain("ordinal order", "a command's details are in its own --help");
        Cli.Run("help").Stdout.Should().Be(stdout, "'help' is the old spelling of --help");
        Cli.Run("help", "top").Stdout.Should().Be(Cli.Run("top", "--help").Stdout);
    }

    [TestCaseSource(nameof(CommandNames))]
    public void An_unknown_option_exits_2_naming_it(string command)
    {
        var (exit, stdout, stderr) = Cli.Run([command, .. ValidRest[command], "--bogus"]);
        exit.Should().Be(2);
        stdout.Should().BeEmpty();
        var lines = Cli.Lines(stderr);
        lines[0].Should().Be($"gpx_hotpath: {command}: unknown option '--bogus'");
        lines[1].Should().StartWith($"usage: gpx_hotpath {command} ");
        lines[^1].Should().Be($"'gpx_hotpath {command} --help' describes its options.");

        Cli.Run([command, "-x", .. ValidRest[command]]).Stderr.Should().StartWith($"gpx_hotpath: {command}: unknown option '-x'\n");
        Cli.Run([command, "--version", .. ValidRest[command]]).Stderr.Should()
            .StartWith($"gpx_hotpath: {command}: unknown option '--version'\n", "--version belongs to gpx_hotpath itself");
    }

    [TestCaseSource(nameof(ValuedOptions))]
    public void An_option_without_its_value_exits_2_naming_it(string command, string option)
    {
        // The option last, and only once (convert and diff need theirs: take it out of the valid arguments).
        var rest = ValidRest[command].ToList();
        if (rest.IndexOf(option) is var at and >= 0)
        {
            rest.RemoveRange(at, 2);
        }
        string[] args = [command, .. rest, option];
        var (exit, stdout, stderr) = Cli.Run(args);
        exit.Should().Be(2);
        stdout.Should().BeEmpty();
        Cli.Lines(stderr)[0].Should().Be($"gpx_hotpath: {command}: {option} needs a value");
    }

    [TestCase("top", "--sample-type", "cpu")]
    [TestCase("flamegraph", "--max-nodes", "5")]
    [TestCase("flamegraph", "--strict-max-nodes", null)]
    [TestCase("serve", "--listen", ":0")]
    [TestCase("serve", "--demo", null)]
    public void An_option_given_twice_exits_2_naming_it(string command, string option, string? value)
    {
        string[] once = value is null ? [option] : [option, value];
        var (exit, _, stderr) = Cli.Run([command, .. once, .. once, .. ValidRest[command]]);
        exit.Should().Be(2);
        Cli.Lines(stderr)[0].Should().Be($"gpx_hotpath: {command}: {option} given twice");
    }

    [TestCase(new[] { "convert", "--to", "folded", "a", "b", "c" }, "convert: unexpected argument 'c'")]
    [TestCase(new[] { "serve", "now" }, "serve: unexpected argument 'now'")]
    [TestCase(new[] { "--bogus" }, "unknown option '--bogus'")]
    [TestCase(new[] { "flamegraph", "--max-nodes", "many", "a" }, "flamegraph: --max-nodes needs a whole number ≥ 0 (0 = no limit), got 'many'")]
    [TestCase(new[] { "diff", "a", "--vs", "b", "--max-nodes", "5", "c" },
        "diff: 'c' comes after --vs and an option: give every comparison file right after --vs, options before it")]
    [TestCase(new[] { "serve", "--retention", "1y" }, "serve: --retention '1y' is not an age such as 90m, 48h, 7d or 2w")]
    public void Other_bad_usage_exits_2_naming_the_word(string[] args, string message)
    {
        var (exit, stdout, stderr) = Cli.Run(args);
        exit.Should().Be(2);
        stdout.Should().BeEmpty();
        Cli.Lines(stderr)[0].Should().Be($"gpx_hotpath: {message}");
    }

    [Test]
    public void After_a_double_dash_a_word_starting_with_a_dash_is_a_file()
    {
        var (exit, _, stderr) = Cli.Run("top", "--", "-x");
        exit.Should().Be(1, "-x is read as a file, which does not exist");
        Cli.Lines(stderr).Should().ContainSingle().Which.Should().StartWith("gpx_hotpath: -x: cannot read");
    }

    [Test]
    public void Arguments_starting_with_an_at_sign_are_file_names_not_response_files()
    {
        var dir = GoReference.TempDirectory("cli-at");
        File.WriteAllText(Path.Combine(dir, "list"), "--bogus\n");
        var at = "@" + Path.Combine(dir, "list");
        var (exit, _, stderr) = Cli.Run("top", at);
        exit.Should().Be(1);
        Cli.Lines(stderr).Should().ContainSingle().Which.Should().StartWith($"gpx_hotpath: {at}: cannot read");
    }

    [Test]
    public void Version_prints_the_executables_version()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "gpx_hotpath.dll");
        var (exit, stdout, stderr) = Exec(dll, [], "--version");
        exit.Should().Be(0, stderr);
        var version = FileVersionInfo.GetVersionInfo(dll).ProductVersion;
        version.Should().NotBeNullOrEmpty();
        stdout.Should().Be(version + "\n");
    }

    [Test]
    public void Started_by_grafana_without_arguments_the_process_is_the_plugin_and_stdout_carries_only_the_handshake()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "gpx_hotpath.dll");
        var info = Start(dll, [(Handshake.MagicCookieKey, Handshake.MagicCookieValue), ("PLUGIN_PROTOCOL_VERSIONS", "2")]);
        using var process = Process.Start(info)!;
        try
        {
            var first = process.StandardOutput.ReadLine();
            first.Should().MatchRegex(@"^1\|2\|tcp\|127\.0\.0\.1:\d+\|grpc$");
        }
        finally
        {
            process.Kill();
            process.WaitForExit();
        }
        process.StandardOutput.ReadToEnd().Should().BeEmpty("nothing but the handshake line reaches stdout");

        // With arguments, Grafana's variables do not matter: it is the command line.
        var (exit, stdout, _) = Exec(dll, [(Handshake.MagicCookieKey, Handshake.MagicCookieValue)], "top", "--help");
        exit.Should().Be(0);
        stdout.Should().Contain("gpx_hotpath top");
    }

    private static ProcessStartInfo Start(string dll, (string Name, string Value)[] environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        info.Environment.Remove(Handshake.MagicCookieKey);
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        return info;
    }

    private static (int Exit, string Stdout, string Stderr) Exec(string dll, (string, string)[] environment, params string[] args)
    {
        using var process = Process.Start(Start(dll, environment, args))!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }
}
