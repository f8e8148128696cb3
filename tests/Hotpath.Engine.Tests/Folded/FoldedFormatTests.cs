using System.Text.Json;
using FluentAssertions;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Stacks;
using Hotpath.Engine.Tests.Support;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.Folded;

public sealed class FoldedFormatTests
{
    [Test]
    public void Writes_one_sorted_line_per_distinct_stack_and_leaves_out_zero_sums()
    {
        var builder = new StackSetBuilder(new NameTable());
        FoldedFormat.Read("b;c 2\na;b 1\nb;c 3\nz 4\nz -4\na 0\n", "t", builder);
        FoldedFormat.Lines(builder.Stacks).Should().Equal("a;b 1", "b;c 5");
    }

    [Test]
    public void A_stack_without_frames_is_written_with_an_empty_stack_and_reads_back()
    {
        var names = new NameTable();
        var written = new StackSet(names);
        written.Add([], 5);
        written.Add([names.Intern("main")], 2);

        var text = string.Concat(FoldedFormat.Lines(written).Select(l => l + "\n"));
        var read = new StackSetBuilder(new NameTable());
        FoldedFormat.Read(text, "t", read);

        text.Should().Be(" 5\nmain 2\n");
        FoldedFormat.Lines(read.Stacks).Should().Equal(FoldedFormat.Lines(written));
    }

    [Test]
    public void Sorts_by_ordinal_order_not_culture_order()
    {
        var builder = new StackSetBuilder(new NameTable());
        FoldedFormat.Read("b 1\nB 1\na 1\n_ 1\n", "t", builder);
        FoldedFormat.Lines(builder.Stacks).Should().Equal("B 1", "_ 1", "a 1", "b 1");
    }

    [Test]
    public void Reads_crlf_blank_lines_and_names_with_spaces()
    {
        var builder = new StackSetBuilder(new NameTable());
        FoldedFormat.Read("main;operator new(unsigned long) 7\r\n\r\nmain 1\r\n", "t", builder);
        FoldedFormat.Lines(builder.Stacks).Should().Equal("main 1", "main;operator new(unsigned long) 7");
    }

    [TestCase("main;work", "line 1: no value")]
    [TestCase("main;work 12x", "line 1: value '12x' is not a 64-bit integer")]
    [TestCase("ok 1\n   5", "line 2: no frames before the value")]
    [TestCase("a 99999999999999999999", "is not a 64-bit integer")]
    // Found with the folded fuzz target (tests/fuzz/corpus/folded): the sum threw OverflowException.
    [TestCase("a 9223372036854775807\nb 1\na 1", "line 3: the summed value of its stack overflows a 64-bit integer")]
    [TestCase(" -9223372036854775808\n -1", "line 2: the summed value of its stack overflows")]
    public void Bad_lines_are_reported_with_source_and_line(string text, string reason)
    {
        var act = () => FoldedFormat.Read(text, "stacks.txt", new StackSetBuilder(new NameTable()));
        act.Should().Throw<FormatException>().WithMessage($"stacks.txt: *{reason}*");
    }

    /// <summary>Real folded files (FlameGraph, speedscope): distinct stacks and totals as the corpus truth counts them.</summary>
    [Test]
    public void Corpus_folded_files_read_with_the_truth_counts()
    {
        var root = CorpusFiles.RequireRoot();
        var checkedFiles = 0;
        foreach (var line in File.ReadLines(Path.Combine(root, "truth", "folded_summary.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement;
            if (e.GetProperty("variant").GetString() != "classic \"stack count\"" || e.GetProperty("invalid_lines").GetInt32() != 0)
            {
                continue;
            }
            var file = e.GetProperty("file").GetString()!;
            var builder = new StackSetBuilder(new NameTable());
            FoldedFormat.Read(File.ReadAllText(Path.Combine(root, file)), file, builder);
            builder.Stacks.Count.Should().Be(e.GetProperty("distinct_stacks").GetInt32(), file);
            builder.Stacks.Values.ToArray().Sum().Should().Be(e.GetProperty("totals")[0].GetInt64(), file);

            // Writing and reading back is lossless.
            var again = new StackSetBuilder(new NameTable());
            FoldedFormat.Read(string.Join('\n', FoldedFormat.Lines(builder.Stacks)), file, again);
            FoldedFormat.Lines(again.Stacks).Should().Equal(FoldedFormat.Lines(builder.Stacks));
            checkedFiles++;
        }
        checkedFiles.Should().BeGreaterThan(5);
    }
}
