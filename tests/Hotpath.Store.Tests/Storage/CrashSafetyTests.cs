using FluentAssertions;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Selection;
using Hotpath.Store.Storage;
using Hotpath.Store.Tests.Support;
using NUnit.Framework;

namespace Hotpath.Store.Tests.Storage;

/// <summary>
/// A child process ingests in a loop and prints each acknowledged write; the test kills it with
/// SIGKILL mid-stream, reopens the store and checks that every acknowledged write is there.
/// </summary>
public class CrashSafetyTests
{
    private const string SamplesType = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";

    [TestCase(1, 40)]
    [TestCase(4, 120)]
    public async Task Every_acknowledged_write_survives_kill_minus_nine(int writers, int killAfterAcks)
    {
        using var folder = new TempFolder();
        var startMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000 * 1000 - 3_600_000;
        var acked = new List<int>();
        for (var round = 0; round < 2; round++)
        {
            // Two crashes in a row: the second run appends to a store recovered from the first.
            var roundStart = startMs + round * 1_000_000;
            acked.AddRange((await RunAndKill(folder.Path, roundStart, writers, killAfterAcks)).Select(i => i + round * 1000));
        }

        using var store = ProfileStore.Open(folder.Path);
        TestContext.Out.WriteLine(store.OpenReport.ToString());
        store.OpenReport.IntegrityCheck.Should().Be("ok");
        store.OpenReport.CleanShutdown.Should().BeFalse("the writer was killed");
        var series = await store.SelectSeriesAsync(new SeriesQuery(SamplesType, "{service_name=\"crash\"}", new TimeRange(startMs, startMs + 2_000_000), 1));
        var points = series.Single().Points.ToDictionary(p => p.TimestampMs, p => p.Value);
        foreach (var id in acked)
        {
            var i = id % 1000;
            var t = startMs + id / 1000 * 1_000_000 + i * 1000L;
            points.Should().ContainKey(t, $"write {id} was acknowledged before the kill");
            points[t].Should().Be(i + 1);
            var stacks = await store.MergeStacksAsync(SamplesType, "{}", new TimeRange(t, t));
            FoldedFormat.Lines(stacks).Should().Equal($"main;work;step{i % 50} {i + 1}");
        }
        acked.Should().HaveCountGreaterThanOrEqualTo(2 * killAfterAcks);
    }

    [Test]
    public async Task Kill_minus_nine_during_retention_and_symbol_collection_keeps_every_kept_write_whole()
    {
        using var folder = new TempFolder();
        var startMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000 * 1000 - 600_000;
        var kept = new List<(int Round, int I)>();
        for (var round = 0; round < 2; round++)
        {
            // Odd writes are inside the retention age and stay; even ones are deleted by the next sweep.
            using var writer = WriterProcess.Start(folder.Path, startMs + round * 1_000_000, 1, sweep: true);
            var acked = new List<int>();
            while (writer.Collections < 3 + round)
            {
                acked.Add(await writer.NextAckAsync());
            }
            acked.AddRange(await writer.KillAsync());
            kept.AddRange(acked.Where(i => i % 2 == 1).Select(i => (round, i)));
        }

        var report = ProfileStore.Check(folder.Path);
        report.Ok.Should().BeTrue(report.ToString());
        using var store = ProfileStore.Open(folder.Path, new StoreOptions { SweepInterval = null });
        store.OpenReport.IntegrityCheck.Should().Be("ok");
        foreach (var (round, i) in kept)
        {
            var t = startMs + round * 1_000_000 + i * 1000L;
            var stacks = await store.MergeStacksAsync(SamplesType, "{}", new TimeRange(t, t));
            FoldedFormat.Lines(stacks).Should().Equal([$"main;work;step{i} {i + 1}"], $"write {i} of run {round} was acknowledged and is inside the retention age");
        }
        kept.Should().NotBeEmpty();
    }

    [Test]
    public async Task A_write_ahead_log_truncated_after_kill_minus_nine_is_not_taken_for_a_clean_stop()
    {
        using var folder = new TempFolder();
        var startMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000 * 1000 - 3_600_000;
        await RunAndKill(folder.Path, startMs, 1, 20);
        var wal = Path.Combine(folder.Path, ProfileStore.DatabaseFileName + "-wal");
        new FileInfo(wal).Length.Should().BeGreaterThan(0, "the killed writer left its log");
        using (var log = new FileStream(wal, FileMode.Open, FileAccess.Write))
        {
            log.SetLength(0);
        }

        using var store = ProfileStore.Open(folder.Path);

        store.OpenReport.CleanShutdown.Should().BeFalse("the marker in the database file still says a writer had it open");
        store.OpenReport.IntegrityCheck.Should().Be("ok", "an unclean stop is checked, whatever the log looks like");
        store.OpenReport.ToString().Should().Contain("the previous run did not stop cleanly");
    }

    [Test]
    public void A_clean_close_is_recognised_and_skips_the_check()
    {
        using var folder = new TempFolder();
        using (ProfileStore.Open(folder.Path))
        {
        }
        using (var first = ProfileStore.Open(folder.Path))
        {
            first.OpenReport.CleanShutdown.Should().BeTrue();
            first.OpenReport.IntegrityCheck.Should().Be("skipped (clean shutdown)");
        }
    }

    private static async Task<List<int>> RunAndKill(string folder, long startMs, int writers, int killAfterAcks)
    {
        using var writer = WriterProcess.Start(folder, startMs, writers);
        var acked = new List<int>();
        while (acked.Count < killAfterAcks)
        {
            acked.Add(await writer.NextAckAsync());
        }
        // Acks already printed before the kill count too.
        acked.AddRange(await writer.KillAsync());
        return acked;
    }
}
