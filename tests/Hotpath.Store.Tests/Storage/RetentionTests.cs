using FluentAssertions;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Selection;
using Hotpath.Store.Labels;
using Hotpath.Store.Storage;
using Hotpath.Store.Tests.Support;
using NUnit.Framework;

namespace Hotpath.Store.Tests.Storage;

public class RetentionTests
{
    private const string SamplesType = "process_cpu:samples:count:cpu:nanoseconds";
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task The_background_sweep_driven_by_the_clock_deletes_profiles_older_than_max_age()
    {
        var clock = new FakeTime(Start);
        using var folder = new TempFolder();
        using var store = ProfileStore.Open(folder.Path, new StoreOptions
        {
            Time = clock,
            MaxAge = TimeSpan.FromHours(1),
            SweepInterval = TimeSpan.FromMinutes(1),
        });
        var now = Start.ToUnixTimeMilliseconds();
        await Ingest(store, "old", now - 2 * 3_600_000);
        await Ingest(store, "both", now - 2 * 3_600_000);
        await Ingest(store, "both", now - 1_800_000);
        await Ingest(store, "new", now - 60_000);

        clock.Advance(TimeSpan.FromSeconds(59));
        store.LastSweep.Should().BeNull("the first sweep is due after one interval");
        clock.Advance(TimeSpan.FromSeconds(1));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (store.LastSweep is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        store.LastSweep.Should().NotBeNull();
        store.LastSweep!.DeletedProfiles.Should().Be(4, "two old profiles × two sample types");
        store.LastSweep.DeletedSeries.Should().Be(2, "service 'old' has nothing left");

        var everything = new TimeRange(now - 3 * 3_600_000, now);
        (await store.LabelValuesAsync("service_name", "{}", everything)).Should().Equal("both", "new");
        (await store.StatsAsync()).OldestProfileTimeMs.Should().Be(now - 1_800_000);
    }

    [Test]
    public async Task A_size_bound_of_zero_deletes_every_profile()
    {
        using var folder = new TempFolder();
        using var store = ProfileStore.Open(folder.Path, new StoreOptions { Time = new FakeTime(Start), SweepInterval = null });
        var t0 = Start.ToUnixTimeMilliseconds() - 3_600_000;
        for (var i = 0; i < 200; i++)
        {
            // Distinct stacks per profile so the profiles (not shared symbols) carry the size.
            var stacks = Enumerable.Range(0, 50).Select(s => ($"main;handler{i};leaf{s}", (long)s + 1)).ToArray();
            await store.IngestAsync(new IngestItem(LabelSet.Of(("service_name", "api")), Profiles.Cpu((t0 + i * 1000L) * 1_000_000, stacks)));
        }
        await using var bounded = await Reopen(store, folder.Path, maxBytes: 0);
        var full = await bounded.SweepAsync();
        full.BytesBefore.Should().BeGreaterThan(0);
        (await bounded.StatsAsync()).DataIngested.Should().BeFalse("a bound of 0 bytes deletes every profile");
    }

    [Test]
    public async Task A_size_bound_keeps_the_newest_profiles_and_ends_under_the_bound()
    {
        using var folder = new TempFolder();
        var t0 = Start.ToUnixTimeMilliseconds() - 3_600_000;
        long sizeBefore;
        using (var store = ProfileStore.Open(folder.Path, new StoreOptions { Time = new FakeTime(Start), SweepInterval = null }))
        {
            for (var i = 0; i < 300; i++)
            {
                var stacks = Enumerable.Range(0, 40).Select(s => ($"main;h{s};x{s * 7}", (long)(i + s + 1))).ToArray();
                await store.IngestAsync(new IngestItem(LabelSet.Of(("service_name", "api")), Profiles.Cpu((t0 + i * 1000L) * 1_000_000, stacks)));
            }
            sizeBefore = (await store.SweepAsync()).BytesAfter;
        }
        var bound = sizeBefore * 6 / 10;
        using var bounded = ProfileStore.Open(folder.Path, new StoreOptions { Time = new FakeTime(Start), SweepInterval = null, MaxBytes = bound });
        var report = await bounded.SweepAsync();
        report.DeletedProfiles.Should().BeGreaterThan(0);
        report.BytesAfter.Should().BeLessThanOrEqualTo(bound);
        var stats = await bounded.StatsAsync();
        stats.NewestProfileTimeMs.Should().Be(t0 + 299_000, "the newest profile is kept");
        stats.OldestProfileTimeMs.Should().BeGreaterThan(t0, "the oldest ones went first");
        new FileInfo(bounded.DatabasePath).Length.Should().BeLessThan(sizeBefore + 4096 * 64, "freed pages are returned to the file system");
    }

    [Test]
    public async Task Stacks_and_names_no_profile_uses_any_more_are_collected()
    {
        var clock = new FakeTime(Start);
        using var folder = new TempFolder();
        using var store = ProfileStore.Open(folder.Path, new StoreOptions { Time = clock, MaxAge = TimeSpan.FromHours(1), SweepInterval = null });
        var now = Start.ToUnixTimeMilliseconds();
        // Old profiles: 10 stacks of their own (old;only{i}) and one shared with the new profile (main;shared).
        for (var i = 0; i < 10; i++)
        {
            await store.IngestAsync(new IngestItem(LabelSet.Of(("service_name", "api")),
                Profiles.Cpu((now - 2 * 3_600_000 + i) * 1_000_000, ($"old;only{i}", 1), ("main;shared", 1))));
        }
        await store.IngestAsync(new IngestItem(LabelSet.Of(("service_name", "api")), Profiles.Cpu((now - 60_000) * 1_000_000, ("main;shared", 2), ("main;fresh", 3))));

        var report = await store.SweepAsync();
        report.DeletedProfiles.Should().Be(20, "ten old uploads × two sample types");
        report.DeletedStacks.Should().Be(10, "old;only0 … old;only9");
        report.DeletedNames.Should().Be(11, "old and only0 … only9; main and shared are still used");

        var range = new TimeRange(now - 3 * 3_600_000, now);
        FoldedFormat.Lines(await store.MergeStacksAsync(SamplesType, "{}", range)).Should().Equal("main;fresh 3", "main;shared 2");
        // Writing after a collection: old stacks come back as new rows, shared ones keep their ids.
        await store.IngestAsync(new IngestItem(LabelSet.Of(("service_name", "api")), Profiles.Cpu((now - 30_000) * 1_000_000, ("old;only3", 5), ("main;shared", 1))));
        FoldedFormat.Lines(await store.MergeStacksAsync(SamplesType, "{}", range)).Should().Equal("main;fresh 3", "main;shared 3", "old;only3 5");
        (await store.SweepAsync()).DeletedStacks.Should().Be(0);
    }

    [Test]
    public async Task Collecting_symbols_while_ingesting_never_deletes_a_stack_in_use()
    {
        using var folder = new TempFolder();
        using var store = ProfileStore.Open(folder.Path, new StoreOptions { Time = new FakeTime(Start), MaxAge = TimeSpan.FromHours(1), SweepInterval = null });
        var now = Start.ToUnixTimeMilliseconds();
        var expected = new Dictionary<string, long>();
        var writing = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var mine = new Dictionary<string, long>();
            for (var i = 0; i < 80; i++)
            {
                // Old uploads (deleted by every sweep) and new ones share a rotating set of stacks, so
                // stacks keep going unreferenced and coming back while the collector runs.
                var old = i % 2 == 0;
                var stack = $"main;w{w};s{i % 5}";
                var time = old ? now - 2 * 3_600_000 + i : now - 60_000 + w * 1000 + i;
                await store.IngestAsync(new IngestItem(LabelSet.Of(("service_name", "api")), Profiles.Cpu(time * 1_000_000, (stack, 1))));
                if (!old)
                {
                    mine[stack] = mine.GetValueOrDefault(stack) + 1;
                }
            }
            return mine;
        })).ToList();
        var sweeps = 0;
        var collected = 0L;
        while (writing.Any(t => !t.IsCompleted))
        {
            collected += (await store.SweepAsync()).DeletedStacks;
            sweeps++;
        }
        foreach (var counts in await Task.WhenAll(writing))
        {
            foreach (var (stack, n) in counts)
            {
                expected[stack] = n;
            }
        }
        collected += (await store.SweepAsync()).DeletedStacks;
        TestContext.Out.WriteLine($"{sweeps} sweeps, {collected} stacks collected");
        sweeps.Should().BeGreaterThan(1);

        var merged = await store.MergeStacksAsync(SamplesType, "{}", new TimeRange(now - 3 * 3_600_000, now));
        FoldedFormat.Lines(merged).Should().Equal(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"));
    }

    private static async Task<ProfileStore> Reopen(ProfileStore store, string path, long maxBytes)
    {
        await store.DisposeAsync();
        return ProfileStore.Open(path, new StoreOptions { Time = new FakeTime(Start), SweepInterval = null, MaxBytes = maxBytes });
    }

    private static Task Ingest(ProfileStore store, string service, long timeMs) =>
        store.IngestAsync(new IngestItem(LabelSet.Of(("service_name", service)), Profiles.Cpu(timeMs * 1_000_000, ("main;work", 1))));
}
