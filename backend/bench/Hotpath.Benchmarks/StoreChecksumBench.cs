using System.Diagnostics;
using Hotpath.Store.Demo;
using Hotpath.Store.Sqlite;
using Hotpath.Store.Storage;
using Hotpath.Store.Storage.Integrity;
using Hotpath.Store.Storage.Symbols;

namespace Hotpath.Benchmarks;

/// <summary>
/// `-- store-checksums`: the CPU the row checksums add to the store's read path. Seeds a store with
/// two hours of demo data, reads every profile row into memory, then times, alternating A and B
/// in rounds (the machine is shared: the minimum of each over the rounds is reported):
/// A = decode every sample row into stack sums (what MergeStacks does per row), B = verify the row's
/// CRC-32C, then decode. Also times the SelectSeries path's check (three longs per index entry).
/// </summary>
internal static class StoreChecksumBench
{
    private sealed record Row(long SeriesId, long TimeNs, long DurationNs, long Period, long Total, byte[] Samples, long Crc);

    public static void Run()
    {
        var folder = Path.Combine(Path.GetTempPath(), "hotpath-bench-checksums-" + Guid.NewGuid().ToString("N"));
        try
        {
            string path;
            using (var store = ProfileStore.Open(folder, new StoreOptions { SweepInterval = null, IntegrityCheckInterval = null }))
            {
                DemoData.Seed(store, DateTimeOffset.UtcNow, hours: 2, seed: 1).GetAwaiter().GetResult();
                path = store.DatabasePath;
            }
            var rows = new List<Row>();
            using (var db = SqliteConnection.Open(path, readOnly: true))
            {
                var s = db.Prepare("SELECT series_id, time_ns, duration_ns, period, total, samples, crc FROM profiles");
                while (s.Step())
                {
                    rows.Add(new Row(s.Long(0), s.Long(1), s.Long(2), s.Long(3), s.Long(4), s.Blob(5).ToArray(), s.Long(6)));
                }
                s.Reset();
            }
            var bytes = rows.Sum(r => (long)r.Samples.Length);
            Console.WriteLine($"{rows.Count} profile rows, {bytes / 1024} KiB of sample rows (mean {bytes / rows.Count} bytes)");

            var sums = new Dictionary<long, long>();
            double Decode(bool verify)
            {
                var clock = Stopwatch.StartNew();
                for (var rep = 0; rep < 5; rep++)
                {
                    foreach (var r in rows)
                    {
                        if (verify && Checksums.Profile(r.SeriesId, r.TimeNs, r.DurationNs, r.Period, r.Total, r.Samples) != r.Crc)
                        {
                            throw new InvalidOperationException("checksum mismatch in a fresh store");
                        }
                        sums.Clear();
                        SampleRows.AddTo(r.Samples, sums);
                    }
                }
                return clock.Elapsed.TotalMilliseconds * 1e6 / (5.0 * rows.Count);
            }
            double Heads(bool verify)
            {
                var clock = Stopwatch.StartNew();
                long sink = 0;
                for (var rep = 0; rep < 200; rep++)
                {
                    foreach (var r in rows)
                    {
                        sink += verify ? Checksums.ProfileHead(r.SeriesId, r.TimeNs, r.Total) : r.Total;
                    }
                }
                GC.KeepAlive(sink);
                return clock.Elapsed.TotalMilliseconds * 1e6 / (200.0 * rows.Count);
            }

            Decode(false);
            Decode(true);
            double a = double.MaxValue, b = double.MaxValue, ha = double.MaxValue, hb = double.MaxValue;
            for (var round = 0; round < 10; round++)
            {
                a = Math.Min(a, Decode(false));
                b = Math.Min(b, Decode(true));
                ha = Math.Min(ha, Heads(false));
                hb = Math.Min(hb, Heads(true));
            }
            Console.WriteLine($"sample row: decode {a:0} ns, checksum + decode {b:0} ns per row (+{(b - a) / a * 100:0.0} %)");
            Console.WriteLine($"index entry (SelectSeries): {ha:0.0} ns without, {hb:0.0} ns with the check (+{hb - ha:0.0} ns per profile)");
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Left in the temp folder.
            }
        }
    }
}
