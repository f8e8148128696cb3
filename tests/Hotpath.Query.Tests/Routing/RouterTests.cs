using System.Text;
using System.Text.Json;
using FluentAssertions;
using Hotpath.Query.Routing;
using Hotpath.Query.Settings;
using NUnit.Framework;

namespace Hotpath.Query.Tests.Routing;

public class RouterTests
{
    private static readonly RequestContext Context = new(1, "admin", new HotpathInstance(HotpathSettings.Embedded("/tmp/unused")));

    private static ResourceRequest Request(string method, string path, string query = "") =>
        new(method, path, ResourceRequest.ParseQuery(query), new Dictionary<string, IReadOnlyList<string>>(), ReadOnlyMemory<byte>.Empty, Context);

    private static Router EchoRouter() => new Router()
        .Map("GET", "things", (r, _) => Task.FromResult(ResourceResponse.Text($"GET things {r.Query.GetValueOrDefault("q")}")))
        .Map("POST", "things", (r, _) => Task.FromResult(ResourceResponse.Text("POST things", 201)))
        .Map("GET", "things/count", (_, _) => throw ResourceError.BadParameter("limit", "must be a positive integer"));

    [TestCase("things")]
    [TestCase("/things")]
    [TestCase("things/")]
    public async Task Dispatch_KnownPathAndMethod_RunsTheRoute(string path)
    {
        var response = await EchoRouter().DispatchAsync(Request("get", path, "q=a%20b&x=1"), CancellationToken.None);

        response.Status.Should().Be(200);
        Encoding.UTF8.GetString(response.Body.Span).Should().Be("GET things a b");
    }

    [Test]
    public async Task Dispatch_UnknownPath_Is404WithJsonNamingThePath()
    {
        var response = await EchoRouter().DispatchAsync(Request("GET", "nothing/here"), CancellationToken.None);

        response.Status.Should().Be(404);
        response.Headers["Content-Type"].Should().StartWith("application/json");
        var body = JsonDocument.Parse(response.Body).RootElement;
        body.GetProperty("kind").GetString().Should().Be("not_found");
        body.GetProperty("message").GetString().Should().Contain("nothing/here");
    }

    [Test]
    public async Task Dispatch_WrongMethod_Is405ListingTheAllowedOnes()
    {
        var response = await EchoRouter().DispatchAsync(Request("DELETE", "things"), CancellationToken.None);

        response.Status.Should().Be(405);
        response.Headers["Allow"].Should().Be("GET, POST");
        JsonDocument.Parse(response.Body).RootElement.GetProperty("kind").GetString().Should().Be("method_not_allowed");
    }

    [Test]
    public async Task Dispatch_Head_AnswersGetWithoutBody()
    {
        var response = await EchoRouter().DispatchAsync(Request("HEAD", "things"), CancellationToken.None);

        response.Status.Should().Be(200);
        response.Body.Length.Should().Be(0);
    }

    [Test]
    public async Task Dispatch_RouteRejectsParameter_Is400NamingIt()
    {
        var response = await EchoRouter().DispatchAsync(Request("GET", "things/count"), CancellationToken.None);

        response.Status.Should().Be(400);
        var body = JsonDocument.Parse(response.Body).RootElement;
        body.GetProperty("message").GetString().Should().Be("parameter 'limit': must be a positive integer");
        body.GetProperty("kind").GetString().Should().Be("bad_request");
    }

    [Test]
    public void RouteName_IsTheTemplateOrUnmatched()
    {
        var router = EchoRouter();

        router.RouteName("/things/").Should().Be("things");
        router.RouteName("secret/user-supplied/path").Should().Be("unmatched");
    }

    [Test]
    public void ParseQuery_UnescapesAndKeepsTheLastRepeatedValue()
    {
        var query = ResourceRequest.ParseQuery("a=1&b=x+y&c=%7Bservice_name%3D%22api%22%7D&a=2&flag&=empty");

        query.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["a"] = "2",
            ["b"] = "x y",
            ["c"] = "{service_name=\"api\"}",
            ["flag"] = "",
            [""] = "empty",
        });
    }

    [Test]
    public async Task Routes_DataSources_ListsConfiguredSourcesWithoutSecrets()
    {
        var settings = HotpathSettings.Parse(Encoding.UTF8.GetBytes("""{"dataSources":[{"uid":"prod","url":"http://pyro:4040","tenant":"t1"},{"uid":"embedded","kind":"embedded","default":true}]}"""),
            new Dictionary<string, string> { ["prod.bearerToken"] = "very-secret" }, "/tmp/x");
        var context = new RequestContext(1, null, new HotpathInstance(settings));
        var router = ResourceRoutes.Build(new Hotpath.Query.Health.HealthChecker(new HttpClient(), TimeProvider.System));

        var response = await router.DispatchAsync(Request("GET", "datasources") with { Context = context }, CancellationToken.None);

        response.Status.Should().Be(200);
        var text = Encoding.UTF8.GetString(response.Body.Span);
        text.Should().NotContain("very-secret");
        var sources = JsonDocument.Parse(text).RootElement.GetProperty("datasources").EnumerateArray().ToList();
        sources.Select(s => s.GetProperty("uid").GetString()).Should().Equal("prod", "embedded");
        sources[0].GetProperty("kind").GetString().Should().Be("pyroscope");
        sources[0].GetProperty("url").GetString().Should().Be("http://pyro:4040/");
        sources[0].GetProperty("tenant").GetString().Should().Be("t1");
        sources[0].GetProperty("hasCredentials").GetBoolean().Should().BeTrue();
        sources[0].GetProperty("default").GetBoolean().Should().BeFalse();
        sources[1].GetProperty("default").GetBoolean().Should().BeTrue();
    }
}
