using System.Text;
using System.Text.Json;
using FluentAssertions;
using Hotpath.Engine.CallTrees;
using Hotpath.Engine.FlameGraphs;
using Hotpath.Engine.Stacks;
using Hotpath.Engine.Tests.StackFixtures;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.FlameGraphs;

public class FlamebearerTests
{
    // Tree: gc 4 (self 4); main 10 → a 8 (self 3) → b 5 (self 5); main → c 2 (self 2). Total 14.
    private static readonly StackSet Small = FoldedText.Lines("main;a;b 5", "main;a 3", "main;c 2", "gc 4");

    [Test]
    public void Encodes_a_small_tree_exactly_as_pyroscope()
    {
        var fb = Flamebearer.Build(CallTree.FromStacks(Small), maxNodes: 0);

        // Names in visiting order: root, then the last child first (main before gc, c before a).
        fb.Names.Should().Equal("total", "main", "c", "a", "b", "gc");
        fb.Levels.Should().HaveCount(4);
        fb.Levels[0].Should().Equal(0, 14, 0, 0);
        fb.Levels[1].Should().Equal(0, 4, 4, 5, /* main */ 0, 10, 0, 1);
        // a starts after main's self (0) at x 4, c follows at 12 (delta 0).
        fb.Levels[2].Should().Equal(4, 8, 3, 3, 0, 2, 2, 2);
        // b starts after a's self: x 7, delta 7 from the level start.
        fb.Levels[3].Should().Equal(7, 5, 5, 4);
        fb.Total.Should().Be(14);
        fb.MaxSelf.Should().Be(5);
        fb.TruncatedFraction.Should().Be(0);
    }

    [Test]
    public void Truncates_to_max_nodes_with_other_nodes_last()
    {
        // Totals main 10, a 8, b 5, gc 4, c 2: for 3 nodes the cut-off is 5, so gc and c fold.
        var fb = Flamebearer.Build(CallTree.FromStacks(Small), maxNodes: 3);

        fb.Names.Should().Equal("total", "other", "main", "a", "b");
        fb.Levels[0].Should().Equal(0, 14, 0, 0);
        fb.Levels[1].Should().Equal(0, 10, 0, 2, /* other = gc */ 0, 4, 4, 1);
        fb.Levels[2].Should().Equal(0, 8, 3, 3, /* other = c */ 0, 2, 2, 1);
        fb.Levels[3].Should().Equal(3, 5, 5, 4);
        fb.Total.Should().Be(14);
        fb.TruncatedFraction.Should().BeApproximately(6.0 / 14, 1e-12);
    }

    [Test]
    public void A_frame_named_total_shares_the_root_name_and_frames_named_other_always_fold()
    {
        var fb = Flamebearer.Build(CallTree.FromStacks(FoldedText.Lines("total;x 3", "other;y 50", "z 1")), maxNodes: 0);

        // The synthetic "other" (holding the real "other" subtree, 50) is pushed last, so popped first.
        fb.Names.Should().Equal("total", "other", "z", "x");
        // Level 1 in ascending x: "total" frame (index 0), z, then other.
        fb.Levels[1].Should().Equal(0, 3, 0, 0, 0, 1, 1, 2, 0, 50, 50, 1);
        fb.Levels[2].Should().Equal(0, 3, 3, 3);
    }

    [Test]
    public void An_empty_tree_is_pyroscopes_empty_flame_graph()
    {
        var fb = Flamebearer.Build(CallTree.FromStacks(new StackSet(new NameTable())), maxNodes: 8192);

        fb.Names.Should().Equal("total");
        fb.Levels.Should().ContainSingle().Which.Should().Equal(0, 0, 0, 0);
        ToJson(w => FlameGraphJson.WriteFlamebearer(w, fb))
            .Should().Be("""{"names":["total"],"levels":[{"values":["0","0","0","0"]}]}""");
    }

    [Test]
    public void Json_is_the_connect_shape_with_int64_as_strings()
    {
        var fb = Flamebearer.Build(CallTree.FromStacks(FoldedText.Lines("main;<lambda> 3")), maxNodes: 0);

        ToJson(w => FlameGraphJson.WriteFlamebearer(w, fb)).Should().Be(
            """{"names":["total","main","<lambda>"],"levels":[{"values":["0","3","0","0"]},{"values":["0","3","0","1"]},{"values":["0","3","3","2"]}],"total":"3","maxSelf":"3"}""");
    }

    [Test]
    public void Legacy_render_json_has_plain_int_levels_and_num_ticks()
    {
        var fb = Flamebearer.Build(CallTree.FromStacks(FoldedText.Lines("main;a 3", "main 1")), maxNodes: 0);

        ToJson(w => FlameGraphJson.WriteFlamebearerV1(w, fb)).Should().Be(
            """{"names":["total","main","a"],"levels":[[0,4,0,0],[0,4,1,1],[1,3,3,2]],"numTicks":4,"maxSelf":3}""");
    }

