using System.IO.Compression;
using System.Text.Json;
using FluentAssertions;
using Hotpath.Engine.FunctionTables;
using Hotpath.Engine.Selection;
using Hotpath.Engine.Stacks;
using Hotpath.Query.Settings;
using Hotpath.Query.Tests.Routes.Support;
using NUnit.Framework;
using static Hotpath.Query.Tests.Routes.Support.RouteCalls;

namespace Hotpath.Query.Tests.Routes;

/// <summary>
/// Issue 14's routes: granularity equal to the command line (and so to google/pprof) on a real
/// profile served by a Pyroscope-shaped server, call trees, function details and focus paths over
/// the demo store, each checked against the engine's own views of the same stacks.
/// </summary>
public class LinesRouteTests
{
    private const string Checkout = "{service_name=\"checkout\"}";
    private const string Cpu = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
    private const string LargeCpu = "google-pprof/internal/proftest/testdata/large.cpu";
    private static DemoStore _demo = null!;

    [OneTimeSetUp]
    public static async Task Open() => _demo = await DemoStore.OpenAsync();

    [OneTimeTearDown]
    public static async Task Close() => await _demo.DisposeAsync();

    private static TimeRange LastHour => new(DemoStore.Now.AddHours(-1).ToUnixTimeMilliseconds(), DemoStore.Now.ToUnixTimeMilliseconds());

    private static string Query(string extra) =>
        $"profileType={Q(DemoStore.GoCpu)}&selector={Q(Checkout)}&from={LastHour.StartMs}&to={LastHour.EndMs}{extra}";

    private static Task<StackSet> MergeAsync() => _demo.Store.MergeStacksAsync(DemoStore.GoCpu, Checkout, LastHour);

    [TestCase("functions")]
    [TestCase("filefunctions")]
    [TestCase("lines")]
    [TestCase("files")]
    public async Task Folded_export_at_each_granularity_equals_the_command_line(string granularity)
    {
        var file = Corpus.File(LargeCpu);
        await using var gz = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        await gz.CopyToAsync(raw);
        var profile = raw.ToArray();
        using var server = new ScriptedPyroscope(null, (rpc, _) => rpc == "SelectMergeProfile" ? Reply.Proto(profile) : null);
        var settings = new HotpathSettings(
            [new DataSourceSettings("pyro", "Pyroscope", DataSourceKind.Pyroscope, server.Url, null, true, TimeSpan.FromSeconds(60), null, null, null)],
            "/nonexistent/hotpath");
        var instance = new HotpathInstance(settings, null, TimeProvider.System);

        var response = await GetAsync(instance, "export", $"format=folded&profileType={Q(Cpu)}&from=1&to=1000&granularity={granularity}&hide={Q("^runtime\\.")}");

        response.Status.Should().Be(200, Text(response));
        var cli = await Cli.RunAsync("collapsed", "--sample-type", "cpu", "--granularity", granularity, "--hide", "^runtime\\.", file);
        Text(response).Should().Be(cli);
        if (granularity == "lines")
        {
            cli.Should().MatchRegex(@"\.go:\d+", "the real profile has lines, so the check is not vacuous");
        }
    }

    [Test]
    public async Task Granularity_that_is_not_one_of_the_four_words_is_refused_naming_it()
    {
        var response = await GetAsync(_demo.Instance, "flamegraph", Query("&granularity=bytes"));
        response.Status.Should().Be(400);
        Message(response).Should().Contain("parameter 'granularity'").And.Contain("functions, filefunctions, lines, files");
    }

    [Test]
    public async Task Call_tree_top_down_agrees_with_the_function_table_and_keeps_self_plus_truncated_equal_to_total()
    {
        var stacks = await MergeAsync();
        var table = FunctionTable.Build(stacks);

        var response = await GetAsync(_demo.Instance, "call-tree", Query("&maxNodes=100000"));

        response.Status.Should().Be(200, Text(response));
        var json = Json(response);
        json.GetProperty("unit").GetString().Should().Be("ns");
        json.GetProperty("total").GetInt64().Should().Be(table.GrandTotal);
        json.GetProperty("truncated").GetInt64().Should().Be(0);
        var nodes = json.GetProperty("nodes").EnumerateArray().ToList();
        nodes.Sum(n => n.GetProperty("self").GetInt64()).Should().Be(table.GrandTotal);
        // Each function's self is the sum of its nodes' self (self is per stack end, never double counted).
        foreach (var group in nodes.GroupBy(n => n.GetProperty("name").GetString()!))
        {
            table.TryGet(group.Key, out var stat).Should().BeTrue();
            group.Sum(n => n.GetProperty("self").GetInt64()).Should().Be(stat.Self, group.Key);
        }
        CheckPreOrder(nodes);
    }

