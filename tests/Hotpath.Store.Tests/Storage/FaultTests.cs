using System.Diagnostics;
using FluentAssertions;
using Hotpath.Engine.Selection;
using Hotpath.Store.Labels;
using Hotpath.Store.Storage;
using Hotpath.Store.Tests.Support;
using NUnit.Framework;

namespace Hotpath.Store.Tests.Storage;

public class FaultTests
{
    private const string Cpu = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
    private static readonly StoreOptions Quiet = new() { SweepInterval = null, IntegrityCheckInterval = null };

    private static IngestItem Item(long timeMs, int i, int stacks = 20) => new(
        LabelSet.Of(("service_name", "api")),
        Profiles.Cpu(timeMs * 1_000_000, [.. Enumerable.Range(0, stacks).Select(s => ($"main;handler{i % 7};work{i};leaf{s}", (long)s + 1))]));

    /// <summary>
    /// A real full disk: an 8 MiB tmpfs (needs root to mount; skipped elsewhere, as the reason says).
    /// Acknowledged data stays, the failed write is a StoreFullException, reads go on, writes resume
    /// once space is freed, and a store closed on the full disk opens again on it and serves reads.
    /// </summary>
    [Test]
    public async Task A_full_disk_refuses_writes_keeps_reads_and_resumes_by_itself()
    {
        using var mount = SmallDisk.Mount(8);
        var folder = Path.Combine(mount.Path, "store");
        var filler = Path.Combine(mount.Path, "filler");
        var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 3_600_000;
        var acked = new List<int>();
        using (var store = ProfileStore.Open(folder, Quiet))
        {
            for (var i = 0; i < 20; i++)
            {
                await store.IngestAsync(Item(t0 + i * 1000L, i));
                acked.Add(i);
            }
            SmallDisk.Fill(filler);

            StoreFullException? full = null;
            for (var i = 20; i < 400 && full is null; i++)
            {
                try
                {
                    await store.IngestAsync(Item(t0 + i * 1000L, i, stacks: 200));
                    acked.Add(i);
                }
                catch (StoreFullException e)
                {
                    full = e;
                }
            }
            full.Should().NotBeNull("the disk filled up");
            full!.Message.Should().StartWith($"store database '{store.DatabasePath}' is full: no space left on its disk.");

            await ExpectAll(store, t0, acked);
            var blocked = () => store.IngestAsync(Item(t0 + 500_000, 500));
            await blocked.Should().ThrowAsync<StoreFullException>();

            File.Delete(filler);
            await store.IngestAsync(Item(t0 + 501_000, 501));
            acked.Add(501);
            await ExpectAll(store, t0, acked);
        }

        // Stopped, then the disk filled up: the store opens read-only, reads are served, writes refused as full.
        SmallDisk.Fill(filler);
        using (var store = ProfileStore.Open(folder, Quiet))
        {
            TestContext.Out.WriteLine(store.OpenReport.ToString());
            store.IsReadOnly.Should().BeTrue();
            store.OpenReport.ToString().Should().StartWith("opened store read-only (its disk is full)");
            await ExpectAll(store, t0, acked);
            var write = () => store.IngestAsync(Item(t0 + 600_000, 600));
            (await write.Should().ThrowAsync<StoreFullException>()).Which.Message.Should()
                .Be($"store '{folder}' was opened read-only because its disk was full; free space and open it again (restart) to write");
        }
        // With space again, the next open is the writer.
        File.Delete(filler);
        using (var store = ProfileStore.Open(folder, Quiet))
        {
            store.IsReadOnly.Should().BeFalse();
            await store.IngestAsync(Item(t0 + 601_000, 601));
            acked.Add(601);
            await ExpectAll(store, t0, acked);
        }
        ProfileStore.Check(folder).Ok.Should().BeTrue();
    }

    private static async Task ExpectAll(ProfileStore store, long t0, List<int> acked)
    {
        var points = (await store.SelectSeriesAsync(new SeriesQuery(Cpu, "{}", new TimeRange(t0, t0 + 1_000_000), 1))).Single().Points;
        points.Select(p => p.TimestampMs).Should().Equal(acked.Select(i => t0 + i * 1000L));
    }

