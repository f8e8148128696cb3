using FluentAssertions;
using Hotpath.Plugin.Pyroscope.Wire.Querier;
using Hotpath.Plugin.Pyroscope.Wire.Types;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Pyroscope.Serve;

/// <summary>
/// <c>serve --demo</c>, queried as Grafana's Pyroscope data source would: the demo shop's services,
/// the planted CPU spike in checkout and memory regression in cart are found through the query API,
/// and a restart with --demo on the same folder does not seed again.
/// </summary>
[NonParallelizable]
public sealed class DemoServeTests
{
    private const string InuseSpace = "memory:inuse_space:bytes:space:bytes";
    private ServeProcess _server = null!;
    private PyroscopeClient _client = null!;
    private long _start;
    private long _end;

    [OneTimeSetUp]
    public async Task StartWithDemo()
    {
        _server = await ServeProcess.StartAsync(ServeProcess.NewDataPath(), "--demo");
        _client = new PyroscopeClient(_server.Url, json: true);
        _end = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _start = _end - 7 * 3_600_000L;
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        ServeProcess.DeleteData(_server.DataPath);
    }

    [Test]
    public async Task The_demo_services_are_found()
    {
        (await _client.LabelValuesAsync("service_name", _start, _end)).Names
            .Should().Equal("ads", "cart", "catalog", "checkout", "frontend", "payment", "recommendation");
        (await _client.LabelValuesAsync("region", _start, _end)).Names.Should().Equal("eu-west-1", "us-east-1");

        var series = new SeriesRequest { Start = _start, End = _end };
        series.LabelNames.AddRange(["__profile_type__", "service_name"]);
        var sets = await _client.QueryAsync("Series", series, SeriesResponse.Parser);
        sets.LabelsSet.Should().Contain(l => l.Labels_.Count == 2 && l.Labels_[0].Value == PyroscopeClient.CpuType && l.Labels_[1].Value == "checkout");
        sets.LabelsSet.Should().Contain(l => l.Labels_[0].Value == "wall:wall:nanoseconds:wall:nanoseconds" && l.Labels_[1].Value == "frontend");
    }

    [Test]
    public async Task The_checkout_cpu_spike_is_found_and_the_diff_names_its_cause()
    {
        var series = await _client.SeriesAsync(PyroscopeClient.CpuType, "{service_name=\"checkout\"}", _start, _end, 60);
        var points = series.Series.Should().ContainSingle().Subject.Points.ToList();
        var median = points.Select(p => p.Value).Order().ElementAt(points.Count / 2);
        var peak = points.MaxBy(p => p.Value)!;

        peak.Value.Should().BeGreaterThan(1.5 * median, "the spike stands out of the CPU series");
        var spike = (peak.Timestamp - 5 * 60_000, peak.Timestamp);
        var before = (peak.Timestamp - 65 * 60_000, peak.Timestamp - 35 * 60_000);

        var diff = await _client.QueryAsync("Diff", new DiffRequest
        {
            Left = new SelectMergeStacktracesRequest { ProfileTypeID = PyroscopeClient.CpuType, LabelSelector = "{service_name=\"checkout\"}", Start = before.Item1, End = before.Item2 },
            Right = new SelectMergeStacktracesRequest { ProfileTypeID = PyroscopeClient.CpuType, LabelSelector = "{service_name=\"checkout\"}", Start = spike.Item1, End = spike.Item2 },
        }, DiffResponse.Parser);

        var (left, right) = Totals(diff.Flamegraph, "regexp.MustCompile");
        right.Should().BeGreaterThan(0);
        (right / (double)diff.Flamegraph.RightTicks).Should().BeGreaterThan(3 * left / (double)diff.Flamegraph.LeftTicks,
            "compiling promotion rules per request is the spike's cause");
        diff.Flamegraph.Names.Should().Contain("checkout/internal/pricing.(*Calculator).applyPromotions");
    }

    [Test]
    public async Task The_cart_memory_regression_is_found_by_version()
    {
        // In-use memory is an instant value: averaged per bucket it does not depend on how many
        // profiles a (possibly partial) first or last bucket holds.
        var request = new SelectSeriesRequest
        {
            ProfileTypeID = InuseSpace,
            LabelSelector = "{service_name=\"cart\"}",
            Start = _start,
            End = _end,
            Step = 300,
            Aggregation = TimeSeriesAggregationType.Average,
        };
        request.GroupBy.Add("version");
        var series = await _client.QueryAsync("SelectSeries", request, SelectSeriesResponse.Parser);

        series.Series.Select(s => s.Labels.Single().Value).Should().Equal("v1.8.2", "v1.9.0");
        var old = series.Series[0].Points;
        var regressed = series.Series[1].Points;
        regressed.Min(p => p.Timestamp).Should().BeGreaterThan(old.Min(p => p.Timestamp), "v1.9.0 was deployed later");
        regressed[^1].Value.Should().BeGreaterThan(1.5 * regressed[0].Value, "in-use memory keeps growing after the deploy");
        old[^1].Value.Should().BeLessThan(1.5 * old[0].Value, "before the deploy it was flat");

        var lastTen = await _client.FlameGraphAsync(InuseSpace, "{service_name=\"cart\", version=\"v1.9.0\"}", _end - 600_000, _end);
        lastTen.Names.Should().Contain("cart/internal/session.(*Cache).Put");
    }

    /// <summary>Left and right totals of every node named <paramref name="name"/> in a diff flame graph.</summary>
    private static (long Left, long Right) Totals(FlameGraphDiff graph, string name)
    {
        var index = graph.Names.IndexOf(name);
        long left = 0, right = 0;
        foreach (var level in graph.Levels)
        {
            for (var i = 0; i + 6 < level.Values.Count; i += 7)
            {
                if (level.Values[i + 6] == index)
                {
                    left += level.Values[i + 1];
                    right += level.Values[i + 4];
                }
            }
        }
        return (left, right);
    }
}

/// <summary>Restarting <c>serve --demo</c> on the same folder keeps the data it has and seeds nothing more.</summary>
[NonParallelizable]
public sealed class DemoRestartTests
{
    [Test]
    public async Task Restarting_with_demo_does_not_seed_again()
    {
        var data = ServeProcess.NewDataPath();
        try
        {
            var end = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 60_000;
            var start = end - 8 * 3_600_000L;
            GetProfileStatsResponse stats;
            long total;
            await using (var first = await ServeProcess.StartAsync(data, "--demo"))
            {
                using var client = new PyroscopeClient(first.Url, json: true);
                stats = await client.QueryAsync("GetProfileStats", new GetProfileStatsRequest(), GetProfileStatsResponse.Parser);
                total = (await client.FlameGraphAsync(PyroscopeClient.CpuType, "{}", start, end)).Total;
                stats.DataIngested.Should().BeTrue();
                total.Should().BeGreaterThan(0);
                await first.StopAsync();
            }

            await using var again = await ServeProcess.StartAsync(data, "--demo");
            using var second = new PyroscopeClient(again.Url, json: false);

            (await second.QueryAsync("GetProfileStats", new GetProfileStatsRequest(), GetProfileStatsResponse.Parser)).Should().Be(stats);
            (await second.FlameGraphAsync(PyroscopeClient.CpuType, "{}", start, end)).Total.Should().Be(total);
            again.Stderr.Should().NotContain("seeded");
        }
        finally
        {
            ServeProcess.DeleteData(data);
        }
    }
}
