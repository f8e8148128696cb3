using System.Text;
using FluentAssertions;
using Hotpath.Query.Settings;
using NUnit.Framework;

namespace Hotpath.Query.Tests.Settings;

public class HotpathSettingsTests
{
    private static readonly Dictionary<string, string> NoSecrets = new();

    private static HotpathSettings Parse(string json, IReadOnlyDictionary<string, string>? secrets = null) =>
        HotpathSettings.Parse(Encoding.UTF8.GetBytes(json), secrets ?? NoSecrets, "/default/store");

    [TestCase("")]
    [TestCase("  ")]
    [TestCase("null")]
    [TestCase("\n\tnull\r\n")]
    [TestCase("{}")]
    [TestCase("{\"dataSources\": []}")]
    [TestCase("{\"dataSources\": null}")]
    public void Parse_NoSourcesConfigured_GivesTheEmbeddedStoreAsDefault(string json)
    {
        var settings = Parse(json);

        settings.DataSources.Should().ContainSingle();
        settings.DefaultSource.Kind.Should().Be(DataSourceKind.Embedded);
        settings.DefaultSource.Uid.Should().Be("embedded");
        settings.StorePath.Should().Be("/default/store");
    }

    [Test]
    public void Parse_FullConfiguration_ReadsEveryFieldAndMatchesSecretsByUid()
    {
        var secrets = new Dictionary<string, string>
        {
            ["prod.bearerToken"] = "token-1",
            ["staging.basicAuthPassword"] = "pw-2",
        };
        var settings = Parse("""
            {"storePath": "/data/hp",
             "dataSources": [
               {"uid": "embedded", "kind": "embedded"},
               {"uid": "prod", "name": "Production", "kind": "pyroscope", "url": "https://profiles.example.com/base", "tenant": "team-a", "default": true, "timeoutSeconds": 12.5},
               {"uid": "staging", "kind": "pyroscope", "url": "http://pyro:4040", "basicAuthUser": "alice"}
             ]}
            """, secrets);

        settings.StorePath.Should().Be("/data/hp");
        settings.DataSources.Select(s => s.Uid).Should().Equal("embedded", "prod", "staging");
        settings.DefaultSource.Uid.Should().Be("prod");
        var prod = settings.DataSources[1];
        prod.Name.Should().Be("Production");
        prod.Url.Should().Be(new Uri("https://profiles.example.com/base"));
        prod.Tenant.Should().Be("team-a");
        prod.Timeout.Should().Be(TimeSpan.FromSeconds(12.5));
        prod.BearerToken.Should().Be("token-1");
        prod.BasicAuthPassword.Should().BeNull();
        var staging = settings.DataSources[2];
        staging.Name.Should().Be("staging", "the uid names a source without a name");
        staging.BasicAuthUser.Should().Be("alice");
        staging.BasicAuthPassword.Should().Be("pw-2");
        staging.Timeout.Should().Be(HotpathSettings.DefaultTimeout);
    }

    [Test]
    public void Parse_NoSourceMarkedDefault_MakesTheFirstOneDefault()
    {
        var settings = Parse("""{"dataSources": [{"uid": "a", "url": "http://a:4040"}, {"uid": "b", "url": "http://b:4040"}]}""");

        settings.DataSources.Where(s => s.IsDefault).Select(s => s.Uid).Should().Equal("a");
    }

    [Test]
    public void ToString_NeverShowsCredentials()
    {
        var settings = Parse("""{"dataSources": [{"uid": "prod", "url": "http://user:inline@pyro:4040", "basicAuthUser": "bob"}]}""",
            new Dictionary<string, string> { ["prod.basicAuthPassword"] = "hunter2", ["prod.bearerToken"] = "tok-3" });

        var text = settings.ToString() + settings.DataSources[0];

        settings.DataSources[0].ToString().Should().NotContain("hunter2").And.NotContain("tok-3");
        text.Should().NotContain("hunter2").And.NotContain("tok-3").And.NotContain("inline");
    }

    [Test]
    public void Parse_CredentialsInTheUrl_BecomeBasicAuthAndLeaveTheUrl()
    {
        var settings = Parse("""{"dataSources": [{"uid": "p", "url": "https://us%40r:p%3Ass@pyro.example.com:4040/base"}]}""");

        var source = settings.DataSources[0];
        source.Url.Should().Be(new Uri("https://pyro.example.com:4040/base"));
        source.BasicAuthUser.Should().Be("us@r");
        source.BasicAuthPassword.Should().Be("p:ss");
        source.HasCredentials.Should().BeTrue();
    }

    [TestCase("not json", "jsonData is not valid JSON")]
    [TestCase("[1, 2]", "jsonData must be a JSON object, not Array")]
    [TestCase("{\"dataSources\": {}}", "jsonData.dataSources must be an array")]
    [TestCase("{\"dataSources\": [3]}", "jsonData.dataSources[0] must be an object")]
    [TestCase("{\"dataSources\": [{\"uid\": \"x\", \"kind\": \"influx\"}]}", "jsonData.dataSources[0].kind must be 'embedded' or 'pyroscope', not 'influx'")]
    [TestCase("{\"dataSources\": [{\"url\": \"http://a\"}]}", "jsonData.dataSources[0].uid is required")]
    [TestCase("{\"dataSources\": [{\"uid\": \"a b\", \"url\": \"http://a\"}]}", "jsonData.dataSources[0].uid 'a b' must be 1 to 64 letters")]
    [TestCase("{\"dataSources\": [{\"uid\": \"p\"}]}", "jsonData.dataSources[0].url is required for a pyroscope source")]
    [TestCase("{\"dataSources\": [{\"uid\": \"p\", \"url\": \"ftp://x\"}]}", "jsonData.dataSources[0].url 'ftp://x' must be an absolute http or https URL")]
    [TestCase("{\"dataSources\": [{\"uid\": \"p\", \"url\": \"pyro:4040\"}]}", "jsonData.dataSources[0].url 'pyro:4040' must be an absolute http or https URL")]
    [TestCase("{\"dataSources\": [{\"uid\": \"p\", \"url\": \"http://x\", \"timeoutSeconds\": -1}]}", "jsonData.dataSources[0].timeoutSeconds must be a number of seconds in (0, 600]")]
    [TestCase("{\"dataSources\": [{\"uid\": \"p\", \"url\": \"http://x\", \"tenant\": 5}]}", "jsonData.dataSources[0].tenant must be a string")]
    [TestCase("{\"dataSources\": [{\"uid\": \"p\", \"url\": \"http://x\"}, {\"uid\": \"p\", \"url\": \"http://y\"}]}", "uid 'p' is used more than once")]
    [TestCase("{\"dataSources\": [{\"uid\": \"p\", \"url\": \"http://x\", \"default\": true}, {\"uid\": \"q\", \"url\": \"http://y\", \"default\": true}]}", "more than one source is marked default")]
    [TestCase("{\"storePath\": 7}", "jsonData.storePath must be a string")]
    [TestCase("{\"dataSources\": [{\"uid\": \"p\", \"url\": \"ftp://bob:s3cret@host\"}]}", "url 'ftp://***@host' must be an absolute http or https URL")]
    public void Parse_BadSettings_FailsNamingTheField(string json, string expected)
    {
        var act = () => Parse(json);

        act.Should().Throw<SettingsException>().Which.Message.Should().Contain(expected);
    }
}
