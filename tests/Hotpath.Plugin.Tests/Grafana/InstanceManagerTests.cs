using System.Diagnostics;
using FluentAssertions;
using Google.Protobuf;
using Hotpath.Plugin.Grafana;
using Hotpath.Plugin.Protocol.PluginV2;
using Hotpath.Query.Stores;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Grafana;

public class InstanceManagerTests
{
    private static readonly HttpClient Http = new();
    private string _folder = null!;
    private StoreRegistry _stores = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = Path.Combine(Path.GetTempPath(), "hotpath-instances-" + Guid.NewGuid().ToString("N"));
        _stores = new StoreRegistry();
    }

    [TearDown]
    public void TearDown()
    {
        _stores.Dispose();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private InstanceManager Manager(TimeSpan? retireAfter = null) => new(_folder, _stores, Http, TimeProvider.System, retireAfter ?? TimeSpan.Zero);

    private static PluginContext App(long orgId, long lastUpdated, string jsonData = "{}") => new()
    {
        OrgId = orgId,
        PluginId = "hotpath-profiles-app",
        AppInstanceSettings = new AppInstanceSettings { JsonData = ByteString.CopyFromUtf8(jsonData), LastUpdatedMS = lastUpdated },
    };

    [Test]
    public void Get_SameSettingsVersion_ReusesTheInstance()
    {
        var manager = Manager();

        manager.Get(App(1, 10)).Should().BeSameAs(manager.Get(App(1, 10)));
    }

    [Test]
    public void Get_SettingsUpdated_BuildsANewInstanceFromTheNewSettings()
    {
        var manager = Manager();
        var before = manager.Get(App(1, 10));

        var after = manager.Get(App(1, 11, """{"storePath": "/elsewhere"}"""));

        after.Should().NotBeSameAs(before);
        after.Settings.StorePath.Should().Be("/elsewhere");
        manager.Count.Should().Be(1);
        before.IsClosed.Should().BeTrue("nothing used the replaced instance");
    }

    [Test]
    public void Get_GrafanaConfigChanged_BuildsANewInstance()
    {
        var manager = Manager();
        var context = App(1, 10);
        var before = manager.Get(context);
        context.GrafanaConfig["GF_APP_URL"] = "http://grafana:3000/";

        manager.Get(context).Should().NotBeSameAs(before);
    }

    [Test]
    public void Get_EachOrgAndDataSource_HasItsOwnInstance()
    {
        var manager = Manager();
        var dataSource = new PluginContext
        {
            OrgId = 1,
            PluginId = "hotpath-profiles-datasource",
            DataSourceInstanceSettings = new DataSourceInstanceSettings { Uid = "ds1", LastUpdatedMS = 10 },
        };

        var instances = new[] { manager.Get(App(1, 10)), manager.Get(App(2, 10)), manager.Get(dataSource) };

        instances.Distinct().Should().HaveCount(3);
        instances.Should().OnlyContain(i => i.Settings.DefaultSource.Uid == "embedded");
    }

    [Test]
    public void Get_NoSettingsRowYet_UsesDefaults()
    {
        // Grafana sends empty jsonData and Go's zero time as lastUpdatedMS for an app never configured.
        var context = App(1, -62135596800000, "");

        Manager().Get(context).Settings.StorePath.Should().Be(_folder);
    }

    [Test]
    public async Task EveryOrg_OnTheSameStorePath_SharesOneOpenStore()
    {
        var manager = Manager();
        using var org1 = manager.Use(App(1, 10));
        using var org2 = manager.Use(App(2, 10));

        await org1.Instance.Source(null).StatsAsync(CancellationToken.None);
        await org2.Instance.Source(null).StatsAsync(CancellationToken.None);

        org1.Instance.Store.Should().NotBeNull().And.BeSameAs(org2.Instance.Store);
        _stores.OpenCount.Should().Be(1);
        _stores.LeasesOn(_folder).Should().Be(2);
    }

    [Test]
    public async Task SettingsChange_DuringARequest_TheRequestKeepsItsInstanceAndStoreUntilItEnds()
    {
        var manager = Manager();
        var request = manager.Use(App(1, 10));
        var running = request.Instance;
        await running.Source(null).StatsAsync(CancellationToken.None);

        using var next = manager.Use(App(1, 11, $$"""{"storePath": "{{_folder.Replace("\\", "\\\\")}}/"}"""));

        next.Instance.Should().NotBeSameAs(running);
        running.IsClosed.Should().BeFalse();
        (await running.Source(null).StatsAsync(CancellationToken.None)).DataIngested.Should().BeFalse("the running request still reads its store");
        await next.Instance.Source(null).StatsAsync(CancellationToken.None);
        next.Instance.Store.Should().BeSameAs(running.Store, "the successor shares the folder's open store");

        request.Dispose();

        running.IsClosed.Should().BeTrue();
        _stores.LeasesOn(_folder).Should().Be(1, "only the successor holds the store now");
        (await next.Instance.Source(null).StatsAsync(CancellationToken.None)).DataIngested.Should().BeFalse();
    }

    [Test]
    public async Task SettingsChange_WithARetirementDelay_TheReplacedInstanceClosesOnlyAfterIt()
    {
        var manager = Manager(TimeSpan.FromMilliseconds(300));
        var old = manager.Get(App(1, 10));
        await old.Source(null).StatsAsync(CancellationToken.None);

        manager.Get(App(1, 11)).Should().NotBeSameAs(old);

        old.IsClosed.Should().BeFalse("a caller that read it with Get may still be using it");
        var watch = Stopwatch.StartNew();
        while (!old.IsClosed && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }
        old.IsClosed.Should().BeTrue();
        watch.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(200));
        _stores.OpenCount.Should().Be(0, "the new instance has not needed the store yet");
    }

    [Test]
    public void Use_AfterTheInstanceClosed_GetsItsSuccessor()
    {
        var manager = Manager();
        var first = manager.Get(App(1, 10));
        manager.Get(App(1, 11));
        first.IsClosed.Should().BeTrue();

        using var use = manager.Use(App(1, 11));

        use.Instance.Should().NotBeSameAs(first);
        use.Instance.IsClosed.Should().BeFalse();
    }
}
