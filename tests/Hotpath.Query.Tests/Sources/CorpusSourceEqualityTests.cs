using FluentAssertions;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.Selection;
using Hotpath.Pyroscope.Client;
using Hotpath.Query.Sources;
using Hotpath.Store.Labels;
using Hotpath.Store.Storage;
using NUnit.Framework;

namespace Hotpath.Query.Tests.Sources;

/// <summary>
/// Real profiles of the corpus (inlined frames, address-only stacks, sample labels, six sample types,
/// invalid UTF-8 names) pushed through ingest into one store, read through the embedded source and
/// through a real serve on a copy: every merge answers the same stacks over both.
/// </summary>
public class CorpusSourceEqualityTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset At = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeRange Range = new(At.ToUnixTimeMilliseconds() - 60_000, At.ToUnixTimeMilliseconds() + 60_000);

    private static readonly (string Service, string Path)[] Files =
    [
        ("go-heap", "grafana-pyroscope/pkg/og/convert/pprof/testdata/heap.pb"),
        ("ebpf-rust", "grafana-pyroscope/pkg/og/structs/flamebearer/convert/testdata/cpu-unknown.pb.gz"),
        ("go-stripped", "parca/pkg/symbolizer/testdata/normal-cpu.stripped.pprof"),
        ("dotnet", "grafana-pyroscope/pkg/pprof/testdata/dotnet.labels.pprof"),
        ("rust", "grafana-pyroscope/pkg/pprof/testdata/profile_rust"),
        ("invalid-utf8", "grafana-pyroscope/pkg/og/convert/pprof/testdata/invalid_utf8.pb.gz"),
    ];

    private string _root = null!;
    private ProfileStore _store = null!;
    private ServeProcess _serve = null!;
    private HttpClient _http = null!;
    private EmbeddedSource _embedded = null!;
    private PyroscopeSource _pyroscope = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        var corpus = Environment.GetEnvironmentVariable("HOTPATH_CORPUS");
        if (string.IsNullOrEmpty(corpus) || !Directory.Exists(corpus))
        {
            Assert.Ignore("HOTPATH_CORPUS is not set to the corpus folder; corpus tests skipped");
        }
        _root = Path.Combine(Path.GetTempPath(), "hotpath-corpus-sources-" + Guid.NewGuid().ToString("N"));
        var seeded = Path.Combine(_root, "embedded");
        var copy = Path.Combine(_root, "serve");
        Directory.CreateDirectory(seeded);
        Directory.CreateDirectory(copy);
        await using (var seeding = ProfileStore.Open(seeded, new StoreOptions { SweepInterval = null }))
        {
            foreach (var (service, path) in Files)
            {
                var file = Path.Combine(corpus!, path);
                if (!File.Exists(file))
                {
                    Assert.Ignore($"corpus file {path} is not in this copy of the corpus");
                }
                var profile = PprofReader.Read(await File.ReadAllBytesAsync(file), path);
                await seeding.IngestAsync(new IngestItem(LabelSet.Of(("service_name", service)), profile, At.ToUnixTimeMilliseconds() * 1_000_000, 10_000_000_000));
            }
        }
        foreach (var file in Directory.GetFiles(seeded))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }
        _store = ProfileStore.Open(seeded, new StoreOptions { SweepInterval = null });
        _serve = await ServeProcess.StartAsync(copy);
        _http = new HttpClient();
        _embedded = new EmbeddedSource("embedded", _store);
        _pyroscope = new PyroscopeSource("serve", new PyroscopeClient(_http, new PyroscopeEndpoint(_serve.Url, null, null, null, null, TimeSpan.FromSeconds(60)), TimeProvider.System), TimeProvider.System);
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        _serve?.Dispose();
        _http?.Dispose();
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
        if (_root is not null && Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Test]
    public async Task Every_service_and_profile_type_merges_to_the_same_stacks_over_both_sources()
    {
        var compared = 0;
        foreach (var (service, _) in Files)
        {
            var selector = $"{{service_name=\"{service}\"}}";
            var types = await _embedded.SeriesLabelsAsync(selector, ["__profile_type__"], Range, None);
            (await _pyroscope.SeriesLabelsAsync(selector, ["__profile_type__"], Range, None)).Select(s => s.Get("__profile_type__"))
                .Should().Equal(types.Select(s => s.Get("__profile_type__")), service);
            types.Should().NotBeEmpty(service);
            foreach (var type in types.Select(s => s.Get("__profile_type__")!))
            {
                var request = new MergeRequest(type, selector, Range);
                var embedded = FoldedFormat.Lines(await _embedded.MergeStacksAsync(request, None));
                var pyroscope = FoldedFormat.Lines(await _pyroscope.MergeStacksAsync(request, None));
                pyroscope.Should().Equal(embedded, $"{service} {type}");
                compared += embedded.Length;
            }
        }
        compared.Should().BeGreaterThan(500, "the corpus profiles hold many distinct stacks");
    }

    [Test]
    public async Task Label_names_values_and_series_are_the_same_over_both_sources()
    {
        (await _pyroscope.LabelNamesAsync("{}", Range, None)).Should().Equal(await _embedded.LabelNamesAsync("{}", Range, None));
        (await _pyroscope.LabelValuesAsync("service_name", "{}", Range, None)).Should().Equal(Files.Select(f => f.Service).Order(StringComparer.Ordinal));
        (await _pyroscope.ProfileTypesAsync(Range, None)).Should().Equal(await _embedded.ProfileTypesAsync(Range, None));
        var request = new SeriesRequest("memory:inuse_space:bytes:space:bytes", "{}", Range, 10) { GroupBy = ["service_name"] };
        var embedded = await _embedded.SelectSeriesAsync(request, None);
        embedded.Should().NotBeEmpty();
        (await _pyroscope.SelectSeriesAsync(request, None)).Should().BeEquivalentTo(embedded, o => o.WithStrictOrdering());
    }
}