    [Test]
    public async Task Call_tree_bottom_up_roots_are_the_leaf_functions_with_their_self_and_a_cut_reports_what_it_dropped()
    {
        var table = FunctionTable.Build(await MergeAsync());

        var json = Json(await GetAsync(_demo.Instance, "call-tree", Query("&direction=bottom-up&maxNodes=100000")));
        var nodes = json.GetProperty("nodes").EnumerateArray().ToList();
        var roots = nodes.Where(n => n.GetProperty("depth").GetInt32() == 0).ToList();
        roots.Select(n => (n.GetProperty("name").GetString()!, n.GetProperty("total").GetInt64())).Should()
            .BeEquivalentTo(table.SortedBySelf().Where(f => f.Self > 0).Select(f => (f.Name, f.Self)));
        CheckPreOrder(nodes);

        var cut = Json(await GetAsync(_demo.Instance, "call-tree", Query("&direction=bottom-up&maxNodes=5")));
        var kept = cut.GetProperty("nodes").EnumerateArray().ToList();
        kept.Should().HaveCount(5);
        (kept.Sum(n => n.GetProperty("self").GetInt64()) + cut.GetProperty("truncated").GetInt64()).Should().Be(table.GrandTotal);
        cut.GetProperty("truncated").GetInt64().Should().BePositive();
    }

    /// <summary>Depth steps down by at most one, and siblings come by total descending.</summary>
    private static void CheckPreOrder(List<JsonElement> nodes)
    {
        var lastAtDepth = new Dictionary<int, long>();
        var previousDepth = -1;
        foreach (var node in nodes)
        {
            var depth = node.GetProperty("depth").GetInt32();
            var total = node.GetProperty("total").GetInt64();
            depth.Should().BeLessThanOrEqualTo(previousDepth + 1);
            if (depth > previousDepth)
            {
                lastAtDepth[depth] = long.MaxValue;
            }
            total.Should().BeLessThanOrEqualTo(lastAtDepth[depth], "siblings are by total, largest first");
            lastAtDepth[depth] = total;
            foreach (var deeper in lastAtDepth.Keys.Where(d => d > depth).ToList())
            {
                lastAtDepth.Remove(deeper);
            }
            previousDepth = depth;
        }
    }

    [Test]
    public async Task Function_details_totals_are_the_function_table_row_and_neighbours_are_the_adjacent_frames()
    {
        var stacks = await MergeAsync();
        var table = FunctionTable.Build(stacks);
        var function = table.SortedBySelf().Where(f => f.Total > f.Self).OrderByDescending(f => f.Total).ThenBy(f => f.Name, StringComparer.Ordinal).Skip(1).First();

        var response = await GetAsync(_demo.Instance, "function-details", Query($"&function={Q(function.Name)}"));

        response.Status.Should().Be(200, Text(response));
        var json = Json(response);
        json.GetProperty("self").GetInt64().Should().Be(function.Self);
        json.GetProperty("total").GetInt64().Should().Be(function.Total);
        var lines = json.GetProperty("lines").EnumerateArray().ToList();
        lines.Sum(l => l.GetProperty("self").GetInt64()).Should().Be(function.Self, "every stack ending in the function ends on one of its lines");
        lines.Should().OnlyContain(l => !HasUrl(l), "no source link template is set");

        // Expected neighbours, counted once per stack, straight from the stacks.
        var callers = new Dictionary<string, long>();
        var callees = new Dictionary<string, long>();
        for (var s = 0; s < stacks.Count; s++)
        {
            var frames = stacks.FramesOf(s).ToArray().Select(id => stacks.Names[id]).ToList();
            var above = new HashSet<string>();
            var below = new HashSet<string>();
            for (var i = 0; i < frames.Count; i++)
            {
                if (frames[i] != function.Name)
                {
                    continue;
                }
                if (i > 0)
                {
                    above.Add(frames[i - 1]);
                }
                if (i < frames.Count - 1)
                {
                    below.Add(frames[i + 1]);
                }
            }
            foreach (var c in above)
            {
                callers[c] = callers.GetValueOrDefault(c) + stacks.ValueOf(s);
            }
            foreach (var c in below)
            {
                callees[c] = callees.GetValueOrDefault(c) + stacks.ValueOf(s);
            }
        }
        Neighbours(json, "callers").Should().BeEquivalentTo(callers);
        Neighbours(json, "callees").Should().BeEquivalentTo(callees);
        var totals = json.GetProperty("callers").EnumerateArray().Select(c => c.GetProperty("total").GetInt64()).ToList();
        totals.Should().BeInDescendingOrder();
        json.GetProperty("callers")[0].GetProperty("share").GetDouble().Should().BeApproximately((double)totals[0] / function.Total, 1e-9);
    }

