using FluentAssertions;
using Hotpath.Engine.Selection;
using Hotpath.Store.Labels;
using Hotpath.Store.Storage;
using Hotpath.Store.Tests.Support;
using NUnit.Framework;

namespace Hotpath.Store.Tests.Storage;

/// <summary>
/// One writer per store folder, any number of readers — across real processes: the writer is
/// Hotpath.Store.CrashWriter in a child process, this test process the second one.
/// </summary>
public class TwoProcessTests
{
    private const string Cpu = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
    private static readonly StoreOptions Quiet = new() { SweepInterval = null, IntegrityCheckInterval = null };

    [Test]
    public async Task A_second_writer_is_refused_naming_the_holder_and_a_reader_sees_new_series_and_profiles()
    {
        using var folder = new TempFolder();
        var startMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000 * 1000 - 3_600_000;
        var range = new TimeRange(startMs, startMs + 1_000_000);
        using var writer = WriterProcess.Start(folder.Path, startMs, 1, seriesEvery: 5);
        await writer.NextAckAsync();

        var second = () => ProfileStore.Open(folder.Path, Quiet);
        var locked = second.Should().Throw<StoreLockedException>().Which;
        locked.HolderPid.Should().Be(writer.Pid);
        locked.Message.Should().Be($"store '{folder.Path}' is in use: process {writer.Pid} holds its writer lock " +
            $"({Path.Combine(folder.Path, "hotpath.lock")}); stop that process, or open the store read-only");

        using var reader = ProfileStore.Open(folder.Path, Quiet with { Access = StoreAccess.WriteIfFree });
        reader.IsReadOnly.Should().BeTrue();
        reader.OpenReport.ReadOnly.Should().BeTrue();
        reader.OpenReport.WriterPid.Should().Be(writer.Pid);
        var write = () => reader.IngestAsync(new IngestItem(LabelSet.Of(("service_name", "x")), Profiles.Cpu(startMs * 1_000_000, ("a", 1L))));
        (await write.Should().ThrowAsync<StoreReadOnlyException>()).Which.Message.Should()
            .Be($"store '{folder.Path}' is open read-only in this process: process {writer.Pid} is its writer; send writes to that process");
        var favorite = () => reader.UserData.PutSettingsAsync(new Hotpath.Store.UserData.Owner(1, "a"), "{}", startMs);
        await favorite.Should().ThrowAsync<StoreReadOnlyException>();

        // Every write the writer acknowledged is visible to the next query here, new series included.
        for (var n = 0; n < 12; n++)
        {
            var i = await writer.NextAckAsync();
            var t = startMs + i * 1000L;
            var point = await reader.SelectSeriesAsync(new SeriesQuery(Cpu, "{service_name=\"crash\"}", new TimeRange(t, t), 1));
            point.Should().ContainSingle().Which.Points.Should().Equal(new SeriesPoint(t, i + 1));
            var batches = await reader.LabelValuesAsync("batch", "{}", range);
            batches.Should().Contain((i / 5).ToString(System.Globalization.CultureInfo.InvariantCulture), $"write {i} made series batch={i / 5}");
            var merged = await reader.MergeStacksAsync(Cpu, $"{{batch=\"{i / 5}\"}}", new TimeRange(t, t));
            Hotpath.Engine.Folded.FoldedFormat.Lines(merged).Should().Equal($"main;work;step{i % 50} {i + 1}");
        }

        // The lock dies with its process: after a kill -9 this process can become the writer.
        var acked = await writer.KillAsync();
        using var next = ProfileStore.Open(folder.Path, Quiet);
        next.IsReadOnly.Should().BeFalse();
        next.OpenReport.CleanShutdown.Should().BeFalse();
        var last = acked.Count > 0 ? acked.Max() : 0;
        (await next.SelectSeriesAsync(new SeriesQuery(Cpu, "{}", new TimeRange(startMs + last * 1000L, startMs + last * 1000L), 1)))
            .Should().ContainSingle("the last acknowledged write survives the kill");
    }

    [Test]
    public void A_second_writer_in_the_same_process_is_refused_too()
    {
        using var folder = new TempFolder();
        using var first = ProfileStore.Open(folder.Path, Quiet);
        var second = () => ProfileStore.Open(folder.Path, Quiet);
        second.Should().Throw<StoreLockedException>().Which.HolderPid.Should().Be(Environment.ProcessId);
    }

    [Test]
    public void A_read_only_open_of_a_folder_without_a_store_names_it()
    {
        using var folder = new TempFolder();
        var open = () => ProfileStore.Open(folder.Path, Quiet with { Access = StoreAccess.Read });
        open.Should().Throw<IOException>().WithMessage($"no store in '{folder.Path}' yet: *");
    }

    [Test]
    public async Task A_reader_follows_the_writers_retention()
    {
        using var folder = new TempFolder();
        var clock = new FakeTime(DateTimeOffset.UtcNow);
        var nowMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        using var writer = ProfileStore.Open(folder.Path, Quiet with { Time = clock, MaxAge = TimeSpan.FromHours(1) });
        await writer.IngestAsync(new IngestItem(LabelSet.Of(("service_name", "old")), Profiles.Cpu((nowMs - 7_200_000) * 1_000_000, ("a", 1L))));
        await writer.IngestAsync(new IngestItem(LabelSet.Of(("service_name", "new")), Profiles.Cpu((nowMs - 60_000) * 1_000_000, ("a", 1L))));
        using var reader = ProfileStore.Open(folder.Path, Quiet with { Access = StoreAccess.Read, Time = clock });
        var all = new TimeRange(nowMs - 10_000_000, nowMs);
        (await reader.LabelValuesAsync("service_name", "{}", all)).Should().Equal("new", "old");

        (await writer.SweepAsync()).DeletedSeries.Should().Be(2, "both sample types of the old upload");

        (await reader.LabelValuesAsync("service_name", "{}", all)).Should().Equal("new");
        (await reader.SeriesAsync("{service_name=\"old\"}", all)).Should().BeEmpty();
    }
}
