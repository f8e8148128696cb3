using System.Globalization;
using Hotpath.Store.Demo;
using Hotpath.Store.Labels;
using Hotpath.Store.Storage;

// Usage: Hotpath.Store.CrashWriter <store folder> <start ms> <writers> [<series every>]
// Write i (i = 0, 1, 2, …) stores one CPU profile at start + i seconds whose only stack is
// main;work;step<i mod 50> with value i + 1, then prints "ack <i>" — only after IngestAsync
// returned, i.e. after the write is durable. The parent test kills this process with SIGKILL.
// With <series every> = N, write i also carries the label batch=<i / N>: a new series every N writes.
// With "sweep" last, retention runs all the time beside the writes (MaxAge 30 min, "sweep <profiles>
// <stacks>" printed after each): even writes are two hours old (deleted by the next sweep, their
// stacks collected), odd ones are kept; every write has a stack of its own, main;work;step<i>.
var folder = args[0];
var startMs = long.Parse(args[1], CultureInfo.InvariantCulture);
var writers = int.Parse(args[2], CultureInfo.InvariantCulture);
var seriesEvery = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 0;
var sweep = args.Length > 4 && args[4] == "sweep";

using var store = ProfileStore.Open(folder, new StoreOptions { SweepInterval = null, MaxAge = sweep ? TimeSpan.FromMinutes(30) : null });
Console.Out.WriteLine("ready " + store.OpenReport);
Console.Out.Flush();
var next = -1;
var output = new object();

var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
var sweeper = Task.Run(async () =>
{
    while (sweep)
    {
        var report = await store.SweepAsync();
        lock (output)
        {
            Console.Out.WriteLine($"sweep {report.DeletedProfiles} {report.DeletedStacks}");
            Console.Out.Flush();
        }
    }
});

await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
{
    while (true)
    {
        var i = Interlocked.Increment(ref next);
        var profile = new ProfileBuilder([("cpu", "nanoseconds")], ("cpu", "nanoseconds"), 10_000_000)
            .Add(["main", "work", $"step{(sweep ? i : i % 50)}"], [i + 1])
            .Build((sweep && i % 2 == 0 ? nowMs - 7_200_000 + i : startMs + i * 1000L) * 1_000_000, 1_000_000_000);
        var labels = seriesEvery > 0
            ? LabelSet.Of(("service_name", "crash"), ("writer", "w"), ("batch", (i / seriesEvery).ToString(CultureInfo.InvariantCulture)))
            : LabelSet.Of(("service_name", "crash"), ("writer", "w"));
        await store.IngestAsync(new IngestItem(labels, profile));
        lock (output)
        {
            Console.Out.WriteLine("ack " + i.ToString(CultureInfo.InvariantCulture));
            Console.Out.Flush();
        }
    }
})).Append(sweeper));