    [TestCase(21, 0)]
    [TestCase(22, 1)]
    [TestCase(23, 7)]
    [TestCase(24, 64)]
    [TestCase(25, 1024)]
    [TestCase(26, 100_000)]
    public void Random_trees_encode_exactly_like_the_reference_algorithm(int seed, long maxNodes)
    {
        var stacks = RandomStacks.Generate(seed, stacks: 3_000);

        var fb = Flamebearer.Build(CallTree.FromStacks(stacks), maxNodes);

        AssertEqualToReference(fb, ReferenceTree.FlameGraph(ReferenceTree.FromStacks(stacks), maxNodes));
    }

    [TestCase(27, 1)]
    [TestCase(28, 40)]
    [TestCase(29, 900)]
    public void The_server_pipeline_truncates_the_tree_then_builds_the_flame_graph(int seed, long maxNodes)
    {
        var stacks = RandomStacks.Generate(seed, stacks: 3_000);

        var fb = Flamebearer.From(NestedSetFlameGraph.FromStacks([stacks], maxNodes));

        var truncated = ReferenceTree.Truncate(ReferenceTree.FromStacks(stacks), maxNodes);
        AssertEqualToReference(fb, ReferenceTree.FlameGraph(truncated, maxNodes));
    }

    [TestCase(0)]
    [TestCase(64)]
    [TestCase(1024)]
    public void Corpus_folded_stacks_encode_exactly_like_the_reference_algorithm(long maxNodes)
    {
        foreach (var file in StackCorpus.FoldedFiles())
        {
            var stacks = FoldedText.Parse(File.ReadAllText(file, Encoding.UTF8));
            var fb = Flamebearer.Build(CallTree.FromStacks(stacks), maxNodes);
            AssertEqualToReference(fb, ReferenceTree.FlameGraph(ReferenceTree.FromStacks(stacks), maxNodes), Path.GetFileName(file));
            DecodeStacks(fb).Should().Equal(NestedSetTests.SelfStacks(NestedSetFlameGraph.Build(CallTree.FromStacks(stacks), maxNodes)));
        }
    }

    [TestCase(31, 50)]
    [TestCase(32, 0)]
    public void Decoding_the_levels_gives_back_the_stacks_of_the_nested_set(int seed, long maxNodes)
    {
        var tree = CallTree.FromStacks(RandomStacks.Generate(seed, stacks: 2_000));

        var decoded = DecodeStacks(Flamebearer.Build(tree, maxNodes));

        decoded.Should().Equal(NestedSetTests.SelfStacks(NestedSetFlameGraph.Build(tree, maxNodes)));
    }

    private static void AssertEqualToReference(Flamebearer fb, ReferenceTree.Graph expected, string because = "")
    {
        fb.Names.Should().Equal(expected.Names, because);
        fb.Levels.Should().HaveCount(expected.Levels.Count, because);
        for (var i = 0; i < expected.Levels.Count; i++)
        {
            fb.Levels[i].Should().Equal(expected.Levels[i], $"level {i} {because}");
        }
        fb.Total.Should().Be(expected.Total, because);
        fb.MaxSelf.Should().Be(expected.MaxSelf, because);
    }

    /// <summary>
    /// Pyroscope's own read-back (FlameGraphMerger): decode x, and for each node with self, find
    /// its ancestors as the last tuple at each upper level starting at or before its x.
    /// </summary>
    internal static List<string> DecodeStacks(Flamebearer fb)
    {
        var levels = fb.Levels.Select(l => (long[])l.Clone()).ToList();
        foreach (var l in levels)
        {
            long prev = 0;
            for (var i = 0; i < l.Length; i += 4)
            {
                l[i] += prev;
                prev = l[i] + l[i + 1];
            }
        }
        var stacks = new List<string>();
        for (var level = 1; level < levels.Count; level++)
        {
            for (var j = 0; j < levels[level].Length; j += 4)
            {
                var self = levels[level][j + 2];
                if (self <= 0)
                {
                    continue;
                }
                var path = new string[level];
                path[level - 1] = fb.Names[(int)levels[level][j + 3]];
                var x = levels[level][j];
                for (var up = level - 1; up > 0; up--)
                {
                    var values = levels[up];
                    var k = 0;
                    while ((k + 1) * 4 < values.Length && values[(k + 1) * 4] <= x)
                    {
                        k++;
                    }
                    path[up - 1] = fb.Names[(int)values[k * 4 + 3]];
                    x = values[k * 4];
                }
                stacks.Add($"{string.Join(';', path)} {self}");
            }
        }
        stacks.Sort(StringComparer.Ordinal);
        return stacks;
    }

    internal static string ToJson(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, FlameGraphJson.WriterOptions))
        {
            write(w);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
