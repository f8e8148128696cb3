using FluentAssertions;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.Selection;
using Hotpath.Store.Demo;
using Hotpath.Store.Labels;
using Hotpath.Store.Storage;
using Hotpath.Store.Tests.Support;
using NUnit.Framework;

namespace Hotpath.Store.Tests.Storage;

public class IngestAndQueryTests
{
    private const string CpuType = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
    private const string SamplesType = "process_cpu:samples:count:cpu:nanoseconds";
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly long T0Ms = Now.ToUnixTimeMilliseconds() - 3_600_000;

    private TempFolder _folder = null!;
    private ProfileStore _store = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = new TempFolder();
        _store = ProfileStore.Open(_folder.Path, new StoreOptions { Time = new FakeTime(Now) });
    }

    [TearDown]
    public void TearDown()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    private static long Ns(long ms) => ms * 1_000_000;

    private Task<IngestResult> Ingest(string service, long timeMs, params (string Stack, long Samples)[] stacks) =>
        _store.IngestAsync(new IngestItem(LabelSet.Of(("service_name", service), ("region", service == "api" ? "eu" : "us")), Profiles.Cpu(Ns(timeMs), stacks)));

    private static TimeRange Range(long fromMs, long toMs) => new(fromMs, toMs);

    [Test]
    public async Task One_series_per_sample_type_with_pyroscope_reserved_labels()
    {
        var result = await Ingest("api", T0Ms, ("main;serve;parse", 3), ("main;serve", 1));
        result.ProfileIds.Should().HaveCount(2);
        result.NewSeries.Should().Be(2);

        var range = Range(T0Ms - 1000, T0Ms + 1000);
        (await _store.ProfileTypesAsync(range)).Select(t => t.ToString()).Should().Equal(CpuType, SamplesType);
        (await _store.LabelNamesAsync("{}", range)).Should().Equal(
            "__name__", "__period_type__", "__period_unit__", "__profile_type__", "__service_name__", "__type__", "__unit__", "region", "service_name");
        var series = await _store.SeriesAsync("{service_name=\"api\"}", range);
        series.Should().HaveCount(2);
        series[0].ToString().Should().Be(
            "{__name__=\"process_cpu\", __period_type__=\"cpu\", __period_unit__=\"nanoseconds\", __profile_type__=\"process_cpu:cpu:nanoseconds:cpu:nanoseconds\", __service_name__=\"api\", __type__=\"cpu\", __unit__=\"nanoseconds\", region=\"eu\", service_name=\"api\"}");
    }

    [Test]
    public async Task Label_apis_honour_selector_and_time_range()
    {
        await Ingest("api", T0Ms, ("main;a", 1));
        await Ingest("web", T0Ms + 60_000, ("main;b", 1));
        await Ingest("db", T0Ms + 120_000, ("main;c", 1));

        var all = Range(T0Ms, T0Ms + 120_000);
        (await _store.LabelValuesAsync("service_name", "{}", all)).Should().Equal("api", "db", "web");
        (await _store.LabelValuesAsync("service_name", "{region=\"us\"}", all)).Should().Equal("db", "web");
        (await _store.LabelValuesAsync("service_name", "{}", Range(T0Ms + 1, T0Ms + 60_000))).Should().Equal("web");
        (await _store.LabelValuesAsync("service_name", "{service_name=~\"a.*|d.*\"}", all)).Should().Equal("api", "db");
        (await _store.SeriesAsync("{}", all, ["service_name", "__profile_type__"])).Select(s => s.ToString()).Should().Equal(
            $"{{__profile_type__=\"{CpuType}\", service_name=\"api\"}}",
            $"{{__profile_type__=\"{CpuType}\", service_name=\"db\"}}",
            $"{{__profile_type__=\"{CpuType}\", service_name=\"web\"}}",
            $"{{__profile_type__=\"{SamplesType}\", service_name=\"api\"}}",
            $"{{__profile_type__=\"{SamplesType}\", service_name=\"db\"}}",
            $"{{__profile_type__=\"{SamplesType}\", service_name=\"web\"}}");
        (await _store.ProfileTypesAsync(Range(T0Ms - 10_000, T0Ms - 1))).Should().BeEmpty();

        var missing = () => _store.LabelNamesAsync("{}", new TimeRange(0, 0));
        await missing.Should().ThrowAsync<ArgumentException>().WithMessage("missing time range in the query");
        var reversed = () => _store.LabelNamesAsync("{}", new TimeRange(2, 1));
        await reversed.Should().ThrowAsync<ArgumentException>().WithMessage("query start time is after end time");
        var noName = () => _store.LabelValuesAsync("", "{}", all);
        await noName.Should().ThrowAsync<ArgumentException>().WithMessage("name is required");
        var badSelector = () => _store.LabelNamesAsync("{a=}", all);
        await badSelector.Should().ThrowAsync<Hotpath.Engine.Selection.SelectorException>().WithMessage("1:4: parse error: unexpected \"}\" in label matching, expected string");
    }

    [Test]
    public async Task String_sample_labels_split_series_and_trace_labels_stay_on_samples()
    {
        var profile = Profiles.Cpu(Ns(T0Ms), [
            ("main;get", 2, [("endpoint", "/a"), ("span_id", "1")]),
            ("main;get", 3, [("endpoint", "/a"), ("span_id", "2")]),
            ("main;post", 5, [("endpoint", "/b")]),
            ("main;idle", 7, null),
            ("main;dup", 11, [("region", "ignored")]),
        ]);
        var result = await _store.IngestAsync(new IngestItem(LabelSet.Of(("service_name", "api"), ("region", "eu")), profile, SampleType: 0));
        result.ProfileIds.Should().HaveCount(3, "endpoint=/a, endpoint=/b and no endpoint; region is a series label already, span_id stays on samples");

        var range = Range(T0Ms, T0Ms);
        (await _store.LabelValuesAsync("endpoint", "{}", range)).Should().Equal("/a", "/b");
        (await _store.LabelNamesAsync("{}", range)).Should().NotContain("span_id");
        var a = await _store.MergeStacksAsync(SamplesType, "{endpoint=\"/a\"}", range);
        FoldedFormat.Lines(a).Should().Equal("main;get 5");
        var none = await _store.MergeStacksAsync(SamplesType, "{endpoint=\"\"}", range);
        FoldedFormat.Lines(none).Should().Equal("main;dup 11", "main;idle 7");
        var all = await _store.MergeStacksAsync(SamplesType, "{}", range);
        FoldedFormat.Lines(all).Should().Equal("main;dup 11", "main;get 5", "main;idle 7", "main;post 5");
    }

    [Test]
    public async Task Merge_sums_profiles_in_the_inclusive_range_and_matches_the_engine()
    {
        var p1 = Profiles.Cpu(Ns(T0Ms), ("main;serve;parse", 3), ("main;serve", 1));
        var p2 = Profiles.Cpu(Ns(T0Ms + 10_000), ("main;serve;parse", 2), ("main;gc", 4));
        var p3 = Profiles.Cpu(Ns(T0Ms + 20_000), ("main;late", 9));
        foreach (var p in new[] { p1, p2, p3 })
        {
            await _store.IngestAsync(new IngestItem(LabelSet.Of(("service_name", "api")), p));
        }
        var merged = await _store.MergeStacksAsync(CpuType, "{service_name=\"api\"}", Range(T0Ms, T0Ms + 10_000));
        var engine = new ProfileMerger();
        engine.Add(p1, 1);
        engine.Add(p2, 1);
        FoldedFormat.Lines(merged).Should().Equal(FoldedFormat.Lines(engine.Stacks));
        FoldedFormat.Lines(merged).Should().Equal("main;gc 40000000", "main;serve 10000000", "main;serve;parse 50000000");

        var serveOnly = await _store.MergeStacksAsync(CpuType, "{}", Range(T0Ms, T0Ms + 10_000), callSite: ["main", "serve"]);
        FoldedFormat.Lines(serveOnly).Should().Equal("main;serve 10000000", "main;serve;parse 50000000");
        var empty = await _store.MergeStacksAsync(CpuType, "{service_name=\"nope\"}", Range(T0Ms, T0Ms + 10_000));
        empty.Count.Should().Be(0);
        var badType = () => _store.MergeStacksAsync("cpu", "{}", Range(T0Ms, T0Ms + 1));
        await badType.Should().ThrowAsync<ArgumentException>().WithMessage(
            "profile-type selection must be of the form <name>:<sample-type>:<sample-unit>:<period-type>:<period-unit>(:delta), got(1): \"cpu\"");
    }

    [Test]
    public async Task Merge_profile_exports_a_pprof_that_reads_back_to_the_same_stacks()
    {
        await Ingest("api", T0Ms, ("main;serve;parse", 3), ("main;serve", 1));
        var range = Range(T0Ms, T0Ms);
        var profile = await _store.MergeProfileAsync(CpuType, "{}", range);
        profile.SampleTypes.Should().HaveCount(1);
        profile.SampleTypeName(0).Should().Be("cpu");
        profile.Period.Should().Be(1_000_000_000);
        var reread = PprofReader.Read(PprofWriter.Write(profile), "export");
        var merger = new ProfileMerger();
        merger.Add(reread, 0);
        FoldedFormat.Lines(merger.Stacks).Should().Equal(FoldedFormat.Lines(await _store.MergeStacksAsync(CpuType, "{}", range)));
    }

    [Test]
    public async Task Select_series_buckets_at_right_edges_aligned_to_start()
    {
        // Profiles at +0 s, +5 s, +10 s, +25 s, +61 s; step 10 s from start = T0.
        long[] offsetsS = [0, 5, 10, 25, 61];
        for (var i = 0; i < offsetsS.Length; i++)
        {
            await Ingest(i % 2 == 0 ? "api" : "web", T0Ms + offsetsS[i] * 1000, ("main;work", i + 1));
        }
        var query = new SeriesQuery(SamplesType, "{}", Range(T0Ms, T0Ms + 60_000), 10);
        var sum = await _store.SelectSeriesAsync(query);
        sum.Should().ContainSingle().Which.Labels.Should().Be(LabelSet.Empty);
        // (T0-10s, T0] → T0: 1; (T0, T0+10s] → T0+10s: 2+3; (T0+20s, T0+30s] → T0+30s: 4; +61 s is after the last point.
        sum[0].Points.Should().Equal(new SeriesPoint(T0Ms, 1), new SeriesPoint(T0Ms + 10_000, 5), new SeriesPoint(T0Ms + 30_000, 4));

        var avg = await _store.SelectSeriesAsync(query with { Aggregation = SeriesAggregation.Average });
        avg[0].Points.Should().Equal(new SeriesPoint(T0Ms, 1), new SeriesPoint(T0Ms + 10_000, 2.5), new SeriesPoint(T0Ms + 30_000, 4));

        var grouped = await _store.SelectSeriesAsync(query with { GroupBy = ["service_name"] });
        grouped.Select(s => s.Labels.ToString()).Should().Equal("{service_name=\"api\"}", "{service_name=\"web\"}");
        grouped[0].Points.Should().Equal(new SeriesPoint(T0Ms, 1), new SeriesPoint(T0Ms + 10_000, 3));
        grouped[1].Points.Should().Equal(new SeriesPoint(T0Ms + 10_000, 2), new SeriesPoint(T0Ms + 30_000, 4));

        var top = await _store.SelectSeriesAsync(query with { GroupBy = ["service_name"], Limit = 1 });
        top.Should().ContainSingle().Which.Labels.ToString().Should().Be("{service_name=\"web\"}");

        // A 1 ms step over the same hour: one point per profile, at its own millisecond.
        var fine = await _store.SelectSeriesAsync(query with { StepSeconds = 0.001 });
        fine[0].Points.Select(p => p.TimestampMs - T0Ms).Should().Equal(0, 5_000, 10_000, 25_000);

        var badStep = () => _store.SelectSeriesAsync(query with { StepSeconds = 0.0001 });
        await badStep.Should().ThrowAsync<ArgumentException>().WithMessage("step must be >= 1ms");
    }

    [Test]
    public async Task Stats_report_oldest_and_newest_profile()
    {
        (await _store.StatsAsync()).Should().Be(new StoreStats(false, 0, 0));
        await Ingest("api", T0Ms + 5, ("main", 1));
        await Ingest("api", T0Ms - 7, ("main", 1));
        (await _store.StatsAsync()).Should().Be(new StoreStats(true, T0Ms - 7, T0Ms + 5));
    }

    [Test]
    public async Task Invalid_input_is_rejected_and_stores_nothing()
    {
        var noService = () => _store.IngestAsync(new IngestItem(LabelSet.Of(("region", "eu")), Profiles.Cpu(Ns(T0Ms), ("main", 1))));
        await noService.Should().ThrowAsync<IngestRejectedException>()
            .WithMessage("invalid labels '{region=\"eu\"}' with error: service name is not provided");
        var badIndex = () => _store.IngestAsync(new IngestItem(LabelSet.Of(("service_name", "a")), Profiles.Cpu(Ns(T0Ms), ("main", 1)), SampleType: 2));
        await badIndex.Should().ThrowAsync<IngestRejectedException>()
            .WithMessage("sample type index 2 is out of range: the profile has 2 sample types");
        var emptyName = () => _store.IngestAsync(new IngestItem(LabelSet.Of(("service_name", "a"), ("", "x")), Profiles.Cpu(Ns(T0Ms), ("main", 1))));
        await emptyName.Should().ThrowAsync<IngestRejectedException>()
            .WithMessage("invalid labels '{=\"x\", service_name=\"a\"}' with error: invalid label name ''");
        var nul = () => _store.IngestAsync(new IngestItem(LabelSet.Of(("service_name", "a\u0000b")), Profiles.Cpu(Ns(T0Ms), ("main", 1))));
        await nul.Should().ThrowAsync<IngestRejectedException>()
            .WithMessage("invalid labels '{service_name=\"a\u0000b\"}' with error: invalid label value 'a\u0000b'");
        (await _store.StatsAsync()).DataIngested.Should().BeFalse();
    }

    [Test]
    public async Task Data_survives_close_and_reopen()
    {
        await Ingest("api", T0Ms, ("main;serve", 4));
        _store.Dispose();
        _store = ProfileStore.Open(_folder.Path, new StoreOptions { Time = new FakeTime(Now) });
        _store.OpenReport.CreatedNew.Should().BeFalse();
        _store.OpenReport.IntegrityCheck.Should().Be("skipped (clean shutdown)");
        _store.OpenReport.WalBytesFound.Should().Be(0, "a clean close checkpoints the log");
        _store.OpenReport.Profiles.Should().Be(2);
        FoldedFormat.Lines(await _store.MergeStacksAsync(SamplesType, "{}", Range(T0Ms, T0Ms))).Should().Equal("main;serve 4");
        _store.Dispose();
        _store = ProfileStore.Open(_folder.Path, new StoreOptions { Time = new FakeTime(Now), VerifyOnOpen = true });
        _store.OpenReport.IntegrityCheck.Should().Be("ok");
        // Stacks and names are reused across restarts, not duplicated.
        await Ingest("api", T0Ms + 1000, ("main;serve", 1));
        FoldedFormat.Lines(await _store.MergeStacksAsync(SamplesType, "{}", Range(T0Ms, T0Ms + 1000))).Should().Equal("main;serve 5");
    }

    [Test]
    public async Task Name_hint_from_labels_names_the_series()
    {
        var b = new ProfileBuilder([("contentions", "count"), ("delay", "nanoseconds")], ("contentions", "count"), 1);
        b.Add(["main", "lock"], [2, 300]);
        await _store.IngestAsync(new IngestItem(LabelSet.Of(("service_name", "api"), ("__name__", "block")), Profiles.RoundTrip(b.Build(Ns(T0Ms), 0))));
        (await _store.ProfileTypesAsync(Range(T0Ms, T0Ms))).Select(t => t.ToString())
            .Should().Equal("block:contentions:count:contentions:count", "block:delay:nanoseconds:contentions:count");
    }

    [Test]
    public async Task Godeltaprof_names_are_relabelled_and_ingest_controls_dropped()
    {
        var b = new ProfileBuilder([("contentions", "count"), ("delay", "nanoseconds")], ("contentions", "count"), 1);
        b.Add(["main", "lock"], [2, 300]);
        await _store.IngestAsync(new IngestItem(
            LabelSet.Of(("service_name", "api"), ("__name__", "godeltaprof_mutex"), ("__delta__", "false"), ("__session_id__", "abc")),
            Profiles.RoundTrip(b.Build(Ns(T0Ms), 0))));
        var range = Range(T0Ms, T0Ms);
        (await _store.ProfileTypesAsync(range)).Select(t => t.ToString())
            .Should().Equal("mutex:contentions:count:contentions:count", "mutex:delay:nanoseconds:contentions:count");
        (await _store.LabelValuesAsync("__name_replaced__", "{}", range)).Should().Equal("godeltaprof_mutex");
        (await _store.LabelNamesAsync("{}", range)).Should().NotContain(["__delta__", "__session_id__"]);
    }
}
