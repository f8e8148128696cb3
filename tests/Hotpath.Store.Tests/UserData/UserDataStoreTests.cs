using FluentAssertions;
using Hotpath.Engine.Selection;
using Hotpath.Store.Labels;
using Hotpath.Store.Sqlite;
using Hotpath.Store.Storage;
using Hotpath.Store.Tests.Support;
using Hotpath.Store.UserData;
using NUnit.Framework;

namespace Hotpath.Store.Tests.UserData;

public class UserDataStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly Owner Alice = new(1, "alice");
    private static readonly Owner Bob = new(1, "bob");
    private static readonly Owner AliceElsewhere = new(2, "alice");

    private static long NowMs => Now.ToUnixTimeMilliseconds();

    private static ProfileStore Open(TempFolder folder, FakeTime time, TimeSpan? maxAge = null) =>
        ProfileStore.Open(folder.Path, new StoreOptions { Time = time, SweepInterval = null, MaxAge = maxAge });

    private static AdhocProfileRow Upload(string id, long at, string name = "cpu.pb.gz") =>
        new(id, name, ["process_cpu:cpu:nanoseconds:cpu:nanoseconds", "process_cpu:samples:count:cpu:nanoseconds"], at, at + 3_600_000);

    [Test]
    public async Task AdhocUploads_RoundTripTheirBytes_PerOwner_AndSurviveReopening()
    {
        using var folder = new TempFolder();
        var time = new FakeTime(Now);
        var body = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();
        using (var store = Open(folder, time))
        {
            await store.UserData.SaveAdhocAsync(Alice, Upload("a1", NowMs), body);
            await store.UserData.SaveAdhocAsync(Alice, Upload("a2", NowMs + 1000, "heap.pb"), new byte[] { 1, 2, 3 });
            await store.UserData.SaveAdhocAsync(Bob, Upload("b1", NowMs), new byte[] { 9 });
        }

        using var reopened = Open(folder, time);
        var list = await reopened.UserData.ListAdhocAsync(Alice, NowMs + 2000);
        list.Select(r => r.Id).Should().Equal("a2", "a1");
        list[1].Should().BeEquivalentTo(Upload("a1", NowMs));
        var (row, bytes) = (await reopened.UserData.GetAdhocAsync(Alice, "a1"))!.Value;
        row.Name.Should().Be("cpu.pb.gz");
        bytes.Should().Equal(body);
        (await reopened.UserData.GetAdhocAsync(Bob, "a1")).Should().BeNull("an upload belongs to its owner");
        (await reopened.UserData.GetAdhocAsync(AliceElsewhere, "a1")).Should().BeNull();
        (await reopened.UserData.ListAdhocAsync(Bob, NowMs)).Select(r => r.Id).Should().Equal("b1");
    }

    [Test]
    public async Task ExpiredUploads_LeaveTheList_AndTheSweepDeletesThem_WithoutProfileRetention()
    {
        using var folder = new TempFolder();
        var time = new FakeTime(Now);
        using var store = Open(folder, time);
        await store.UserData.SaveAdhocAsync(Alice, Upload("old", NowMs - 3_000_000), new byte[] { 1 });
        await store.UserData.SaveAdhocAsync(Alice, Upload("new", NowMs), new byte[] { 2 });

        (await store.UserData.ListAdhocAsync(Alice, NowMs + 599_999)).Select(r => r.Id).Should().Equal("new", "old");
        (await store.UserData.ListAdhocAsync(Alice, NowMs + 600_000)).Select(r => r.Id).Should().Equal(new[] { "new" }, "an upload is gone at its expiry time");
        (await store.UserData.GetAdhocAsync(Alice, "old")).Should().NotBeNull("expired rows stay readable until swept, so callers can say 'expired'");

        time.Advance(TimeSpan.FromMinutes(11));
        var report = await store.SweepAsync();

        report.DeletedAdhocProfiles.Should().Be(1);
        report.DeletedProfiles.Should().Be(0);
        (await store.UserData.GetAdhocAsync(Alice, "old")).Should().BeNull();
        (await store.UserData.GetAdhocAsync(Alice, "new")).Should().NotBeNull();
    }

    [Test]
    public async Task TheBackgroundSweep_DeletesExpiredUploads_WithNoProfileRetentionConfigured()
    {
        using var folder = new TempFolder();
        var time = new FakeTime(Now);
        using var store = ProfileStore.Open(folder.Path, new StoreOptions { Time = time, SweepInterval = TimeSpan.FromMinutes(1) });
        await store.UserData.SaveAdhocAsync(Alice, Upload("soon", NowMs), new byte[] { 1 });

        time.Advance(TimeSpan.FromMinutes(61));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await store.UserData.GetAdhocAsync(Alice, "soon") is not null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        (await store.UserData.GetAdhocAsync(Alice, "soon")).Should().BeNull();
    }

    [Test]
    public async Task SavingAnUpload_PurgesExpiredOnes()
    {
        using var folder = new TempFolder();
        using var store = Open(folder, new FakeTime(Now));
        await store.UserData.SaveAdhocAsync(Bob, Upload("stale", NowMs - 4_000_000), new byte[] { 1 });

        await store.UserData.SaveAdhocAsync(Alice, Upload("fresh", NowMs), new byte[] { 2 });

        (await store.UserData.GetAdhocAsync(Bob, "stale")).Should().BeNull();
    }

    [Test]
    public async Task Favorites_DeduplicateByContent_AreBoundedPerOwner_AndDeleteOnlyTheOwners()
    {
        using var folder = new TempFolder();
        using var store = Open(folder, new FakeTime(Now));
        var first = await store.UserData.AddFavoriteAsync(Alice, new FavoriteRow("f1", "k1", "{\"view\":\"service\"}", 10), maxPerOwner: 2);
        var same = await store.UserData.AddFavoriteAsync(Alice, new FavoriteRow("f2", "k1", "{\"view\":\"service\"}", 20), maxPerOwner: 2);
        var second = await store.UserData.AddFavoriteAsync(Alice, new FavoriteRow("f3", "k2", "{}", 30), maxPerOwner: 2);
        var full = await store.UserData.AddFavoriteAsync(Alice, new FavoriteRow("f4", "k3", "{}", 40), maxPerOwner: 2);
        var bobs = await store.UserData.AddFavoriteAsync(Bob, new FavoriteRow("f5", "k1", "{}", 50), maxPerOwner: 2);

        first.Created.Should().BeTrue();
        same.Should().Be(new FavoriteAddResult(new FavoriteRow("f1", "k1", "{\"view\":\"service\"}", 10), Created: false, Full: false));
        second.Created.Should().BeTrue();
        full.Full.Should().BeTrue();
        full.Row.Should().BeNull();
        bobs.Created.Should().BeTrue("the same content is another favorite for another user");
        (await store.UserData.ListFavoritesAsync(Alice)).Select(f => f.Id).Should().Equal("f3", "f1");

        (await store.UserData.DeleteFavoriteAsync(Bob, "f1")).Should().BeFalse();
        (await store.UserData.DeleteFavoriteAsync(Alice, "f1")).Should().BeTrue();
        (await store.UserData.DeleteFavoriteAsync(Alice, "f1")).Should().BeFalse();
        (await store.UserData.ListFavoritesAsync(Alice)).Select(f => f.Id).Should().Equal("f3");
    }

    [Test]
    public async Task Settings_AreReplacedPerOwner_AndSurviveProfileRetention()
    {
        using var folder = new TempFolder();
        var time = new FakeTime(Now);
        using (var store = Open(folder, time, maxAge: TimeSpan.FromMinutes(1)))
        {
            (await store.UserData.GetSettingsAsync(Alice)).Should().BeNull();
            await store.UserData.PutSettingsAsync(Alice, "{\"a\":1}", NowMs);
            await store.UserData.PutSettingsAsync(Alice, "{\"a\":2}", NowMs);
            await store.UserData.PutSettingsAsync(AliceElsewhere, "{\"b\":1}", NowMs);
            await store.UserData.AddFavoriteAsync(Alice, new FavoriteRow("f1", "k", "{}", 1), 10);
            await store.IngestAsync(new IngestItem(LabelSet.Of(("service_name", "api")), Profiles.Cpu(NowMs * 1_000_000, ("main;work", 5L))));
            time.Advance(TimeSpan.FromHours(1));
            (await store.SweepAsync()).DeletedProfiles.Should().Be(2, "one profile row per sample type");
        }

        using var reopened = Open(folder, time);
        (await reopened.UserData.GetSettingsAsync(Alice)).Should().Be("{\"a\":2}");
        (await reopened.UserData.GetSettingsAsync(AliceElsewhere)).Should().Be("{\"b\":1}");
        (await reopened.UserData.GetSettingsAsync(Bob)).Should().BeNull();
        (await reopened.UserData.ListFavoritesAsync(Alice)).Should().HaveCount(1);
    }

    [Test]
    public async Task AVersion1Store_GainsTheUserDataTablesOnOpen_AndKeepsItsProfiles()
    {
        using var folder = new TempFolder();
        var time = new FakeTime(Now);
        string path;
        using (var store = Open(folder, time))
        {
            path = store.DatabasePath;
            await store.IngestAsync(new IngestItem(LabelSet.Of(("service_name", "api")), Profiles.Cpu(NowMs * 1_000_000, ("main;work", 5L))));
        }
        OldStores.MakeVersion1(path);

        using var reopened = Open(folder, time);

        (await reopened.MergeStacksAsync("process_cpu:cpu:nanoseconds:cpu:nanoseconds", "{}", new TimeRange(NowMs - 1000, NowMs + 1000))).Values.ToArray().Should().Equal(5 * 10_000_000L);
        await reopened.UserData.PutSettingsAsync(Alice, "{}", NowMs);
        (await reopened.UserData.GetSettingsAsync(Alice)).Should().Be("{}");
        using var check = SqliteConnection.Open(path, readOnly: true);
        check.ScalarText("SELECT value FROM meta WHERE key = 'schema_version'").Should().Be("3");
        reopened.OpenReport.MigratedFromVersion.Should().Be(1);
    }

    [Test]
    public void AStoreOfANewerVersion_IsRefused()
    {
        using var folder = new TempFolder();
        string path;
        using (var store = Open(folder, new FakeTime(Now)))
        {
            path = store.DatabasePath;
        }
        using (var db = SqliteConnection.Open(path, readOnly: false))
        {
            db.Execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'");
        }

        var open = () => Open(folder, new FakeTime(Now));

        open.Should().Throw<StoreCorruptException>().WithMessage("*has schema version 4; this build reads versions 1 to 3");
    }

    [Test]
    public async Task Adhoc_KeepsAtMostTheOwnersNewestUploads_OthersUntouched()
    {
        using var folder = new TempFolder();
        using var store = Open(folder, new FakeTime(Now));
        await store.UserData.SaveAdhocAsync(Bob, Upload("b1", NowMs), new byte[] { 9 }, keepPerOwner: 3);
        for (var i = 1; i <= 5; i++)
        {
            await store.UserData.SaveAdhocAsync(Alice, Upload($"a{i}", NowMs + i), new byte[] { (byte)i }, keepPerOwner: 3);
        }

        (await store.UserData.ListAdhocAsync(Alice, NowMs + 10)).Select(r => r.Id).Should().Equal("a5", "a4", "a3");
        (await store.UserData.GetAdhocAsync(Alice, "a1")).Should().BeNull("the oldest uploads past the cap are dropped");
        (await store.UserData.ListAdhocAsync(Bob, NowMs + 10)).Select(r => r.Id).Should().Equal("b1");
    }
}
