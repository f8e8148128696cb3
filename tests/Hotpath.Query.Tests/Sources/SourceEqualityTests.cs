using FluentAssertions;
using Hotpath.Engine.Errors;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Stacks;
using Hotpath.Query.Sources;
using NUnit.Framework;

namespace Hotpath.Query.Tests.Sources;

/// <summary>
/// Every <see cref="IProfileSource"/> method answers equal values over the embedded store and over
/// a Pyroscope-compatible server holding the same data (<see cref="TwoSources"/>), sorted as the
/// interface states.
/// </summary>
public class SourceEqualityTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private TwoSources _two = null!;

    [OneTimeSetUp]
    public async Task SetUp() => _two = await TwoSources.GetAsync();

    private string Checkout => $"{{service_name=\"{_two.Demo.SpikeService}\"}}";

    [Test]
    public async Task ProfileTypes_are_equal_and_sorted_by_id()
    {
        var embedded = await _two.Embedded.ProfileTypesAsync(TwoSources.Range, None);
        var pyroscope = await _two.Pyroscope.ProfileTypesAsync(TwoSources.Range, None);

        embedded.Select(t => t.ToString()).Should().Contain([TwoSources.Cpu, TwoSources.AllocBytes, TwoSources.InuseBytes])
            .And.BeInAscendingOrder(StringComparer.Ordinal);
        pyroscope.Should().Equal(embedded);
        var before = new Engine.Selection.TimeRange(TwoSources.Range.StartMs - 3_600_000, TwoSources.Range.StartMs - 1);
        (await _two.Pyroscope.ProfileTypesAsync(before, None)).Should().BeEmpty();
        (await _two.Embedded.ProfileTypesAsync(before, None)).Should().BeEmpty();
    }

    [TestCase("{}")]
    [TestCase("{service_name=\"checkout\"}")]
    [TestCase("{service_name=~\"cart|ads\", region!=\"us-east-1\"}")]
    [TestCase("{service_name=\"no-such-service\"}")]
    public async Task LabelNames_are_equal_and_sorted(string selector)
    {
        var embedded = await _two.Embedded.LabelNamesAsync(selector, TwoSources.Range, None);
        var pyroscope = await _two.Pyroscope.LabelNamesAsync(selector, TwoSources.Range, None);

        pyroscope.Should().Equal(embedded).And.BeInAscendingOrder(StringComparer.Ordinal);
        if (!selector.Contains("no-such"))
        {
            embedded.Should().Contain(["__profile_type__", "pod", "region", "service_name"]);
        }
    }

    [TestCase("service_name", "{}")]
    [TestCase("pod", "{service_name=\"checkout\"}")]
    [TestCase("__profile_type__", "{service_name=\"frontend\"}")]
    [TestCase("no_such_label", "{}")]
    public async Task LabelValues_are_equal_and_sorted(string name, string selector)
    {
        var embedded = await _two.Embedded.LabelValuesAsync(name, selector, TwoSources.Range, None);
        var pyroscope = await _two.Pyroscope.LabelValuesAsync(name, selector, TwoSources.Range, None);

        pyroscope.Should().Equal(embedded).And.BeInAscendingOrder(StringComparer.Ordinal);
        if (name == "service_name")
        {
            embedded.Should().Equal(_two.Services);
        }
    }

    [TestCase("{}", new[] { "service_name", "__profile_type__" })]
    [TestCase("{service_name=\"cart\"}", new string[0])]
    [TestCase("{}", new[] { "__name__", "__profile_type__", "__type__", "pyroscope_app", "service_name" })]
    [TestCase("{region=\"eu-west-1\"}", new[] { "pod", "version" })]
    public async Task SeriesLabels_are_equal_and_sorted_by_pairs(string selector, string[] labelNames)
    {
        var embedded = await _two.Embedded.SeriesLabelsAsync(selector, labelNames, TwoSources.Range, None);
        var pyroscope = await _two.Pyroscope.SeriesLabelsAsync(selector, labelNames, TwoSources.Range, None);

        embedded.Should().NotBeEmpty();
        Flatten(pyroscope).Should().Equal(Flatten(embedded));
        Flatten(embedded).Should().BeInAscendingOrder(StringComparer.Ordinal);
        if (labelNames.Length > 0)
        {
            embedded.SelectMany(s => s.Pairs).Select(p => p.Key).Should().OnlyContain(k => labelNames.Contains(k));
        }
    }

    public static IEnumerable<TestCaseData> SeriesCases()
    {
        yield return new TestCaseData(TwoSources.Cpu, "{}", 60.0, Array.Empty<string>(), null, SeriesAggregationKind.Sum).SetName("Series_whole_cpu");
        yield return new TestCaseData(TwoSources.Cpu, "{}", 300.0, new[] { "service_name" }, null, SeriesAggregationKind.Sum).SetName("Series_by_service");
        yield return new TestCaseData(TwoSources.Cpu, "{}", 120.0, new[] { "service_name" }, 3, SeriesAggregationKind.Sum).SetName("Series_top_3_services");
        yield return new TestCaseData(TwoSources.InuseBytes, "{service_name=\"cart\"}", 600.0, new[] { "pod" }, null, SeriesAggregationKind.Average).SetName("Series_inuse_average_by_pod");
        yield return new TestCaseData(TwoSources.AllocBytes, "{region=\"us-east-1\"}", 45.5, new[] { "service_name", "version" }, 4, SeriesAggregationKind.Sum).SetName("Series_two_labels_odd_step");
        yield return new TestCaseData(TwoSources.Cpu, "{service_name=\"no-such\"}", 60.0, Array.Empty<string>(), null, SeriesAggregationKind.Sum).SetName("Series_nothing_selected");
    }

    [TestCaseSource(nameof(SeriesCases))]
    public async Task SelectSeries_is_equal(string type, string selector, double step, string[] groupBy, int? limit, SeriesAggregationKind aggregation)
    {
        var request = new SeriesRequest(type, selector, TwoSources.Range, step) { GroupBy = groupBy, Limit = limit, Aggregation = aggregation };

        var embedded = await _two.Embedded.SelectSeriesAsync(request, None);
        var pyroscope = await _two.Pyroscope.SelectSeriesAsync(request, None);

        if (!selector.Contains("no-such"))
        {
            embedded.Should().NotBeEmpty();
        }
        if (limit is { } n)
        {
            embedded.Should().HaveCountLessThanOrEqualTo(n);
        }
        Describe(pyroscope).Should().Equal(Describe(embedded));
    }

    [Test]
    public async Task SelectSeries_of_a_call_site_is_equal_and_is_the_call_sites_share()
    {
        var whole = await _two.Embedded.MergeStacksAsync(new MergeRequest(TwoSources.Cpu, Checkout, TwoSources.Range), None);
        var heaviest = Enumerable.Range(0, whole.Count).MaxBy(whole.ValueOf);
        var frames = whole.FramesOf(heaviest).ToArray().Select(f => whole.Names[f]).ToArray();
        foreach (var callSite in new[] { frames[..1], frames[..2], frames })
        {
            var request = new SeriesRequest(TwoSources.Cpu, Checkout, TwoSources.Range, 300) { GroupBy = ["region"], CallSite = callSite };

            var embedded = await _two.Embedded.SelectSeriesAsync(request, None);
            var pyroscope = await _two.Pyroscope.SelectSeriesAsync(request, None);

            Describe(pyroscope).Should().Equal(Describe(embedded));
            var wholeSeries = await _two.Embedded.SelectSeriesAsync(request with { CallSite = [] }, None);
            var share = embedded.Sum(s => s.Values.Sum());
            share.Should().BeGreaterThan(0).And.BeLessThanOrEqualTo(wholeSeries.Sum(s => s.Values.Sum()));
            if (callSite.Length == frames.Length)
            {
                share.Should().BeLessThan(wholeSeries.Sum(s => s.Values.Sum()), "the full heaviest stack is only part of the profile");
            }
        }
    }

    [TestCase(TwoSources.Cpu, "{service_name=\"checkout\"}")]
    [TestCase(TwoSources.AllocBytes, "{}")]
    [TestCase(TwoSources.InuseBytes, "{service_name=~\"cart|catalog\", pod=~\".*a.*\"}")]
    [TestCase("process_cpu:samples:count:cpu:nanoseconds", "{service_name=\"cart\", region=\"eu-west-1\"}")]
    [TestCase(TwoSources.Cpu, "{service_name=\"no-such\"}")]
    public async Task MergeStacks_are_equal_as_folded_text(string type, string selector)
    {
        var request = new MergeRequest(type, selector, TwoSources.Range);

        var embedded = await _two.Embedded.MergeStacksAsync(request, None);
        var pyroscope = await _two.Pyroscope.MergeStacksAsync(request, None);

        var lines = FoldedFormat.Lines(embedded);
        if (!selector.Contains("no-such"))
        {
            lines.Should().HaveCountGreaterThan(5);
        }
        FoldedFormat.Lines(pyroscope).Should().Equal(lines);
    }

    [TestCase(TwoSources.Cpu, "{service_name=\"checkout\"}")]
    [TestCase(TwoSources.InuseBytes, "{}")]
    public async Task MergeProfile_has_the_requested_sample_type_and_equal_totals(string type, string selector)
    {
        var request = new MergeRequest(type, selector, TwoSources.Range);

        var embedded = await _two.Embedded.MergeProfileAsync(request, None);
        var pyroscope = await _two.Pyroscope.MergeProfileAsync(request, None);

        var sampleType = type.Split(':')[1];
        foreach (var profile in new[] { embedded, pyroscope })
        {
            profile.SampleTypes.Should().ContainSingle();
            profile.Strings[profile.SampleTypes[0].Type].Should().Be(sampleType);
        }
        Total(pyroscope).Should().Be(Total(embedded)).And.BeGreaterThan(0);
        Total(embedded).Should().Be(StackTotal(await _two.Embedded.MergeStacksAsync(request, None)));
        FoldedFormat.Lines(Merge(pyroscope)).Should().Equal(FoldedFormat.Lines(Merge(embedded)));
    }

    [Test]
    public async Task Stats_are_equal_and_cover_the_seeded_range()
    {
        var embedded = await _two.Embedded.StatsAsync(None);
        var pyroscope = await _two.Pyroscope.StatsAsync(None);

        pyroscope.Should().Be(embedded);
        embedded.DataIngested.Should().BeTrue();
        embedded.OldestProfileTimeMs.Should().BeGreaterThanOrEqualTo(TwoSources.Range.StartMs);
        embedded.NewestProfileTimeMs.Should().BeGreaterThanOrEqualTo(TwoSources.End.ToUnixTimeMilliseconds()).And.BeLessThanOrEqualTo(TwoSources.Range.EndMs);
    }

    [TestCaseSource(typeof(TwoSources), nameof(TwoSources.Names))]
    public async Task A_selector_the_source_refuses_is_a_bad_request_naming_the_problem(string name)
    {
        var source = _two.Get(name);

        var act = () => source.MergeStacksAsync(new MergeRequest(TwoSources.Cpu, "{service_name=}", TwoSources.Range), None);

        var error = (await act.Should().ThrowAsync<SourceException>()).Which;
        error.Kind.Should().Be(ErrorKind.BadRequest);
        error.Message.Should().Contain("parse error").And.Contain("label matching");
    }

    [TestCaseSource(typeof(TwoSources), nameof(TwoSources.Names))]
    public async Task A_malformed_profile_type_is_a_bad_request(string name)
    {
        var source = _two.Get(name);

        var act = () => source.SelectSeriesAsync(new SeriesRequest("cpu", "{}", TwoSources.Range, 60), None);

        var error = (await act.Should().ThrowAsync<SourceException>()).Which;
        error.Kind.Should().Be(ErrorKind.BadRequest);
        error.Message.Should().Contain("cpu").And.Contain("profile");
    }

    [TestCaseSource(typeof(TwoSources), nameof(TwoSources.Names))]
    public async Task Caller_cancellation_propagates(string name)
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var act = () => _two.Get(name).ProfileTypesAsync(TwoSources.Range, cancelled.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Test]
    public async Task The_fixtures_instance_serves_both_sources_by_uid()
    {
        await using var instance = _two.NewInstance();

        instance.Source(null).Should().BeOfType<EmbeddedSource>().Which.Uid.Should().Be(TwoSources.EmbeddedUid);
        var serve = instance.Source(TwoSources.PyroscopeUid);
        serve.Should().BeOfType<PyroscopeSource>();
        (await serve.LabelValuesAsync("service_name", "{}", TwoSources.Range, None)).Should().Equal(_two.Services);
    }

    private static string[] Flatten(IReadOnlyList<SeriesLabels> sets) =>
        [.. sets.Select(s => string.Join(",", s.Pairs.Select(p => $"{p.Key}={p.Value}")))];

    private static string[] Describe(IReadOnlyList<SeriesData> series) =>
        [.. series.Select(s => string.Join(",", s.Labels.Pairs.Select(p => $"{p.Key}={p.Value}")) + " | "
            + string.Join(" ", s.TimestampsMs.Zip(s.Values, (t, v) => $"{t}:{v:R}")))];

    private static long Total(Engine.Model.Profile profile) => profile.SampleValues.Sum();

    private static long StackTotal(StackSet stacks) => Enumerable.Range(0, stacks.Count).Sum(stacks.ValueOf);

    private static StackSet Merge(Engine.Model.Profile profile)
    {
        var merger = new ProfileMerger();
        merger.Add(profile, 0);
        return merger.Stacks;
    }
}
