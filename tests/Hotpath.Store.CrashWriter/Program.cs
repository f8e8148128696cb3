using System.Globalization;
using Hotpath.Store.Demo;
using Hotpath.Store.Labels;
using Hotpath.Store.Storage;

// Usage: Hotpath.Store.CrashWriter <store folder> <start ms> <writers> [<series every>]
// Write i (i = 0, 1, 2, …) stores one CPU profile at start + i seconds whose only stack is
// main;work;step<i mod 50> with value i + 1, then prints "ack <i>" — only after IngestAsync
// returned, i.e. after the write is durable. The parent test kills this process with SIGKILL.
// With <series every> = N, write i also carries the label batch=<i / N>: a new series every N writes.
var folder = args[0];
var startMs = long.Parse(args[1], CultureInfo.InvariantCulture);
var writers = int.Parse(args[2], CultureInfo.InvariantCulture);
var seriesEvery = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 0;

using var store = ProfileStore.Open(folder, new StoreOptions { SweepInterval = null });
Console.Out.WriteLine("ready " + store.OpenReport);
Console.Out.Flush();
var next = -1;
var output = new object();

await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
{
    while (true)
    {
        var i = Interlocked.Increment(ref next);
        var profile = new ProfileBuilder([("cpu", "nanoseconds")], ("cpu", "nanoseconds"), 10_000_000)
            .Add(["main", "work", $"step{i % 50}"], [i + 1])
            .Build((startMs + i * 1000L) * 1_000_000, 1_000_000_000);
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
})));
