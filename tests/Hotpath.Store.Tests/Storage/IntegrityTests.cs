using FluentAssertions;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Selection;
using Hotpath.Store.Labels;
using Hotpath.Store.Sqlite;
using Hotpath.Store.Storage;
using Hotpath.Store.Tests.Support;
using NUnit.Framework;

namespace Hotpath.Store.Tests.Storage;

/// <summary>
/// Damage to the database file is reported as <see cref="StoreCorruptException"/> naming the store —
/// never answered as a wrong number, never an IndexOutOfRange from a decoder.
/// </summary>
public class IntegrityTests
{
    private const string Cpu = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
    private static readonly long T0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000 * 1000 - 600_000;
    private static readonly TimeRange All = new(T0 - 1000, T0 + 1_000_000);

    private static StoreOptions Options => new() { SweepInterval = null, IntegrityCheckInterval = null };

    /// <summary>100 profiles of 30 stacks each; profile i has the stacks main;f{i};g{s} with s + 1 samples.</summary>
    private static async Task<string> Fill(string folder)
    {
        using var store = ProfileStore.Open(folder, Options);
        for (var i = 0; i < 100; i++)
        {
            var stacks = Enumerable.Range(0, 30).Select(s => ($"main;f{i};g{s}", (long)s + 1)).ToArray();
            await store.IngestAsync(new IngestItem(LabelSet.Of(("service_name", "api")), Profiles.Cpu((T0 + i * 1000L) * 1_000_000, stacks)));
        }
        return store.DatabasePath;
    }

    /// <summary>Profile row 2: the CPU sample type of the first upload (row 1 is its sample count).</summary>
    private static byte[] SamplesOfFirstCpuProfile(string path)
    {
        using var db = SqliteConnection.Open(path, readOnly: true);
        var s = db.Prepare("SELECT samples FROM profiles WHERE id = 2");
        s.Step().Should().BeTrue();
        var blob = s.Blob(0).ToArray();
        s.Reset();
        return blob;
    }

    [Test]
    public async Task One_changed_byte_in_a_sample_row_on_disk_is_reported_not_answered()
    {
        using var folder = new TempFolder();
        var path = await Fill(folder.Path);
        var blob = SamplesOfFirstCpuProfile(path);
        var file = await File.ReadAllBytesAsync(path);
        // The last byte is the last row's zig-zagged value (< 0x80): +2 adds one sample — still a
        // perfectly decodable row, the silently wrong number the checksum exists for. Every copy
        // is changed (a page freed by a B-tree split may still hold an old one).
        var copies = 0;
        for (var at = file.AsSpan().IndexOf(blob); at >= 0; at = file.AsSpan().IndexOf(blob))
        {
            file[at + blob.Length - 1].Should().BeLessThan(0x7E);
            file[at + blob.Length - 1] += 2;
            copies++;
        }
        copies.Should().BeGreaterThan(0, "the sample row is stored as is in a page of the file");
        await File.WriteAllBytesAsync(path, file);

        using var store = ProfileStore.Open(folder.Path, Options);
        store.OpenReport.IntegrityCheck.Should().Be("skipped (clean shutdown)", "SQLite's own check cannot see a changed value");
        var merge = () => store.MergeStacksAsync(Cpu, "{}", All);
        (await merge.Should().ThrowAsync<StoreCorruptException>()).Which.Message.Should()
            .StartWith($"store database '{path}' is damaged (the profile of series ").And.Contain("failed its checksum")
            .And.Contain($"gpx_hotpath store check --data {folder.Path}");
        var callSite = () => store.SelectSeriesAsync(new SeriesQuery(Cpu, "{}", All, 1) { CallSite = ["main", "f0"] });
        await callSite.Should().ThrowAsync<StoreCorruptException>();
        // Profiles the damage does not touch still answer.
        var later = await store.MergeStacksAsync(Cpu, "{}", new TimeRange(T0 + 1000, T0 + 1_000_000));
        later.Values.ToArray().Sum().Should().Be(99 * Enumerable.Range(1, 30).Sum() * 10_000_000L);

        var report = await store.CheckAsync();
        report.Ok.Should().BeFalse();
        report.SqliteCheck.Should().Be("ok");
        report.Problems.Should().ContainSingle().Which.Should().Contain("failed its checksum");
        store.LastCheck.Should().BeSameAs(report);
    }

    [Test]
    public async Task A_changed_total_is_reported_by_the_series_query_that_reads_only_the_index()
    {
        using var folder = new TempFolder();
        var path = await Fill(folder.Path);
        using (var db = SqliteConnection.Open(path, readOnly: false))
        {
            db.Execute("UPDATE profiles SET total = total + 1 WHERE id = 8");
        }

        using var store = ProfileStore.Open(folder.Path, Options);
        var series = () => store.SelectSeriesAsync(new SeriesQuery(Cpu, "{}", All, 1));
        (await series.Should().ThrowAsync<StoreCorruptException>()).Which.Message.Should().Contain("index entry").And.Contain("failed its checksum");
        var report = ProfileStore.Check(folder.Path);
        report.Problems.Should().ContainSingle().Which.Should().Contain("failed its checksum");
    }

