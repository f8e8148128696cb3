using FluentAssertions;
using Hotpath.Engine.Tests.Support;
using Hotpath.Plugin.Cli;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Cli;

/// <summary>
/// The CLI's folded output and top table equal google/pprof's on every readable corpus pprof file
/// (default sample type, which is what the commands use without --sample-type).
/// </summary>
[Parallelizable(ParallelScope.Children)]
public sealed class CliCorpusTests
{
    private static IEnumerable<TestCaseData> Files() => CorpusFiles.Cases();

    [TestCaseSource(nameof(Files))]
    public void Collapsed_equals_google_pprof(CorpusFiles.Summary file)
    {
        var path = CorpusFiles.PathOf(file.File);
        var (exit, stdout, stderr) = Cli.Run("collapsed", path);
        exit.Should().Be(0, stderr);

        var reference = GoReference.Folded(path);
        var index = DefaultIndex(file);
        var expected = reference[index].Lines.ToArray();
        Array.Sort(expected, StringComparer.Ordinal);
        // Compared as whole text: real function names contain newlines.
        stdout.Should().Be(string.Concat(expected.Select(l => l + "\n")));
    }

    [TestCaseSource(nameof(Files))]
    public void Top_equals_go_tool_pprof_and_is_sorted_by_name(CorpusFiles.Summary file)
    {
        var path = CorpusFiles.PathOf(file.File);
        var (exit, stdout, stderr) = Cli.Run("top", path);
        exit.Should().Be(0, stderr);
        // Rows are parsed from the end of each record: real function names contain tabs and newlines.
        var rows = System.Text.RegularExpressions.Regex.Matches(stdout, @"\G(.*?)\t(-?\d+)\t(-?\d+)\n", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => (Name: m.Groups[1].Value, Self: long.Parse(m.Groups[2].Value), Total: long.Parse(m.Groups[3].Value))).ToList();
        rows.Sum(r => r.Name.Length + r.Self.ToString().Length + r.Total.ToString().Length + 3).Should().Be(stdout.Length, "every byte belongs to a row");
        var names = rows.Select(r => r.Name).ToList();
        names.Should().BeInAscendingOrder(StringComparer.Ordinal);
        names.Should().OnlyHaveUniqueItems();

        var byName = rows.ToDictionary(r => r.Name, r => (r.Self, r.Total), StringComparer.Ordinal);
        var index = DefaultIndex(file);
        foreach (var table in PprofTruth.TopTables(CorpusFiles.PathOf(Path.Combine("truth", file.File + ".txt"))).Where(t => t.SampleIndex == index))
        {
            foreach (var row in table.Rows.Where(r => !PprofTruth.IsAddressNode(r.Name)))
            {
                byName.TryGetValue(row.Name, out var got).Should().BeTrue(row.Name);
                got.Should().Be((row.Flat, row.Cum), row.Name);
            }
        }
    }

    // The index google/pprof's reference uses for the profile's default: look it up by the name the CLI picks.
    private static int DefaultIndex(CorpusFiles.Summary file)
    {
        var profile = Engine.Pprof.PprofReader.Read(CorpusFiles.Read(file.File), file.File);
        return profile.DefaultSampleTypeIndex();
    }
}

/// <summary>Runs the command line in-process with captured output.</summary>
internal static class Cli
{
    public static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exit = CommandLine.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public static string[] Lines(string text) =>
        text.Length == 0 ? [] : text.EndsWith('\n') ? text[..^1].Split('\n') : text.Split('\n');
}
