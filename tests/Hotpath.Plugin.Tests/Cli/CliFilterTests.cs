using FluentAssertions;
using Hotpath.Engine.Tests.Support;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Cli;

/// <summary>
/// --focus, --ignore, --hide, --show and --granularity: the folded output equals go tool pprof's
/// filter and aggregate followed by the same folding (google/pprof's FilterSamplesByName and
/// Aggregate in tests/reference/folded) on every readable corpus file and on fresh Go profiles;
/// the other commands take the same options; bad values are usage errors naming the option.
/// </summary>
[Parallelizable(ParallelScope.Children)]
public sealed class CliFilterTests
{
    private static IEnumerable<TestCaseData> Files() => CorpusFiles.Cases();

    [TestCaseSource(nameof(Files))]
    public void Collapsed_with_filters_and_granularity_equals_google_pprof(CorpusFiles.Summary file) =>
        CollapsedEqualsReference(CorpusFiles.PathOf(file.File));

    [TestCase("cpu.pb.gz")]
    [TestCase("heap.pb.gz")]
    public void Collapsed_with_filters_and_granularity_equals_google_pprof_on_fresh_profiles(string name) =>
        CollapsedEqualsReference(Path.Combine(GoReference.FreshGoProfiles(), name));

    private static void CollapsedEqualsReference(string path)
    {
        var reference = GoReference.Folded(FilterCase.Standard, path);
        var index = Engine.Pprof.PprofReader.Read(File.ReadAllBytes(path), path).DefaultSampleTypeIndex();
        for (var c = 0; c < FilterCase.Standard.Length; c++)
        {
            var (exit, stdout, stderr) = Cli.Run(["collapsed", .. FilterCase.Standard[c].CliArguments(), path]);
            exit.Should().Be(0, stderr);
            var expected = reference[c][index].Lines.ToArray();
            Array.Sort(expected, StringComparer.Ordinal);
            // Compared as whole text: real function names contain newlines.
            stdout.Should().Be(string.Concat(expected.Select(l => l + "\n")), FilterCase.Standard[c].ToString());
        }
    }

    [Test]
    public void Top_flamegraph_and_diff_take_the_same_options()
    {
        var path = Path.Combine(GoReference.FreshGoProfiles(), "cpu.pb.gz");
        var (exit, stdout, stderr) = Cli.Run("top", "--focus", @"main\.fib", "--hide", "^runtime", "--granularity", "files", path);
        exit.Should().Be(0, stderr);
        var names = Cli.Lines(stdout).Select(l => l.Split('\t')[0]).ToList();
        names.Should().Contain(n => n.EndsWith("/goprofiler/main.go", StringComparison.Ordinal))
            .And.OnlyContain(n => n.EndsWith(".go", StringComparison.Ordinal), "files granularity names files");

        (exit, stdout, stderr) = Cli.Run("flamegraph", "--max-nodes", "0", "--show", @"^main\.", path);
        exit.Should().Be(0, stderr);
        var graph = System.Text.Json.JsonDocument.Parse(stdout).RootElement.GetProperty("names")
            .EnumerateArray().Select(n => n.GetString()!).ToList();
        graph.Should().Contain("main.fib").And.OnlyContain(n => n == "total" || n.StartsWith("main.", StringComparison.Ordinal));

        (exit, stdout, stderr) = Cli.Run("diff", "--max-nodes", "0", "--ignore", "fib", path, "--vs", path);
        exit.Should().Be(0, stderr);
        var diffNames = System.Text.Json.JsonDocument.Parse(stdout).RootElement.GetProperty("names")
            .EnumerateArray().Select(n => n.GetString()!).ToList();
        diffNames.Should().NotBeEmpty().And.NotContain("main.fib");
    }

    [TestCase("collapsed", "--focus", "(")]
    [TestCase("top", "--ignore", "a[")]
    [TestCase("flamegraph", "--hide", @"(a)\1")]
    [TestCase("diff", "--show", "(?<=x)y")]
    [TestCase("collapsed", "--granularity", "addresses")]
    public void A_bad_filter_or_granularity_is_a_usage_error_naming_the_option(string command, string option, string value)
    {
        var path = Path.Combine(GoReference.FreshGoProfiles(), "cpu.pb.gz");
        string[] args = command == "diff" ? [command, option, value, path, "--vs", path] : [command, option, value, path];
        var (exit, stdout, stderr) = Cli.Run(args);
        exit.Should().Be(2);
        stdout.Should().BeEmpty();
        Cli.Lines(stderr)[0].Should().StartWith($"gpx_hotpath: {command}: {option}");
        Cli.Lines(stderr)[1].Should().StartWith($"usage: gpx_hotpath {command}");
    }

    [Test]
    public void Folded_input_takes_filters_but_no_granularity_beyond_functions()
    {
        var dir = GoReference.TempDirectory("cli-filter-folded");
        var path = Path.Combine(dir, "stacks.txt");
        File.WriteAllText(path, "main;runtime.gc;work 3\nmain;work 4\nmain;idle 5\n");
        var (exit, stdout, stderr) = Cli.Run("collapsed", "--hide", @"^runtime\.", "--ignore", "idle", path);
        exit.Should().Be(0, stderr);
        stdout.Should().Be("main;work 7\n");

        (exit, stdout, stderr) = Cli.Run("collapsed", "--granularity", "lines", path);
        exit.Should().Be(1);
        stdout.Should().BeEmpty();
        stderr.Should().Be($"gpx_hotpath: {path}: folded stacks have function names only; --granularity lines needs pprof input\n");
    }
}
