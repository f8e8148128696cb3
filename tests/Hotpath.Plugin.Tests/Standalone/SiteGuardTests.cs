using FluentAssertions;
using Hotpath.Plugin.Standalone;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Standalone;

/// <summary>The decision alone, for every kind of Host and Origin a browser or an agent sends.</summary>
public class SiteGuardTests
{
    private static readonly SiteGuard Default = new([], []);

    [TestCase("127.0.0.1:4040")]
    [TestCase("127.0.0.1")]
    [TestCase("[::1]:4040")]
    [TestCase("localhost:4040")]
    [TestCase("LOCALHOST:4040")]
    [TestCase("hotpath.localhost:4040")]
    [TestCase("192.168.1.20:4040")]
    [TestCase("")]
    public void ServedHosts_AreAnswered(string host) =>
        Default.Check("GET", host, null, null).Should().BeNull();

    [TestCase("attacker.example:4040", "attacker.example")]
    [TestCase("attacker.example", "attacker.example")]
    [TestCase("localhost.attacker.example:4040", "localhost.attacker.example")]
    [TestCase("127.0.0.1.nip.io:4040", "127.0.0.1.nip.io")]
    public void OtherNames_Are421_NamingTheFlag(string host, string name)
    {
        var refusal = Default.Check("GET", host, null, null);

        refusal.Should().NotBeNull();
        refusal!.Value.Status.Should().Be(421);
        refusal.Value.Message.Should().Contain($"'{host}'").And.Contain($"--allowed-hosts {name}");
    }

    [Test]
    public void AllowedHosts_AreAnswered_AndStarAnswersAny()
    {
        var guard = new SiteGuard(["profiles.internal", "Hotpath.Example"], []);

        guard.Check("POST", "profiles.internal:4040", null, null).Should().BeNull();
        guard.Check("GET", "hotpath.example", null, null).Should().BeNull();
        guard.Check("GET", "other.internal:4040", null, null)!.Value.Status.Should().Be(421);
        new SiteGuard(["*"], []).Check("GET", "anything.example:1", null, null).Should().BeNull();
    }

    [TestCase("POST", "https://evil.example", null)]
    [TestCase("PUT", "http://127.0.0.1:4041", null)]
    [TestCase("DELETE", "http://localhost:4040", null)] // another name is another origin, even for the same socket
    [TestCase("POST", "null", null)]                     // sandboxed frames and file: pages
    [TestCase("POST", null, "cross-site")]
    [TestCase("POST", null, "same-site")]
    public void StateChangingRequestsFromOtherSites_Are403(string method, string? origin, string? fetchSite)
    {
        var refusal = Default.Check(method, "127.0.0.1:4040", origin, fetchSite);

        refusal.Should().NotBeNull();
        refusal!.Value.Status.Should().Be(403);
        refusal.Value.Message.Should().Contain("--cors-origin");
    }

    [TestCase("POST", "http://127.0.0.1:4040", null)]
    [TestCase("POST", null, "same-origin")]
    [TestCase("POST", null, "none")]   // typed in the address bar, a bookmark
    [TestCase("POST", null, null)]     // agents, curl, Grafana's backend
    [TestCase("GET", "https://evil.example", "cross-site")]
    [TestCase("HEAD", "https://evil.example", null)]
    [TestCase("OPTIONS", "https://evil.example", null)]
    public void SameSiteRequests_AgentsAndReads_GoOn(string method, string? origin, string? fetchSite) =>
        Default.Check(method, "127.0.0.1:4040", origin, fetchSite).Should().BeNull();

    [Test]
    public void CorsOrigins_MayChangeState_OthersMayNot()
    {
        var guard = new SiteGuard([], ["https://grafana.example.com/"]);

        guard.Check("POST", "127.0.0.1:4040", "https://grafana.example.com", null).Should().BeNull();
        guard.IsCorsOrigin("https://GRAFANA.example.com").Should().BeTrue();
        guard.IsCorsOrigin("https://grafana.example.com:8443").Should().BeFalse();
        guard.Check("POST", "127.0.0.1:4040", "https://grafana.example.com:8443", null)!.Value.Status.Should().Be(403);
        Default.IsCorsOrigin("https://grafana.example.com").Should().BeFalse();
    }

    [TestCase("example.com:4040", "example.com")]
    [TestCase("example.com", "example.com")]
    [TestCase("[::1]:4040", "[::1]")]
    [TestCase("[::1]", "[::1]")]
    public void HostName_DropsThePort(string host, string name) =>
        SiteGuard.HostName(host).Should().Be(name);
}
