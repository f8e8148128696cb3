using Hotpath.Engine.Pprof;
using Hotpath.Store.Labels;
using Hotpath.Store.Storage;

namespace Hotpath.Store.Demo;

/// <summary>What <see cref="DemoData.Seed"/> stored and where the planted incidents are.</summary>
public sealed record DemoSummary(
    IReadOnlyList<string> Services,
    long Profiles,
    string SpikeService,
    DateTimeOffset SpikeStart,
    DateTimeOffset SpikeEnd,
    string RegressionService,
    DateTimeOffset RegressionStart);

/// <summary>
/// Seeds a store with a small online shop's profiles: seven services in Go, Java, Node.js and
/// Python, two pods each in two regions, every main profile type, one profile per type and pod
/// every step. Two incidents are planted for a user to find: a CPU spike in <c>checkout</c>
/// (promotion rules compiled per request, a third of the way back, 10 minutes) and a memory
/// regression in <c>cart</c> (a session cache that never evicts, from half way back, with a
/// version change). Deterministic: the same arguments give the same data.
/// </summary>
public static class DemoData
{
    public const string SpikeService = "checkout";
    public const string RegressionService = "cart";

    private enum Language { Go, Java, Node, Python }

    private static readonly (string Name, Language Language)[] Services =
    [
        ("frontend", Language.Node),
        ("checkout", Language.Go),
        ("cart", Language.Go),
        ("catalog", Language.Go),
        ("payment", Language.Java),
        ("ads", Language.Java),
        ("recommendation", Language.Python),
    ];

    private static readonly string[] Regions = ["eu-west-1", "us-east-1"];

    public static async Task<DemoSummary> Seed(ProfileStore store, DateTimeOffset now, int hours, int seed, int stepSeconds = 30, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hours, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stepSeconds, 1);
        var random = new Random(seed);
        var step = TimeSpan.FromSeconds(stepSeconds);
        var endMs = now.ToUnixTimeMilliseconds() / (stepSeconds * 1000L) * (stepSeconds * 1000L);
        var end = DateTimeOffset.FromUnixTimeMilliseconds(endMs);
        var start = end - TimeSpan.FromHours(hours);
        var spikeStart = Align(end - TimeSpan.FromHours(hours) / 3, step);
        var spikeEnd = spikeStart + TimeSpan.FromMinutes(10);
        var regressionStart = Align(end - TimeSpan.FromHours(hours) / 2, step);
        var incidents = new Incidents(spikeStart, spikeEnd, regressionStart);

