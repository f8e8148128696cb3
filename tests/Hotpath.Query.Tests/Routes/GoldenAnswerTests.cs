using System.Runtime.CompilerServices;
using System.Text.Json;
using FluentAssertions;
using Hotpath.Query.Settings;
using Hotpath.Query.Sources;
using Hotpath.Query.Tests.Routes.Support;
using NUnit.Framework;

namespace Hotpath.Query.Tests.Routes;

/// <summary>
/// Whole answers of two routes over a small dataset pushed here, compared with the JSON committed in
/// <c>Routes/Golden/</c>, so that any change of the wire shape shows up in review. After an intended
/// change, regenerate with <c>HOTPATH_UPDATE_GOLDEN=1 dotnet test tests/Hotpath.Query.Tests --filter GoldenAnswerTests</c>
/// and review the diff.
/// </summary>
public class GoldenAnswerTests
{
    private static readonly long T0 = SeededStore.Now.ToUnixTimeMilliseconds() - 120_000;

    [Test]
    public Task Services_MatchesGolden() => AssertGolden("services", $"from={T0}&to={T0 + 120_000}", "services.json");

    [Test]
    public Task Series_MatchesGolden() => AssertGolden("series",
        $"profileType={SmallStore.CpuType}&groupBy=pod&step=30&from={T0}&to={T0 + 120_000}", "series.json");

    private static async Task AssertGolden(string path, string query, string file)
    {
        await using var store = await SmallStore.CreateAsync();
        // Two services; api runs two pods, one of them twice as busy; one profile per 30 s.
        for (var k = 1; k <= 4; k++)
        {
            await store.PushAsync("api", T0 + k * 30_000, weight: k, ("pod", "api-1"));
            await store.PushAsync("api", T0 + k * 30_000, weight: 2 * k, ("pod", "api-2"));
        }
        await store.PushAsync("worker", T0 + 45_000, weight: 5, ("pod", "worker-1"));
        var instance = new HotpathInstance(HotpathSettings.Embedded(store.Folder), new EmbeddedStore(store.Store), new FixedClock(SeededStore.Now));

        var answer = await RouteCall.GetAsync(instance, path, query);

        answer.Status.Should().Be(200, answer.Text);
        var actual = Indented(answer.Text);
        // Read the copy beside the test assembly: with CI's deterministic build, source paths are
        // mapped and [CallerFilePath] no longer names a real file. Rewriting goes to the source folder.
        var golden = Path.Combine(AppContext.BaseDirectory, "Routes", "Golden", file);
        if (Environment.GetEnvironmentVariable("HOTPATH_UPDATE_GOLDEN") == "1")
        {
            await File.WriteAllTextAsync(Path.Combine(GoldenFolder(), file), actual);
            Assert.Ignore($"rewrote {file}; review the diff and commit it");
        }
        File.Exists(golden).Should().BeTrue($"the golden answer {file} is committed (set HOTPATH_UPDATE_GOLDEN=1 to write it)");
        actual.Should().Be(await File.ReadAllTextAsync(golden));
    }

    private static string Indented(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(doc.RootElement, new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }) + "\n";
    }

    private static string GoldenFolder([CallerFilePath] string thisFile = "") => Path.Combine(Path.GetDirectoryName(thisFile)!, "Golden");
}