    [Test]
    public async Task The_write_ahead_log_stays_bounded_under_constant_reads()
    {
        using var folder = new TempFolder();
        const long limit = 64 * 1024;
        using var store = ProfileStore.Open(folder.Path, Quiet with { CheckpointWalBytes = limit });
        var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 3_600_000;
        var wal = store.DatabasePath + "-wal";
        using var stop = new CancellationTokenSource();
        // Two readers, back to back, for the whole run: some snapshot always holds the log.
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            long reads = 0;
            while (!stop.IsCancellationRequested)
            {
                await store.MergeStacksAsync(Cpu, "{}", new TimeRange(t0, t0 + 1_000_000));
                reads++;
            }
            return reads;
        })).ToArray();
        long largest = 0;
        long written = 0;
        for (var i = 0; i < 200; i++)
        {
            await store.IngestAsync(Item(t0 + i * 1000L, i, stacks: 100));
            largest = Math.Max(largest, new FileInfo(wal).Length);
            written = new FileInfo(store.DatabasePath).Length;
        }
        await stop.CancelAsync();
        var reads = (await Task.WhenAll(readers)).Sum();

        TestContext.Out.WriteLine($"reads {reads}, checkpoints {store.WalCheckpoints}, largest log {largest} bytes, database {written} bytes");
        store.WalCheckpoints.Should().BeGreaterThan(0);
        // Without the writer's checkpoints the log holds everything written since the readers
        // started: the whole database here. With them, the limit plus what commits add meanwhile.
        var database = new FileInfo(store.DatabasePath).Length;
        database.Should().BeGreaterThan(16 * limit);
        largest.Should().BeLessThan(database / 2, "the writer truncates the log past its limit even while readers hold it");
    }

    [Test]
    public async Task Times_past_the_year_2262_are_refused_as_bad_input()
    {
        using var folder = new TempFolder();
        using var store = ProfileStore.Open(folder.Path, Quiet);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var past2262 = new DateTimeOffset(2263, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

        var series = () => store.SelectSeriesAsync(new SeriesQuery(Cpu, "{}", new TimeRange(now, past2262), 15));
        (await series.Should().ThrowAsync<ArgumentOutOfRangeException>()).Which.Message.Should()
            .Be($"time range {now}..{past2262} ms is outside the times the store can represent (nanoseconds since 1970 in 64 bits: 1677-09-21 to 2262-04-11T23:47:16.853Z)");
        var merge = () => store.MergeStacksAsync(Cpu, "{}", new TimeRange(now, long.MaxValue));
        await merge.Should().ThrowAsync<ArgumentOutOfRangeException>();
        var labels = () => store.LabelNamesAsync("{}", new TimeRange(long.MinValue + 1, now));
        await labels.Should().ThrowAsync<ArgumentOutOfRangeException>();
        // The last representable millisecond is fine.
        (await store.MergeStacksAsync(Cpu, "{}", new TimeRange(now, TimeRange.MaxMs))).Count.Should().Be(0);
    }
}

/// <summary>A tmpfs of fixed size, mounted for one test (root only) and unmounted after.</summary>
internal sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path) => Path = path;

    public string Path { get; }

    public static SmallDisk Mount(int megabytes)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "hotpath-small-disk-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        var (code, error) = Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path);
        if (code != 0)
        {
            Directory.Delete(path);
            Assert.Ignore($"cannot mount a {megabytes} MiB tmpfs to fill (needs root): {error.Trim()}");
        }
        return new SmallDisk(path);
    }

    /// <summary>Writes zeros to <paramref name="file"/> until the disk has no byte left.</summary>
    public static void Fill(string file)
    {
        // Unbuffered: every write reaches the file system at once, and closing has nothing left to flush.
        using var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        var block = new byte[64 * 1024];
        try
        {
            while (true)
            {
                stream.Write(block);
                stream.Flush();
            }
        }
        catch (IOException)
        {
            // Full, with a partial block perhaps written; fill the last bytes one by one.
        }
        try
        {
            while (true)
            {
                stream.WriteByte(0);
                stream.Flush();
            }
        }
        catch (IOException)
        {
            // Not a byte left.
        }
    }

    public void Dispose()
    {
        Run("umount", Path);
        Directory.Delete(Path, recursive: true);
    }

    private static (int Code, string Error) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        try
        {
            using var p = Process.Start(start)!;
            var error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, error);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