    private static bool HasUrl(JsonElement line) => line.TryGetProperty("url", out var _);

    private static Dictionary<string, long> Neighbours(JsonElement json, string side) =>
        json.GetProperty(side).EnumerateArray().ToDictionary(n => n.GetProperty("name").GetString()!, n => n.GetProperty("total").GetInt64());

    [Test]
    public async Task Function_details_links_lines_with_the_users_template_and_a_single_version()
    {
        var stacks = await MergeAsync();
        var function = FunctionTable.Build(stacks).SortedBySelf()[0].Name;
        var put = await CallAsync(_demo.Instance, "PUT", "settings", "", System.Text.Encoding.UTF8.GetBytes(
            """{"sourceLinkTemplate":"https://git.example/blob/{version}/{file}#L{line}","sourceLinkVersionLabel":"region"}"""), user: "linker");
        put.Status.Should().Be(200, Text(put));

        // Two regions in the selection: no single version, no links.
        var both = Json(await GetAsync(_demo.Instance, "function-details", Query($"&function={Q(function)}"), user: "linker"));
        both.GetProperty("lines").EnumerateArray().Should().OnlyContain(l => !HasUrl(l));

        var oneRegion = $"profileType={Q(DemoStore.GoCpu)}&selector={Q("{service_name=\"checkout\",region=\"eu-west-1\"}")}&from={LastHour.StartMs}&to={LastHour.EndMs}&function={Q(function)}";
        var one = Json(await GetAsync(_demo.Instance, "function-details", oneRegion, user: "linker"));
        foreach (var line in one.GetProperty("lines").EnumerateArray().Where(l => l.GetProperty("file").GetString()!.Length > 0))
        {
            line.GetProperty("url").GetString().Should().StartWith("https://git.example/blob/eu-west-1/")
                .And.EndWith($"#L{line.GetProperty("line").GetInt64()}");
        }
    }

    [Test]
    public async Task Function_details_of_a_function_not_in_the_selection_is_refused_naming_it()
    {
        var response = await GetAsync(_demo.Instance, "function-details", Query("&function=no.such.function"));
        response.Status.Should().Be(400);
        Message(response).Should().Contain("parameter 'function'").And.Contain("not in the selection");
    }

    [Test]
    public async Task Focus_path_graph_is_the_subtree_under_the_path_with_its_total()
    {
        var stacks = await MergeAsync();
        var first = stacks.FramesOf(0);
        first.Length.Should().BeGreaterThan(1);
        var path = new[] { stacks.Names[first[0]], stacks.Names[first[1]] };
        var expected = StackPaths.StartingWith(stacks, path).Values.ToArray().Sum();

        var response = await GetAsync(_demo.Instance, "flamegraph", Query($"&focusPath={Q(JsonSerializer.Serialize(path))}&maxNodes=3"));

        response.Status.Should().Be(200, Text(response));
        var graph = Json(response).GetProperty("flamegraph");
        graph.GetProperty("total").GetInt64().Should().Be(expected);
        var labels = graph.GetProperty("labels").EnumerateArray().Select(l => l.GetString()).ToList();
        var level1 = graph.GetProperty("level").EnumerateArray().Select((l, i) => (l.GetInt32(), i)).Where(p => p.Item1 == 1).Select(p => p.i).ToList();
        level1.Should().ContainSingle("the graph's top node is the path's last frame");
        labels[graph.GetProperty("label")[level1[0]].GetInt32()].Should().Be(path[1]);
        graph.GetProperty("value")[level1[0]].GetInt64().Should().Be(expected);
        graph.GetProperty("otherTotal").GetInt64().Should().BeGreaterThanOrEqualTo(0);

        var bad = await GetAsync(_demo.Instance, "flamegraph", Query("&focusPath=%5Bmain"));
        bad.Status.Should().Be(400);
        Message(bad).Should().Contain("parameter 'focusPath'");
    }
}
