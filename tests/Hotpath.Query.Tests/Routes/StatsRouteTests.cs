using FluentAssertions;
using Hotpath.Query.Settings;
using Hotpath.Query.Sources;
using Hotpath.Query.Tests.Routes.Support;
using Hotpath.Store.Storage;
using NUnit.Framework;

namespace Hotpath.Query.Tests.Routes;

public class StatsRouteTests
{
    [Test]
    public async Task Stats_SeededStore_ReportsTheOldestAndNewestProfile()
    {
        var demo = await SeededStore.SharedAsync();

        var answer = await RouteCall.GetAsync(demo.Instance(), "stats");

        answer.Status.Should().Be(200);
        answer.Json.GetProperty("dataIngested").GetBoolean().Should().BeTrue();
        // The demo's first profile is one step after the start of the hour, its last at the end
        // (the second pod 137 ms later); times are milliseconds.
        var first = SeededStore.Range.StartMs + SeededStore.StepSeconds * 1000;
        answer.Json.GetProperty("oldestProfileTimeMs").GetInt64().Should().Be(first);
        answer.Json.GetProperty("newestProfileTimeMs").GetInt64().Should().Be(SeededStore.Range.EndMs + 137);
    }

    [Test]
    public async Task Stats_EmptyStore_SaysNoDataAndLeavesTheTimesOut()
    {
        var folder = Path.Combine(Path.GetTempPath(), "hotpath-stats-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var store = ProfileStore.Open(folder);
            var instance = new HotpathInstance(HotpathSettings.Embedded(folder), new EmbeddedStore(store), new FixedClock(SeededStore.Now));

            var answer = await RouteCall.GetAsync(instance, "stats");

            answer.Status.Should().Be(200);
            answer.Text.Should().Be("{\"dataIngested\":false}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
