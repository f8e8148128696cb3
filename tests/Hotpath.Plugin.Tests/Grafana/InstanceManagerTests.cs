using FluentAssertions;
using Google.Protobuf;
using Hotpath.Plugin.Grafana;
using Hotpath.Plugin.Protocol.PluginV2;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Grafana;

public class InstanceManagerTests
{
    private static PluginContext App(long orgId, long lastUpdated, string jsonData = "{}") => new()
    {
        OrgId = orgId,
        PluginId = "hotpath-profiles-app",
        AppInstanceSettings = new AppInstanceSettings { JsonData = ByteString.CopyFromUtf8(jsonData), LastUpdatedMS = lastUpdated },
    };

    [Test]
    public void Get_SameSettingsVersion_ReusesTheInstance()
    {
        var manager = new InstanceManager("/tmp/store");

        manager.Get(App(1, 10)).Should().BeSameAs(manager.Get(App(1, 10)));
    }

    [Test]
    public void Get_SettingsUpdated_BuildsANewInstanceFromTheNewSettings()
    {
        var manager = new InstanceManager("/tmp/store");
        var before = manager.Get(App(1, 10));

        var after = manager.Get(App(1, 11, """{"storePath": "/elsewhere"}"""));

        after.Should().NotBeSameAs(before);
        after.Settings.StorePath.Should().Be("/elsewhere");
        manager.Count.Should().Be(1);
    }

    [Test]
    public void Get_GrafanaConfigChanged_BuildsANewInstance()
    {
        var manager = new InstanceManager("/tmp/store");
        var context = App(1, 10);
        var before = manager.Get(context);
        context.GrafanaConfig["GF_APP_URL"] = "http://grafana:3000/";

        manager.Get(context).Should().NotBeSameAs(before);
    }

    [Test]
    public void Get_EachOrgAndDataSource_HasItsOwnInstance()
    {
        var manager = new InstanceManager("/tmp/store");
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

        new InstanceManager("/tmp/store").Get(context).Settings.StorePath.Should().Be("/tmp/store");
    }
}
