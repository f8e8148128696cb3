using System.Globalization;
using System.Text.Json;
using FluentAssertions;
using Hotpath.Engine.Filters;
using Hotpath.Engine.Stacks;
using Hotpath.Plugin.Cli;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Cli;

public class FlameGraphCommandTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("hotpath-cli-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Writes_the_merged_flamebearer_of_all_files()
    {
        var a = Write("a.folded", "main;a 3\nmain;b 1\n");
        var b = Write("b.folded", "main;a 2\n");

        var (code, stdout, stderr) = Run(FlameGraphCommand.Run, a, b);

        code.Should().Be(0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        root.GetProperty("names").EnumerateArray().Select(e => e.GetString()).Should().Equal("total", "main", "b", "a");
        root.GetProperty("total").GetString().Should().Be("6");
        root.GetProperty("levels")[2].GetProperty("values").EnumerateArray().Select(e => e.GetString())
            .Should().Equal("0", "5", "5", "3", "0", "1", "1", "2");
    }

    [Test]
    public void Nested_format_writes_columns_and_honours_max_nodes()
    {
        var file = Write("p.folded", "main;a 30\nmain;b 1\nmain;c 1\n");

        var (code, stdout, _) = Run(FlameGraphCommand.Run, "--max-nodes", "2", "--format", "nested", file);

        code.Should().Be(0);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        root.GetProperty("labels").EnumerateArray().Select(e => e.GetString()).Should().Equal("total", "main", "a", "other");
        root.GetProperty("level").EnumerateArray().Select(e => e.GetInt32()).Should().Equal(0, 1, 2, 2);
        root.GetProperty("value").EnumerateArray().Select(e => e.GetInt64()).Should().Equal(32, 32, 30, 2);
        root.GetProperty("truncatedFraction").GetDouble().Should().BeApproximately(2.0 / 32, 1e-12);
    }

    [Test]
    public void Strict_max_nodes_folds_ties_that_pyroscope_would_keep()
    {
        var file = Write("ties.folded", "main;a 5\nmain;b 5\nmain;c 5\nmain;d 1\n");

        var (pyroscopeCode, pyroscope, _) = Run(FlameGraphCommand.Run, "--max-nodes", "3", "--format", "nested", file);
        var (code, stdout, _) = Run(FlameGraphCommand.Run, "--max-nodes", "3", "--strict-max-nodes", "--format", "nested", file);

        pyroscopeCode.Should().Be(0);
        code.Should().Be(0);
        using var loose = JsonDocument.Parse(pyroscope);
        loose.RootElement.GetProperty("labels").EnumerateArray().Select(e => e.GetString()).Should().Equal("total", "main", "a", "b", "c", "other");
        using var json = JsonDocument.Parse(stdout);
        json.RootElement.GetProperty("labels").EnumerateArray().Select(e => e.GetString()).Should().Equal("total", "main", "a", "b", "other");
        json.RootElement.GetProperty("value").EnumerateArray().Select(e => e.GetInt64()).Should().Equal(16, 16, 5, 5, 6);
    }

    [TestCase(new string[0], "no profile files given")]
    [TestCase(new[] { "--max-nodes", "-3", "x" }, "--max-nodes needs a whole number")]
    [TestCase(new[] { "--max-nodes" }, "--max-nodes needs a value")]
    [TestCase(new[] { "--format", "svg", "x" }, "--format must be flamebearer or nested, got 'svg'")]
    [TestCase(new[] { "--colour", "x" }, "unknown option '--colour'")]
    public void Bad_usage_exits_with_2_and_says_why(string[] args, string message)
    {
        var (code, stdout, stderr) = Run(FlameGraphCommand.Run, args);

        code.Should().Be(2);
        stdout.Should().BeEmpty();
        stderr.Should().Contain(message).And.Contain("usage: gpx_hotpath flamegraph");
    }

    [Test]
    public void A_missing_file_exits_with_1_naming_it()
    {
        var missing = Path.Combine(_dir, "nope.pb.gz");

        var (code, _, stderr) = Run(FlameGraphCommand.Run, missing);

        code.Should().Be(1);
        stderr.Should().Be($"gpx_hotpath flamegraph: {missing}: no such file{Environment.NewLine}");
    }

    [Test]
    public void Unreadable_input_exits_with_1_and_one_line_naming_file_and_reason()
    {
        var bad = Write("bad.folded", "main;a 3\nmain;b three\n");

        var (code, stdout, stderr) = Run(FlameGraphCommand.Run, bad);

        code.Should().Be(1);
        stdout.Should().BeEmpty();
        stderr.Should().Be($"gpx_hotpath flamegraph: {bad}: line 2: value 'three' is not a whole number{Environment.NewLine}");
    }

    [Test]
    public void Diff_writes_the_diff_flamebearer_of_baseline_against_comparison()
    {
        var base1 = Write("base.folded", "main;a 5\nmain;b 5\n");
        var cmp = Write("cmp.folded", "main;a 2\nmain;c 8\n");

        var (code, stdout, stderr) = Run(DiffCommand.Run, base1, "--vs", cmp);

        code.Should().Be(0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        root.GetProperty("leftTicks").GetString().Should().Be("10");
        root.GetProperty("rightTicks").GetString().Should().Be("10");
        root.GetProperty("names").EnumerateArray().Select(e => e.GetString()).Should().Equal("total", "main", "c", "b", "a");
    }

    [Test]
    public void Diff_nested_columns_put_the_comparison_on_the_right()
    {
        var base1 = Write("base.folded", "main;a 5\n");
        var cmp = Write("cmp.folded", "main;a 2\n");

        var (code, stdout, _) = Run(DiffCommand.Run, "--format", "nested", base1, "--vs", cmp);

        code.Should().Be(0);
        using var json = JsonDocument.Parse(stdout);
        json.RootElement.GetProperty("value").EnumerateArray().Select(e => e.GetInt64()).Should().Equal(5, 5, 5);
        json.RootElement.GetProperty("valueRight").EnumerateArray().Select(e => e.GetInt64()).Should().Equal(2, 2, 2);
    }

    [TestCase(new[] { "a" }, "no comparison files given after --vs")]
    [TestCase(new[] { "--vs", "b" }, "no baseline files given")]
    [TestCase(new[] { "a", "--vs", "b", "--vs", "c" }, "--vs given twice")]
    [TestCase(new[] { "a", "--vs", "b", "--strict-max-nodes" }, "--strict-max-nodes applies to flamegraph only")]
    public void Diff_bad_usage_exits_with_2(string[] args, string message)
    {
        var (code, _, stderr) = Run(DiffCommand.Run, args);

        code.Should().Be(2);
        stderr.Should().Contain(message).And.Contain("usage: gpx_hotpath diff");
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private delegate int Command(string[] args, TextWriter stdout, TextWriter stderr, StackLoader loader);

    private static (int Code, string Stdout, string Stderr) Run(Command command, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = command(args, stdout, stderr, LoadFolded);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A real loader for folded files: the reader of the engine is not part of these tests.</summary>
    private static StackSet LoadFolded(IReadOnlyList<string> files, string? sampleType, StackOptions options)
    {
        var set = new StackSet(new NameTable());
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var lineNumber = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNumber++;
                var space = line.LastIndexOf(' ');
                if (space <= 0 || !long.TryParse(line[(space + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                {
                    throw new InvalidDataException($"{file}: line {lineNumber}: value '{line[(space + 1)..]}' is not a whole number");
                }
                var stack = line[..space];
                if (index.TryGetValue(stack, out var existing))
                {
                    set.AddValue(existing, value);
                    continue;
                }
                index[stack] = set.Add(stack.Split(';').Select(set.Names.Intern).ToArray(), value);
            }
        }
        return StackFilter.Apply(set, options.Filters);
    }
}
