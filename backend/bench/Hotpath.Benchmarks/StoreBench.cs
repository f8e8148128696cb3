using System.Diagnostics;
using System.Globalization;
using Hotpath.Engine.Model;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.Selection;
using Hotpath.Store.Demo;
using Hotpath.Store.Labels;
using Hotpath.Store.Storage;

namespace Hotpath.Benchmarks;

/// <summary>
/// The embedded store's targets, measured end to end on a real disk (not BenchmarkDotNet: each
/// scenario needs a populated database, built once): ingest of Go CPU profiles (throughput and
/// acknowledgement latency), SelectSeries over 100 services × 24 h at 15 s, MergeStacks over one
/// hour (240 profiles) of one service.
/// </summary>
internal static class StoreBench
{
    public const string GoCpu = "grafana-pyroscope/pkg/pprof/testdata/go.cpu.labels.pprof";
    private const string CpuType = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";

    public static async Task Run(string[] args)
    {
        var quick = args.Contains("--quick");
        var folder = Path.Combine(Path.GetTempPath(), "hotpath-store-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var profile = Load(GoCpu);
            await Ingest(Path.Combine(folder, "ingest"), profile, clients: 1, perClient: quick ? 100 : 300);
            await Ingest(Path.Combine(folder, "ingest16"), profile, clients: 16, perClient: quick ? 30 : 100);
            var jvm = KafkaCpu.Select(Load).ToArray();
            await Ingest(Path.Combine(folder, "ingest-jvm"), jvm[0], clients: 16, perClient: quick ? 30 : 100);
            await Merge(Path.Combine(folder, "merge"), jvm);
            await Series(Path.Combine(folder, "series"), services: 100, hours: quick ? 2 : 24);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task Ingest(string folder, Profile profile, int clients, int perClient)
    {
        using var store = ProfileStore.Open(folder, new StoreOptions { SweepInterval = null });
        var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 3_600_000;
        for (var i = 0; i < 20; i++)
        {
            await store.IngestAsync(Item(profile, "warmup", t0 - i * 1000));
        }
        var latencies = new double[clients * perClient];
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < perClient; i++)
            {
                var sw = Stopwatch.StartNew();
                await store.IngestAsync(Item(profile, $"svc{c}", t0 + i * 15_000 + c));
                latencies[c * perClient + i] = sw.Elapsed.TotalMilliseconds;
            }
        })));
        wall.Stop();
        Array.Sort(latencies);
        var n = latencies.Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ingest, {clients} concurrent client(s), {n} profiles: {n / wall.Elapsed.TotalSeconds:0} profiles/s; ack latency p50 {latencies[n / 2]:0.0} ms, p99 {latencies[(int)(n * 0.99)]:0.0} ms, max {latencies[^1]:0.0} ms"));
    }

    // Eight real 10 s JVM CPU profiles (async-profiler via JFR, ~400 samples, ~1,100 locations each).
    private static readonly string[] KafkaCpu = [.. Enumerable.Range(0, 8).Select(i =>
        $"grafana-pyroscope/pkg/og/convert/jfr/testdata/cortex-dev-01__kafka-0__cpu{(i < 4 ? "" : "_lock_alloc")}__{i % 4}.jfr.gz.process_cpu_cpu_nanoseconds_cpu_nanoseconds.17241709254077376921.pb.gz")];

    private static Profile Load(string relative)
    {
        var profile = PprofReader.Read(BenchmarkInputs.Compressed(relative), relative);
        Console.WriteLine($"input: {relative} ({profile.SampleCount} samples, {profile.Locations.Length} locations)");
        return profile;
    }

    private static async Task Merge(string folder, Profile[] profiles)
    {
        using var store = ProfileStore.Open(folder, new StoreOptions { SweepInterval = null });
        var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 7_200_000;
        for (var i = 0; i < 240; i += 20)
        {
            await store.IngestAsync([.. Enumerable.Range(i, 20).Select(k => Item(profiles[k % profiles.Length], "api", t0 + k * 15_000))]);
        }
        var range = new TimeRange(t0, t0 + 3_600_000);
        var sw = Stopwatch.StartNew();
        var stacks = await store.MergeStacksAsync(CpuType, "{service_name=\"api\"}", range);
        var cold = sw.Elapsed.TotalMilliseconds;
        var warm = await Median(10, async () => await store.MergeStacksAsync(CpuType, "{service_name=\"api\"}", range));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"MergeStacks, 1 h of one service (240 profiles, {stacks.Count} distinct stacks): first {cold:0.0} ms, median of 10 {warm:0.0} ms"));
    }

    private static async Task Series(string folder, int services, int hours)
    {
        using var store = ProfileStore.Open(folder, new StoreOptions { SweepInterval = null });
        var end = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 15_000 * 15_000;
        var start = end - hours * 3_600_000L;
        var small = new ProfileBuilder([("cpu", "nanoseconds")], ("cpu", "nanoseconds"), 10_000_000)
            .Add(["main", "serve", "handle"], [30_000_000]).Add(["main", "gc"], [10_000_000]).Build(0, 15_000_000_000);
        var sw = Stopwatch.StartNew();
        long rows = 0;
        for (var t = start + 15_000; t <= end; t += 15_000)
        {
            var time = t;
            await store.IngestAsync([.. Enumerable.Range(0, services).Select(s =>
                new IngestItem(LabelSet.Of(("service_name", $"service-{s:000}"), ("region", s % 2 == 0 ? "eu" : "us")), small, time * 1_000_000))]);
            rows += services;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"loaded {rows} profiles ({services} services × {hours} h at 15 s) in {sw.Elapsed.TotalSeconds:0.0} s ({rows / sw.Elapsed.TotalSeconds:0} profiles/s in batches of {services})"));
        var query = new SeriesQuery(CpuType, "{}", new TimeRange(start, end), 15) { GroupBy = ["service_name"] };
        var series = await store.SelectSeriesAsync(query);
        var median = await Median(5, async () => await store.SelectSeriesAsync(query));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SelectSeries, {services} services × {hours} h at 15 s, step 15 s, group by service_name ({series.Count} series, {series.Sum(s => s.Points.Count)} points): median of 5 {median:0.0} ms"));
        var total = new SeriesQuery(CpuType, "{}", new TimeRange(start, end), 300);
        var medianTotal = await Median(5, async () => await store.SelectSeriesAsync(total));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SelectSeries, same data, no grouping, step 5 min: median of 5 {medianTotal:0.0} ms"));
    }

    private static IngestItem Item(Profile profile, string service, long timeMs) =>
        new(LabelSet.Of(("service_name", service), ("pod", service + "-0")), profile, timeMs * 1_000_000, 10_000_000_000);

    private static async Task<double> Median(int runs, Func<Task> action)
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            await action();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }
}
