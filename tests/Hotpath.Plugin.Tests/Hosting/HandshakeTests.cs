using FluentAssertions;
using Hotpath.Plugin.Hosting;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Hosting;

public class HandshakeTests
{
    [Test]
    public void Line_IsWhatGoPluginParses()
    {
        var parts = Handshake.Line(43211).Split('|');

        parts.Should().Equal("1", "2", "tcp", "127.0.0.1:43211", "grpc");
    }

    [Test]
    public void CheckEnvironment_Grafana_IsAccepted() =>
        Handshake.CheckEnvironment(Env(("grafana_plugin_type", "datasource"), ("PLUGIN_PROTOCOL_VERSIONS", "1,2"))).Should().BeNull();

    [Test]
    public void CheckEnvironment_NoProtocolVersionsVariable_IsAccepted() =>
        Handshake.CheckEnvironment(Env(("grafana_plugin_type", "datasource"))).Should().BeNull();

    [TestCase(null, null, "grafana_plugin_type is not set")]
    [TestCase("app", null, "grafana_plugin_type is 'app', expected 'datasource'")]
    [TestCase("datasource", "1", "PLUGIN_PROTOCOL_VERSIONS is '1'")]
    public void CheckEnvironment_NotGrafana_SaysWhy(string? cookie, string? versions, string expected) =>
        Handshake.CheckEnvironment(Env(("grafana_plugin_type", cookie), ("PLUGIN_PROTOCOL_VERSIONS", versions))).Should().Contain(expected);

    private static Func<string, string?> Env(params (string Key, string? Value)[] values) =>
        key => values.FirstOrDefault(v => v.Key == key).Value;
}