        long profiles = 0;
        for (var t = start + step; t <= end; t += step)
        {
            cancellation.ThrowIfCancellationRequested();
            var batch = new List<IngestItem>();
            foreach (var (service, language) in Services)
            {
                for (var pod = 0; pod < 2; pod++)
                {
                    var context = new PodContext(service, pod, t, step, Load(t, random), incidents);
                    batch.AddRange(Generate(language, context, random));
                }
            }
            await store.IngestAsync(batch, cancellation).ConfigureAwait(false);
            profiles += batch.Count;
        }
        return new DemoSummary([.. Services.Select(s => s.Name)], profiles, SpikeService, spikeStart, spikeEnd, RegressionService, regressionStart);
    }

    private static DateTimeOffset Align(DateTimeOffset t, TimeSpan step) =>
        DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds() / (long)step.TotalMilliseconds * (long)step.TotalMilliseconds);

    /// <summary>Traffic: a slow daily wave plus a little noise, around 1.</summary>
    private static double Load(DateTimeOffset t, Random random) =>
        1 + 0.25 * Math.Sin(t.ToUnixTimeSeconds() * 2 * Math.PI / 86_400) + 0.05 * (random.NextDouble() - 0.5);

    private sealed record Incidents(DateTimeOffset SpikeStart, DateTimeOffset SpikeEnd, DateTimeOffset RegressionStart);

    private sealed record PodContext(string Service, int Pod, DateTimeOffset Time, TimeSpan Step, double Load, Incidents Incidents)
    {
        public string Region => Regions[Pod % Regions.Length];

        public long TimeNs => (Time.ToUnixTimeMilliseconds() + Pod * 137) * 1_000_000;

        public bool InSpike => Service == SpikeService && Time >= Incidents.SpikeStart && Time < Incidents.SpikeEnd;

        /// <summary>Minutes the leak has been running (0 before the regression).</summary>
        public double LeakMinutes => Service == RegressionService && Time >= Incidents.RegressionStart ? (Time - Incidents.RegressionStart).TotalMinutes : 0;

        public string Version => Service == RegressionService && Time >= Incidents.RegressionStart ? "v1.9.0" : "v1.8.2";
    }

    private static IEnumerable<IngestItem> Generate(Language language, PodContext c, Random r)
    {
        switch (language)
        {
            case Language.Go:
                yield return GoCpu(c, r);
                yield return GoMemory(c, r);
                yield return Item(c, "gospy", null, Build(r, [("goroutine", "count")], ("goroutine", "count"), 1, c, DemoStacks.GoGoroutines(c.Service), w => [Count(w * 3 * c.Load, r)]));
                yield return Item(c, "gospy", "mutex", GoLocks(c, r));
                yield return Item(c, "gospy", "block", GoLocks(c, r));
                break;
            case Language.Java:
                yield return Item(c, "javaspy", null, Build(r, [("cpu", "nanoseconds")], ("cpu", "nanoseconds"), 10_000_000, c, DemoStacks.JavaCpu(c.Service),
                    w => [Count(w * 2 * c.Load, r) * 10_000_000]));
                yield return Item(c, "javaspy", null, Build(r, [("alloc_in_new_tlab_objects", "count"), ("alloc_in_new_tlab_bytes", "bytes")], ("space", "bytes"), 524_288, c,
                    DemoStacks.JavaAlloc(c.Service), w => { var n = Count(w * 4 * c.Load, r); return [n, n * 2048]; }));
                yield return Item(c, "javaspy", null, Build(r, [("contentions", "count"), ("delay", "nanoseconds")], ("mutex", "count"), 1, c,
                    DemoStacks.JavaLocks(c.Service), w => { var n = Count(w * 0.5 * c.Load, r); return [n, n * 180_000]; }));
                yield return Item(c, "javaspy", null, Build(r, [("exception", "count")], null, 1, c, DemoStacks.JavaExceptions(c.Service), w => [Count(w * 0.3 * c.Load, r)]));
                break;
            case Language.Node:
                yield return Item(c, "nodespy", null, Build(r, [("samples", "count"), ("wall", "nanoseconds")], ("wall", "nanoseconds"), 10_000_000, c,
                    DemoStacks.NodeWall(c.Service), w => { var n = Count(w * 10, r); return [n, n * 10_000_000]; }));
                yield return Item(c, "nodespy", null, Build(r, [("inuse_objects", "count"), ("inuse_space", "bytes")], ("inuse_space", "bytes"), 524_288, c,
                    DemoStacks.NodeWall(c.Service), w => { var n = Count(w * 20, r); return [n, n * 512]; }));
                break;
            default:
                yield return Item(c, "pyspy", null, Build(r, [("cpu", "nanoseconds")], ("cpu", "nanoseconds"), 10_000_000, c,
                    DemoStacks.PythonCpu(c.Service), w => [Count(w * 2 * c.Load, r) * 10_000_000]));
                break;
        }
    }

    private static IngestItem GoCpu(PodContext c, Random r)
    {
        var stacks = DemoStacks.GoCpu(c.Service, grpc: c.Service != "catalog");
        if (c.InSpike)
        {
            stacks = [.. stacks, DemoStacks.Spike(c.Service) with { Weight = 250 }];
        }
        return Item(c, "gospy", null, Build(r, [("samples", "count"), ("cpu", "nanoseconds")], ("cpu", "nanoseconds"), 10_000_000, c, stacks,
            w => { var n = Count(w * 1.5 * c.Load, r); return [n, n * 10_000_000]; }));
    }

    private static IngestItem GoMemory(PodContext c, Random r)
    {
        var stacks = DemoStacks.GoAlloc(c.Service);
        var leak = c.LeakMinutes;
        if (leak > 0)
        {
            stacks = [.. stacks, DemoStacks.Leak(c.Service) with { Weight = -1 }];
        }
        return Item(c, "gospy", null, Build(r, [("alloc_objects", "count"), ("alloc_space", "bytes"), ("inuse_objects", "count"), ("inuse_space", "bytes")],
            ("space", "bytes"), 524_288, c, stacks, w =>
            {
                if (w < 0)
                {
                    // The leak: retained memory grows by ~1.5 MiB a minute and is never freed.
                    var objects = (long)(leak * 300) + 1;
                    return [objects / 10 + 1, (objects / 10 + 1) * 5120, objects, objects * 5120];
                }
                var allocs = Count(w * 40 * c.Load, r);
                var inuse = allocs / 8 + 1;
                return [allocs, allocs * 384, inuse, inuse * 384];
            }));
    }

    private static Hotpath.Engine.Model.Profile GoLocks(PodContext c, Random r) =>
        Build(r, [("contentions", "count"), ("delay", "nanoseconds")], ("contentions", "count"), 1, c, DemoStacks.GoLocks(c.Service),
            w => { var n = Count(w * 0.4 * c.Load, r); return [n, n * 95_000]; });

    private static IngestItem Item(PodContext c, string spy, string? name, Hotpath.Engine.Model.Profile profile)
    {
        var labels = new List<(string, string)>
        {
            ("service_name", c.Service),
            ("namespace", "shop"),
            ("region", c.Region),
            ("pod", $"{c.Service}-{(c.Pod == 0 ? "7d9f8" : "5c6b2")}-{(char)('a' + c.Pod)}x{c.Pod + 4}q"),
            ("version", c.Version),
            ("pyroscope_spy", spy),
        };
        if (name is not null)
        {
            labels.Add(("__name__", name));
        }
        return new IngestItem(LabelSet.Of([.. labels]), profile, c.TimeNs, (long)c.Step.TotalMilliseconds * 1_000_000);
    }

    private static Hotpath.Engine.Model.Profile Build(
        Random r, (string, string)[] types, (string, string)? period, long periodValue, PodContext c, StackTemplate[] stacks, Func<double, long[]> values)
    {
        var b = new ProfileBuilder(types, period, periodValue);
        foreach (var s in stacks)
        {
            var v = values(s.Weight);
            if (v.Any(x => x != 0))
            {
                b.Add(s.Frames, v);
            }
        }
        // Through the pprof writer and reader: the demo ingests real pprof, as an agent would send.
        return PprofReader.Read(PprofWriter.Encode(b.Build(c.TimeNs, (long)c.Step.TotalMilliseconds * 1_000_000)), "demo profile");
    }

    /// <summary>A count around <paramref name="mean"/> (±20 %), never negative.</summary>
    private static long Count(double mean, Random r) => Math.Max(0, (long)Math.Round(mean * (0.8 + 0.4 * r.NextDouble())));
}
