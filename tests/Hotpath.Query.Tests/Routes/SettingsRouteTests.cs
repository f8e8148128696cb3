using System.Text;
using FluentAssertions;
using Hotpath.Query.Tests.Routes.Support;
using NUnit.Framework;
using static Hotpath.Query.Tests.Routes.Support.RouteCalls;

namespace Hotpath.Query.Tests.Routes;

public class SettingsRouteTests
{
    private EmptyStore _store = null!;

    [SetUp]
    public void Open() => _store = new EmptyStore();

    [TearDown]
    public async Task Close() => await _store.DisposeAsync();

    private Task<Hotpath.Query.Routing.ResourceResponse> PutAsync(string body, long org = 1, string? user = "alice") =>
        CallAsync(_store.Instance, "PUT", "settings", "", Encoding.UTF8.GetBytes(body), org, user);

    private async Task<string> GetTextAsync(long org = 1, string? user = "alice") => Text(await GetAsync(_store.Instance, "settings", "", org, user));

    [Test]
    public async Task Get_WithNothingStored_IsTheDefaults()
    {
        (await GetTextAsync()).Should().Be("""{"maxNodes":16384,"collapsedFrames":true,"defaultProfileType":null,"defaultRange":"now-1h","sourceLinkTemplate":null,"sourceLinkVersionLabel":null}""");
    }

    [Test]
    public async Task Put_RoundTrips_FillsDefaults_AndSurvivesReopening()
    {
        var response = await PutAsync("""{"maxNodes": 2048, "defaultProfileType": "memory:inuse_space:bytes:space:bytes"}""");

        response.Status.Should().Be(200, Text(response));
        const string expected = """{"maxNodes":2048,"collapsedFrames":true,"defaultProfileType":"memory:inuse_space:bytes:space:bytes","defaultRange":"now-1h","sourceLinkTemplate":null,"sourceLinkVersionLabel":null}""";
        Text(response).Should().Be(expected);
        (await GetTextAsync()).Should().Be(expected);

        await _store.ReopenAsync();

        (await GetTextAsync()).Should().Be(expected);
    }

    [Test]
    public async Task Settings_AreIsolatedPerOrgAndUser()
    {
        await PutAsync("""{"defaultRange": "now-6h"}""");
        await PutAsync("""{"defaultRange": "now-7d"}""", user: "bob");
        await PutAsync("""{"collapsedFrames": false}""", org: 2);

        (await GetTextAsync()).Should().Contain("\"defaultRange\":\"now-6h\"");
        (await GetTextAsync(user: "bob")).Should().Contain("\"defaultRange\":\"now-7d\"");
        (await GetTextAsync(org: 2)).Should().Contain("\"collapsedFrames\":false").And.Contain("\"defaultRange\":\"now-1h\"");
        (await GetTextAsync(user: null)).Should().Contain("\"defaultRange\":\"now-1h\"");
    }

    [TestCase("", 400, "the request body is empty")]
    [TestCase("{", 400, "the settings is not valid JSON")]
    [TestCase("\"now-1h\"", 400, "the settings must be a JSON object, not String")]
    [TestCase("{\"maxNodes\": 0}", 400, "settings: field 'maxNodes' must be a whole number from 1 to 1048576, not 0")]
    [TestCase("{\"maxNodes\": 1048577}", 400, "settings: field 'maxNodes' must be a whole number from 1 to 1048576")]
    [TestCase("{\"maxNodes\": 1.5}", 400, "settings: field 'maxNodes' must be a whole number")]
    [TestCase("{\"maxNodes\": \"100\"}", 400, "settings: field 'maxNodes' must be a whole number")]
    [TestCase("{\"collapsedFrames\": \"yes\"}", 400, "settings: field 'collapsedFrames' must be true or false")]
    [TestCase("{\"defaultRange\": \"yesterday\"}", 400, "settings: field 'defaultRange' must be a relative time")]
    [TestCase("{\"defaultProfileType\": \"cpu\"}", 400, "settings: field 'defaultProfileType' 'cpu' is not a profile type id")]
    [TestCase("{\"sourceLinkTemplate\": \"ftp://host/{file}\"}", 400, "settings: field 'sourceLinkTemplate' must be an absolute http:// or https:// URL")]
    [TestCase("{\"sourceLinkTemplate\": \"https://host/{line}\"}", 400, "settings: field 'sourceLinkTemplate' must use {file}")]
    [TestCase("{\"sourceLinkTemplate\": \"https://host/{file}/{sha}\"}", 400, "settings: field 'sourceLinkTemplate' unknown placeholder '{sha'")]
    [TestCase("{\"theme\": \"dark\"}", 400, "settings: unknown field 'theme'; known fields: maxNodes, collapsedFrames, defaultProfileType, defaultRange, sourceLinkTemplate, sourceLinkVersionLabel")]
    public async Task MalformedSettings_AreRefusedNamingTheField_AndNothingChanges(string body, int status, string message)
    {
        var response = await PutAsync(body);

        response.Status.Should().Be(status, Text(response));
        Message(response).Should().Contain(message);
        (await GetTextAsync()).Should().Contain("\"maxNodes\":16384");
    }

    [Test]
    public async Task OversizeSettings_Is413_AndPostIs405()
    {
        var big = await PutAsync($$"""{"defaultRange": "{{new string(' ', 20_000)}}"}""");
        big.Status.Should().Be(413);

        var post = await CallAsync(_store.Instance, "POST", "settings", "", "{}"u8.ToArray(), 1, "alice");
        post.Status.Should().Be(405);
        post.Headers["Allow"].Should().Be("GET, PUT");
    }
}
