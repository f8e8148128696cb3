using FluentAssertions;
using Hotpath.Plugin.Pyroscope.Wire.Querier;
using Hotpath.Plugin.Pyroscope.Wire.Types;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Pyroscope.Serve;

/// <summary>
/// The real @pyroscope/nodejs agent pushes to a real <c>serve</c>, unchanged (its server address is
/// the only setting); what it sent is read back through the query API in both Connect codecs.
/// </summary>
[NonParallelizable]
public sealed class NodeAgentServeTests
{
    private const string Service = "hotpath-node-agent";
    private const string WallType = "wall:wall:nanoseconds:wall:nanoseconds";
    private ServeProcess _server = null!;
    private long _start;
    private long _end;

    [OneTimeSetUp]
    public async Task RunTheAgentAgainstServe()
    {
        var agent = NodeAgentTests.PrepareAgent();
        _server = await ServeProcess.StartAsync(ServeProcess.NewDataPath());
        _start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        NodeAgentTests.Run("node", agent, "agent.js", _server.Url.ToString().TrimEnd('/'), Service);
        _end = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 60_000;
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _server.DisposeAsync();
        ServeProcess.DeleteData(_server.DataPath);
    }

    private static IEnumerable<bool> Codecs() => [false, true];

    [TestCaseSource(nameof(Codecs))]
    public async Task Its_service_labels_and_profile_types_are_found(bool json)
    {
        using var client = new PyroscopeClient(_server.Url, json);

        (await client.LabelValuesAsync("service_name", _start, _end)).Names.Should().Equal(Service);
        (await client.LabelValuesAsync("region", _start, _end, $"{{service_name=\"{Service}\"}}")).Names.Should().Equal("eu-north");
        (await client.LabelValuesAsync("pod", _start, _end)).Names.Should().Equal("pod-7");
        (await client.LabelValuesAsync("pyroscope_spy", _start, _end)).Names.Should().Equal("nodespy");
        // wrapWithLabels({handler}) labels samples; string sample labels become series labels.
        (await client.LabelValuesAsync("handler", _start, _end, $"{{__name__=\"wall\"}}")).Names.Should().Contain("checkout");

        var types = await client.QueryAsync("ProfileTypes", new ProfileTypesRequest { Start = _start, End = _end }, ProfileTypesResponse.Parser);
        types.ProfileTypes.Select(t => t.ID).Should().Equal(
            "memory:inuse_objects:count:inuse_space:bytes", "memory:inuse_space:bytes:inuse_space:bytes",
            "wall:samples:count:wall:nanoseconds", WallType);
        var wall = types.ProfileTypes.Single(t => t.ID == WallType);
        (wall.Name, wall.SampleType, wall.SampleUnit, wall.PeriodType, wall.PeriodUnit).Should().Be(("wall", "wall", "nanoseconds", "wall", "nanoseconds"));
    }

    [TestCaseSource(nameof(Codecs))]
    public async Task Label_names_with_dots_need_the_utf8_capability(bool json)
    {
        using var client = new PyroscopeClient(_server.Url, json);
        var request = new LabelNamesRequest { Start = _start, End = _end };
        request.Matchers.Add($"{{service_name=\"{Service}\"}}");

        var legacy = await client.QueryAsync("LabelNames", request, LabelNamesResponse.Parser);
        var utf8 = await client.QueryAsync("LabelNames", request, LabelNamesResponse.Parser, utf8LabelNames: true);

        legacy.Names.Should().Contain(["__name__", "__profile_type__", "service_name", "region", "pod", "pyroscope_spy", "handler"])
            .And.NotContain("process.runtime.name");
        utf8.Names.Should().Contain(legacy.Names).And.Contain(["process.runtime.name", "otel.scope.name"]);
        utf8.Names.Should().BeInAscendingOrder(StringComparer.Ordinal);
    }

    [TestCaseSource(nameof(Codecs))]
    public async Task Its_functions_are_in_the_flame_graph(bool json)
    {
        using var client = new PyroscopeClient(_server.Url, json);

        var flame = await client.FlameGraphAsync(WallType, $"{{service_name=\"{Service}\"}}", _start, _end);
        var checkout = await client.FlameGraphAsync(WallType, $"{{service_name=\"{Service}\", handler=\"checkout\"}}", _start, _end);

        flame.Names[0].Should().Be("total");
        // @datadog/pprof names frames "<file>:<function>:<line>".
        flame.Names.Should().Contain(n => n.EndsWith("agent.js:fib:22", StringComparison.Ordinal));
        flame.Names.Should().Contain(n => n.Contains("agent.js:burn:", StringComparison.Ordinal));
        flame.Total.Should().BeGreaterThan(0);
        checkout.Names.Should().Contain(n => n.EndsWith("agent.js:fib:22", StringComparison.Ordinal));
        checkout.Total.Should().BeGreaterThan(0).And.BeLessThanOrEqualTo(flame.Total);
    }

    [TestCaseSource(nameof(Codecs))]
    public async Task Its_time_series_add_up_to_the_flame_graph(bool json)
    {
        using var client = new PyroscopeClient(_server.Url, json);
        var selector = $"{{service_name=\"{Service}\"}}";

        var series = await client.SeriesAsync(WallType, selector, _start, _end, 1);
        var flame = await client.FlameGraphAsync(WallType, selector, _start, _end);

        var points = series.Series.Should().ContainSingle().Subject.Points;
        points.Count.Should().BeGreaterThan(1, "the agent flushed every second for 3 s");
        points.Select(p => p.Timestamp).Should().BeInAscendingOrder();
        points.Should().OnlyContain(p => (p.Timestamp - _start) % 1000 == 0, "points sit on the step grid from start");
        points.Sum(p => p.Value).Should().Be(flame.Total);

        var memory = await client.SeriesAsync("memory:inuse_space:bytes:inuse_space:bytes", selector, _start, _end, 1, "pod");
        memory.Series.Should().ContainSingle().Which.Labels.Should().Equal(new LabelPair { Name = "pod", Value = "pod-7" });
        memory.Series[0].Points.Should().OnlyContain(p => p.Value > 0);
    }
}