    [Test]
    public async Task Garbage_over_pages_after_a_clean_stop_is_never_served_as_data()
    {
        using var folder = new TempFolder();
        var path = await Fill(folder.Path);
        var expected = Enumerable.Range(0, 100).ToDictionary(i => T0 + i * 1000L, _ => (double)Enumerable.Range(1, 30).Sum() * 10_000_000L);
        var file = await File.ReadAllBytesAsync(path);
        for (var i = file.Length / 3; i < file.Length / 3 + 4096; i++)
        {
            file[i] = (byte)(i * 31);
        }
        await File.WriteAllBytesAsync(path, file);

        StoreOpenReport? opened = null;
        try
        {
            using var store = ProfileStore.Open(folder.Path, Options);
            opened = store.OpenReport;
            // Whatever each query meets, it answers the true numbers or says the store is damaged.
            try
            {
                var points = (await store.SelectSeriesAsync(new SeriesQuery(Cpu, "{}", All, 1))).Single().Points;
                points.Should().OnlyContain(p => expected[p.TimestampMs] == p.Value);
            }
            catch (StoreCorruptException e)
            {
                e.Message.Should().StartWith($"store database '{path}' is damaged");
            }
            try
            {
                var merged = await store.MergeStacksAsync(Cpu, "{}", All);
                FoldedFormat.Lines(merged).Should().HaveCount(3000);
            }
            catch (StoreCorruptException e)
            {
                e.Message.Should().StartWith($"store database '{path}' is damaged");
            }
        }
        catch (StoreCorruptException e)
        {
            // Damage to the series table is found while the open loads the catalog.
            e.Message.Should().StartWith($"store database '{path}' is damaged");
        }
        TestContext.Out.WriteLine(opened?.ToString() ?? "open refused");

        var report = ProfileStore.Check(folder.Path);
        TestContext.Out.WriteLine(report.ToString());
        report.Ok.Should().BeFalse("the check command finds the damage");
    }

    [Test]
    public async Task A_healthy_store_checks_ok_and_counts_its_rows()
    {
        using var folder = new TempFolder();
        await Fill(folder.Path);

        var report = ProfileStore.Check(folder.Path);

        report.Ok.Should().BeTrue(report.ToString());
        report.SqliteCheck.Should().Be("ok");
        report.Series.Should().Be(2);
        report.Profiles.Should().Be(200);
        report.Stacks.Should().Be(3000);
        report.ToString().Should().EndWith("every row matches its checksum");
    }

    [Test]
    public void Checking_a_folder_without_a_store_names_it()
    {
        using var folder = new TempFolder();
        var check = () => ProfileStore.Check(folder.Path);
        check.Should().Throw<IOException>().WithMessage($"no store in '{folder.Path}': *hotpath.db' does not exist");
    }

    [Test]
    public async Task A_version_2_store_is_migrated_its_rows_checksummed_and_then_damage_is_found()
    {
        using var folder = new TempFolder();
        var path = await Fill(folder.Path);
        OldStores.MakeVersion2(path);

        using (var store = ProfileStore.Open(folder.Path, Options))
        {
            store.OpenReport.MigratedFromVersion.Should().Be(2);
            store.OpenReport.IntegrityCheck.Should().Be("ok", "a store is checked before a migration rewrites its rows");
            store.OpenReport.ToString().Should().Contain("migrated from schema version 2");
            (await store.MergeStacksAsync(Cpu, "{}", All)).Values.ToArray().Sum().Should().Be(100 * Enumerable.Range(1, 30).Sum() * 10_000_000L);
            (await store.CheckAsync()).Ok.Should().BeTrue();
        }
        using (var db = SqliteConnection.Open(path, readOnly: false))
        {
            db.Execute("UPDATE stacks SET frames = x'010203' WHERE id = 5");
        }
        using var reopened = ProfileStore.Open(folder.Path, Options);
        reopened.OpenReport.MigratedFromVersion.Should().BeNull();
        var merge = () => reopened.MergeStacksAsync(Cpu, "{}", All);
        (await merge.Should().ThrowAsync<StoreCorruptException>()).Which.Message.Should().Contain("stack 5 failed its checksum");
    }

    [Test]
    public async Task A_damaged_upload_is_reported_not_returned()
    {
        using var folder = new TempFolder();
        var owner = new Hotpath.Store.UserData.Owner(1, "alice");
        string path;
        using (var store = ProfileStore.Open(folder.Path, Options))
        {
            path = store.DatabasePath;
            await store.UserData.SaveAdhocAsync(owner, new Hotpath.Store.UserData.AdhocProfileRow("u1", "cpu.pb.gz", ["t"], T0, T0 + 3_600_000), new byte[] { 1, 2, 3, 4 });
        }
        using (var db = SqliteConnection.Open(path, readOnly: false))
        {
            db.Execute("UPDATE adhoc_profiles SET body = x'01020305'");
        }
        using var reopened = ProfileStore.Open(folder.Path, Options);
        var get = () => reopened.UserData.GetAdhocAsync(owner, "u1");
        (await get.Should().ThrowAsync<StoreCorruptException>()).Which.Message.Should().Contain("ad hoc upload u1 failed its checksum");
    }
}
