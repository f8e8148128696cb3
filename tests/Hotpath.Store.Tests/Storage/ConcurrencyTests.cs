using FluentAssertions;
using Hotpath.Engine.Selection;
using Hotpath.Store.Labels;
using Hotpath.Store.Storage;
using Hotpath.Store.Tests.Support;
using NUnit.Framework;

namespace Hotpath.Store.Tests.Storage;

public class ConcurrencyTests
{
    private const string SamplesType = "process_cpu:samples:count:cpu:nanoseconds";
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Concurrent_ingest_and_queries_see_every_acknowledged_write_and_never_go_backwards()
    {
        using var folder = new TempFolder();
        using var store = ProfileStore.Open(folder.Path, new StoreOptions { Time = new FakeTime(Now) });
        var t0 = Now.ToUnixTimeMilliseconds() - 3_600_000;
        var range = new TimeRange(t0, t0 + 3_600_000);
        const int writers = 4;
        const int perWriter = 60;
        var acknowledged = 0L;
        var stop = new CancellationTokenSource();

        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            var lastSeen = 0d;
            var queries = 0;
            while (!stop.IsCancellationRequested)
            {
                var before = Interlocked.Read(ref acknowledged);
                var series = await store.SelectSeriesAsync(new SeriesQuery(SamplesType, "{}", range, 3600));
                var total = series.Sum(s => s.Points.Sum(p => p.Value));
                total.Should().BeGreaterThanOrEqualTo(lastSeen, "a later query never sees less");
                total.Should().BeGreaterThanOrEqualTo(before, "every write acknowledged before the query started is visible");
                lastSeen = total;
                await store.MergeStacksAsync(SamplesType, "{service_name=\"svc1\"}", range);
                queries++;
            }
            return queries;
        })).ToList();

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                var p = Profiles.Cpu((t0 + (w * perWriter + i) * 1000L) * 1_000_000, ($"main;w{w};f{i % 7}", 1));
                await store.IngestAsync(new IngestItem(LabelSet.Of(("service_name", $"svc{w}")), p));
                Interlocked.Increment(ref acknowledged);
            }
        })));
        stop.Cancel();
        var queryCounts = await Task.WhenAll(readers);
        queryCounts.Should().OnlyContain(q => q > 0);

        var final = await store.SelectSeriesAsync(new SeriesQuery(SamplesType, "{}", range, 3600) { GroupBy = ["service_name"] });
        final.Select(s => s.Points.Sum(p => p.Value)).Should().Equal(perWriter, perWriter, perWriter, perWriter);
    }

    [Test]
    public async Task A_full_queue_makes_callers_wait_then_fail_with_store_busy()
    {
        using var folder = new TempFolder();
        using var store = ProfileStore.Open(folder.Path, new StoreOptions
        {
            Time = new FakeTime(Now),
            WriteQueueCapacity = 1,
            MaxWritesPerCommit = 1,
            BusyTimeout = TimeSpan.Zero,
        });
        var t0 = Now.ToUnixTimeMilliseconds() - 600_000;
        var attempts = Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            var p = Profiles.Cpu((t0 + i) * 1_000_000, ($"main;f{i}", 1));
            try
            {
                await store.IngestAsync(new IngestItem(LabelSet.Of(("service_name", "busy")), p));
                return (string?)null;
            }
            catch (StoreBusyException e)
            {
                return e.Message;
            }
        })).ToList();
        var outcomes = await Task.WhenAll(attempts);
        var busy = outcomes.Where(m => m is not null).ToList();
        busy.Should().NotBeEmpty("200 simultaneous writes cannot all fit a queue of one");
        busy[0].Should().Be("store busy: 1 writes are already queued and none finished within 0 s; retry later");
        var stored = await store.SelectSeriesAsync(new SeriesQuery(SamplesType, "{}", new TimeRange(t0, t0 + 3_600_000), 3600));
        stored.Single().Points.Sum(p => p.Value).Should().Be(outcomes.Count(m => m is null), "exactly the acknowledged writes are stored");
    }
}
