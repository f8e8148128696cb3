using FluentAssertions;
using Grpc.Core;
using Hotpath.Engine.Pprof;
using Hotpath.Plugin.Pyroscope.Connect;
using Hotpath.Plugin.Pyroscope.Endpoints;
using Hotpath.Plugin.Pyroscope.Wire.Querier;
using Hotpath.Plugin.Pyroscope.Wire.Types;
using Hotpath.Query.Querier;
using Hotpath.Store.Labels;
using Hotpath.Store.Storage;
using NUnit.Framework;
using EmbeddedSource = Hotpath.Query.Sources.EmbeddedSource;

namespace Hotpath.Plugin.Tests.Pyroscope;

/// <summary>The querier RPCs on a real store in a temporary folder, for the rules that need no HTTP.</summary>
public sealed class QuerierEndpointsTests
{
    private const string Cpu = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
    private string _dir = null!;
    private ProfileStore _store = null!;
    private QuerierEndpoints _querier = null!;
    private long _start;
    private long _end;

    [OneTimeSetUp]
    public async Task Fill()
    {
        _dir = Path.Combine(Path.GetTempPath(), "hotpath-querier-" + Guid.NewGuid().ToString("N"));
        _store = ProfileStore.Open(_dir);
        _querier = new QuerierEndpoints(new QuerierService(new EmbeddedSource("embedded", _store), TimeProvider.System));
        var profile = PprofReader.Read(GoProfiles.Cpu, "cpu.pb.gz");
        await _store.IngestAsync(
        [
            new IngestItem(LabelSet.Of(("__name__", "process_cpu"), ("service_name", "api"), ("region", "eu"), ("service.version", "1.2")), profile),
            new IngestItem(LabelSet.Of(("__name__", "process_cpu"), ("service_name", "api"), ("region", "us")), profile),
            new IngestItem(LabelSet.Of(("__name__", "process_cpu"), ("service_name", "web"), ("region", "eu")), profile),
        ]);
        var t = profile.TimeNanos / 1_000_000;
        (_start, _end) = (t - 60_000, t + 60_000);
    }

    [OneTimeTearDown]
    public async Task Close()
    {
        await _store.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public async Task An_empty_selection_is_pyroscopes_empty_flame_graph()
    {
        var answer = (SelectMergeStacktracesResponse)await _querier.SelectMergeStacktracesAsync(
            new SelectMergeStacktracesRequest { ProfileTypeID = Cpu, LabelSelector = "{service_name=\"nobody\"}", Start = _start, End = _end }, default);

        answer.Flamegraph.Names.Should().Equal("total");
        answer.Flamegraph.Levels.Should().ContainSingle().Which.Values.Should().Equal(0L, 0L, 0L, 0L);
        answer.Flamegraph.Total.Should().Be(0);
        answer.Flamegraph.MaxSelf.Should().Be(0);
    }

    [Test]
    public async Task Several_matchers_select_what_all_of_them_select()
    {
        var request = new LabelValuesRequest { Name = "service_name", Start = _start, End = _end };
        request.Matchers.AddRange(["{region=\"eu\"}", "{service_name=~\"a.*\"}"]);
        var values = (LabelValuesResponse)await _querier.LabelValuesAsync(request, default);

        values.Names.Should().Equal("api");

        var series = new SeriesRequest { Start = _start, End = _end };
        series.Matchers.AddRange(["{region=\"eu\"}", "{__name__=\"process_cpu\"}"]);
        series.LabelNames.AddRange(["service_name", "region"]);
        var sets = (SeriesResponse)await _querier.SeriesAsync(series, utf8Names: true, default);
        sets.LabelsSet.Select(l => string.Join(",", l.Labels_.Select(p => $"{p.Name}={p.Value}"))).Should().Equal("region=eu,service_name=api", "region=eu,service_name=web");
    }

    [Test]
    public async Task Utf8_label_names_only_for_clients_that_say_they_take_them()
    {
        var request = new LabelNamesRequest { Start = _start, End = _end };
        request.Matchers.Add("{service_name=\"api\"}");

        var legacy = (LabelNamesResponse)await _querier.LabelNamesAsync(request, utf8Names: false, default);
        var utf8 = (LabelNamesResponse)await _querier.LabelNamesAsync(request, utf8Names: true, default);

        legacy.Names.Should().NotContain("service.version").And.Contain("region");
        utf8.Names.Should().Contain("service.version");
        QuerierEndpoints.AllowsUtf8LabelNames("application/json; allow-utf8-labelnames=true").Should().BeTrue();
        QuerierEndpoints.AllowsUtf8LabelNames("application/json").Should().BeFalse();
        QuerierEndpoints.AllowsUtf8LabelNames(null).Should().BeFalse();
    }

    [Test]
    public async Task Selections_the_store_cannot_make_are_unimplemented_and_named()
    {
        var request = new SelectMergeStacktracesRequest { ProfileTypeID = Cpu, LabelSelector = "{}", Start = _start, End = _end };
        request.SpanSelector.Add("0123456789abcdef");

        var act = () => _querier.SelectMergeStacktracesAsync(request, default);

        (await act.Should().ThrowAsync<ConnectException>()).Which.Code.Should().Be(StatusCode.Unimplemented);
        (await act.Should().ThrowAsync<ConnectException>()).WithMessage("span_selector is not supported by the embedded store*");
        var tree = new SelectMergeStacktracesRequest { ProfileTypeID = Cpu, LabelSelector = "{}", Start = _start, End = _end, Format = ProfileFormat.Tree };
        (await FluentActions.Awaiting(() => _querier.SelectMergeStacktracesAsync(tree, default)).Should().ThrowAsync<ConnectException>())
            .Which.Message.Should().StartWith("format PROFILE_FORMAT_TREE is not supported");
    }

    [Test]
    public async Task A_bad_selector_is_invalid_argument_with_the_parsers_position()
    {
        var request = new SelectMergeStacktracesRequest { ProfileTypeID = Cpu, LabelSelector = "{service_name=}", Start = _start, End = _end };

        var error = (await FluentActions.Awaiting(() => _querier.SelectMergeStacktracesAsync(request, default)).Should().ThrowAsync<ConnectException>()).Which;

        error.Code.Should().Be(StatusCode.InvalidArgument);
        error.Message.Should().Be("1:15: parse error: unexpected \"}\" in label matching, expected string");
    }
}
