using FluentAssertions;
using Hotpath.Engine.Errors;
using Hotpath.Engine.Pprof;
using Hotpath.Pyroscope.Client;
using Hotpath.Store.Demo;
using NUnit.Framework;

namespace Hotpath.Pyroscope.Tests;

/// <summary>Every RPC of the client against a real standalone server seeded with the demo shop.</summary>
[NonParallelizable]
public class AgainstServeTests
{
    private DemoServe _serve = null!;
    private HttpClient _http = null!;
    private PyroscopeClient _client = null!;
    private PyroscopeTimeRange _range;
    private const string Checkout = $"{{service_name=\"{DemoData.SpikeService}\"}}";

    [OneTimeSetUp]
    public async Task Start()
    {
        _serve = await DemoServe.StartAsync();
        _http = new HttpClient();
        var endpoint = new PyroscopeEndpoint(_serve.Url, "tenant-a", null, null, null, TimeSpan.FromSeconds(30));
        _client = new PyroscopeClient(_http, endpoint, TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        _range = PyroscopeTimeRange.From(now.AddHours(-7), now.AddMinutes(1));
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _http?.Dispose();
        _serve?.Dispose();
    }

    private async Task<string> CpuTypeAsync()
    {
        var types = await _client.ProfileTypesAsync(_range);
        return types.First(t => t.Name == "process_cpu" && t.SampleType == "cpu").Id;
    }

    [Test]
    public async Task ProfileTypes_ListTheDemoTypesWithTheirParts()
    {
        var types = await _client.ProfileTypesAsync(_range);

        types.Should().Contain(t => t.Name == "process_cpu");
        types.Should().Contain(t => t.Name == "memory");
        types.Should().OnlyContain(t => t.Id == $"{t.Name}:{t.SampleType}:{t.SampleUnit}:{t.PeriodType}:{t.PeriodUnit}");
    }

    [Test]
    public async Task LabelNamesAndValues_NameTheDemoServicesAndRegions()
    {
        var names = await _client.LabelNamesAsync([], _range);
        var services = await _client.LabelValuesAsync("service_name", [], _range);
        var regions = await _client.LabelValuesAsync("region", [Checkout], _range);

        names.Should().Contain(["service_name", "region", "pod", "version"]);
        services.Should().Contain([DemoData.SpikeService, DemoData.RegressionService, "frontend", "payment"]);
        regions.Should().BeEquivalentTo(["eu-west-1", "us-east-1"]);
    }

    [Test]
    public async Task Series_GivesTheLabelSetsOfOneService()
    {
        var sets = await _client.SeriesAsync([Checkout], ["service_name", "region"], _range);

        sets.Should().NotBeEmpty();
        sets.Should().OnlyContain(set => set.Contains(new PyroscopeLabel("service_name", DemoData.SpikeService)));
        sets.SelectMany(set => set).Select(l => l.Name).Distinct().Should().BeEquivalentTo(["service_name", "region"]);
    }

    [Test]
    public async Task SelectSeries_GroupedByRegion_HasPointsInTheRange()
    {
        var cpu = await CpuTypeAsync();

        var series = await _client.SelectSeriesAsync(new PyroscopeSeriesQuery(cpu, Checkout, _range, 60) { GroupBy = ["region"] });

        series.Select(s => s.Labels.Single(l => l.Name == "region").Value).Should().BeEquivalentTo(["eu-west-1", "us-east-1"]);
        series.Should().OnlyContain(s => s.Points.Count > 60);
        series.SelectMany(s => s.Points).Should().OnlyContain(p => p.TimestampMs >= _range.StartMs && p.TimestampMs < _range.EndMs && p.Value > 0);
    }

    [Test]
    public async Task SelectMergeStacktraces_IsAFlameGraphOfTheDemoFunctions()
    {
        var cpu = await CpuTypeAsync();

        var graph = await _client.SelectMergeStacktracesAsync(new PyroscopeMergeQuery(cpu, Checkout, _range) { MaxNodes = 1024 });

        graph.Names.Should().Contain("runtime.gcDrain");
        graph.Names.Should().Contain(n => n.StartsWith($"{DemoData.SpikeService}/internal/", StringComparison.Ordinal));
        graph.Total.Should().BePositive();
        graph.Levels[0].Should().HaveCount(4, "the root is one 4-tuple");
        graph.Levels[0][1].Should().Be(graph.Total);
    }

    [Test]
    public async Task SelectMergeProfile_IsAPprofTheEngineReads()
    {
        var cpu = await CpuTypeAsync();

        var bytes = await _client.SelectMergeProfileAsync(new PyroscopeMergeQuery(cpu, Checkout, _range));
        var profile = PprofReader.Read(bytes, "merged checkout cpu");

        profile.SampleCount.Should().BePositive();
        profile.Strings.Should().Contain("runtime.gcDrain");
    }

    [Test]
    public async Task Diff_OfTwoHalves_HasBothSidesAndMarksDiffSupported()
    {
        var cpu = await CpuTypeAsync();
        var middle = (_range.StartMs + _range.EndMs) / 2;

        var diff = await _client.TryDiffAsync(
            new PyroscopeMergeQuery(cpu, Checkout, new PyroscopeTimeRange(_range.StartMs, middle)),
            new PyroscopeMergeQuery(cpu, Checkout, new PyroscopeTimeRange(middle, _range.EndMs)));

        diff.Should().NotBeNull();
        diff!.LeftTicks.Should().BePositive();
        diff.RightTicks.Should().BePositive();
        diff.Names.Should().Contain("runtime.gcDrain");
        diff.Levels[0].Should().HaveCount(7);
        _client.Capabilities.SupportsDiff.Should().BeTrue();
    }

    [Test]
    public async Task GetProfileStats_SpanTheSeededHours()
    {
        var stats = await _client.GetProfileStatsAsync();

        stats.DataIngested.Should().BeTrue();
        stats.Newest.Should().BeAfter(stats.Oldest!.Value.AddHours(5));
        stats.Newest!.Value.ToUnixTimeMilliseconds().Should().BeLessThan(_range.EndMs);
    }

    [Test]
    public async Task InvalidSelector_IsABadRequestWithPyroscopesMessage()
    {
        var cpu = await CpuTypeAsync();

        var act = () => _client.SelectMergeStacktracesAsync(new PyroscopeMergeQuery(cpu, "{service_name=", _range));

        var error = (await act.Should().ThrowAsync<PyroscopeException>()).Which;
        error.Kind.Should().Be(ErrorKind.BadRequest);
        error.HttpStatus.Should().Be(400);
        error.ConnectCode.Should().Be("invalid_argument");
        error.Rpc.Should().Be("SelectMergeStacktraces");
        error.Message.Should().Contain(_serve.Url.Authority);
    }
}
