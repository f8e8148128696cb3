using System.Text;
using System.Text.Json;
using FluentAssertions;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Stacks;
using Hotpath.Query.Tests.Routes.Support;
using Hotpath.Store.Labels;
using Hotpath.Store.Storage;
using NUnit.Framework;
using static Hotpath.Query.Tests.Routes.Support.RouteCalls;

namespace Hotpath.Query.Tests.Routes;

/// <summary>
/// The whole <c>flamegraph</c> answer for a small fixed dataset, against Routes/Golden/flamegraph.json.
/// After an intended change of the answer, regenerate with HOTPATH_UPDATE_GOLDEN=1 and review the diff.
/// </summary>
public class GoldenRouteTests
{
    private const string GoldenFile = "flamegraph.json";

    // Two profiles of one service a minute apart; "render" recurses, and maxNodes=6 folds the smallest nodes.
    private static readonly string[] Profiles =
    [
        "main;serve;handle;render;render;escape 40\nmain;serve;handle;db.Query 25\nmain;serve;handle;json.Marshal 10\nmain;gc 5\n",
        "main;serve;handle;render;escape 15\nmain;serve;handle;db.Query 30\nmain;serve;log.Printf 3\nmain;gc 7\nruntime.mcall 1\n",
    ];

    [Test]
    public async Task FlameGraph_MatchesTheGoldenAnswer()
    {
        await using var store = new EmptyStore();
        var start = DemoStore.Now.AddMinutes(-2);
        for (var i = 0; i < Profiles.Length; i++)
        {
            var builder = new StackSetBuilder(new NameTable());
            FoldedFormat.Read(Profiles[i], $"profile {i}", builder);
            var profile = MergedProfile.Build(builder.Stacks, new MergedProfileHeader("cpu", "nanoseconds") { PeriodType = "cpu", PeriodUnit = "nanoseconds", Period = 10_000_000 });
            var time = start.AddMinutes(i).ToUnixTimeMilliseconds() * 1_000_000;
            await store.Store.IngestAsync(new IngestItem(LabelSet.Of(("service_name", "golden"), ("pod", $"golden-{i}")), profile, time, 60_000_000_000));
        }

        var response = await GetAsync(store.Instance, "flamegraph",
            $"profileType={Q(DemoStore.GoCpu)}&selector={Q("{service_name=\"golden\"}")}&from={start.AddMinutes(-1).ToUnixTimeMilliseconds()}&to={DemoStore.Now.ToUnixTimeMilliseconds()}&maxNodes=6");

        response.Status.Should().Be(200, Text(response));
        var actual = Indented(response.Body);
        var path = Path.Combine(AppContext.BaseDirectory, "Routes", "Golden", GoldenFile);
        if (Environment.GetEnvironmentVariable("HOTPATH_UPDATE_GOLDEN") == "1")
        {
            await File.WriteAllTextAsync(Path.Combine(SourceFolder(), "Routes", "Golden", GoldenFile), actual);
            Assert.Inconclusive($"golden file {GoldenFile} rewritten; review the change and run again without HOTPATH_UPDATE_GOLDEN");
        }
        actual.Should().Be(await File.ReadAllTextAsync(path));
    }

    private static string Indented(ReadOnlyMemory<byte> json)
    {
        using var doc = JsonDocument.Parse(json);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            doc.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.ToArray()).Replace("\r\n", "\n") + "\n";
    }

    private static string SourceFolder([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetDirectoryName(Path.GetDirectoryName(path))!;
}
