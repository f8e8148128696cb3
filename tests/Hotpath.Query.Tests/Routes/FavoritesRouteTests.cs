using System.Text;
using FluentAssertions;
using Hotpath.Query.Tests.Routes.Support;
using NUnit.Framework;
using static Hotpath.Query.Tests.Routes.Support.RouteCalls;

namespace Hotpath.Query.Tests.Routes;

public class FavoritesRouteTests
{
    private const string CpuFavorite = """
        {"view": "flame-graph", "profileType": "process_cpu:cpu:nanoseconds:cpu:nanoseconds",
         "service": "checkout", "selector": "{service_name=\"checkout\", pod=~\"cart-.*\"}", "title": "Checkout CPU"}
        """;

    private EmptyStore _store = null!;

    [SetUp]
    public void Open() => _store = new EmptyStore();

    [TearDown]
    public async Task Close() => await _store.DisposeAsync();

    private Task<Hotpath.Query.Routing.ResourceResponse> PostAsync(string body, long org = 1, string? user = "alice") =>
        CallAsync(_store.Instance, "POST", "favorites", "", Encoding.UTF8.GetBytes(body), org, user);

    private async Task<string[]> IdsAsync(long org = 1, string? user = "alice") =>
        [.. Json(await GetAsync(_store.Instance, "favorites", "", org, user)).GetProperty("favorites").EnumerateArray().Select(f => f.GetProperty("id").GetString()!)];

    [Test]
    public async Task Post_AnswersTheFavoriteWithIdAndTime_AndGetListsItNewestFirst()
    {
        var created = await PostAsync(CpuFavorite);

        created.Status.Should().Be(201, Text(created));
        var favorite = Json(created);
        favorite.GetProperty("id").GetString().Should().MatchRegex("^[0-9a-f]{32}$");
        favorite.GetProperty("createdMs").GetInt64().Should().Be(DemoStore.Now.ToUnixTimeMilliseconds());
        favorite.GetProperty("view").GetString().Should().Be("flame-graph");
        favorite.GetProperty("selector").GetString().Should().Be("{service_name=\"checkout\", pod=~\"cart-.*\"}");
        favorite.GetProperty("title").GetString().Should().Be("Checkout CPU");
        favorite.TryGetProperty("datasource", out _).Should().BeFalse("absent fields stay absent");

        _store.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = Json(await PostAsync("""{"view":"all-services","profileType":"memory:inuse_space:bytes:space:bytes"}"""));

        (await IdsAsync()).Should().Equal(second.GetProperty("id").GetString(), favorite.GetProperty("id").GetString());
    }

    [Test]
    public async Task SameContentTwice_IsOneFavorite()
    {
        var first = Json(await PostAsync(CpuFavorite));
        var again = await PostAsync(CpuFavorite.Replace("\n", " "));

        again.Status.Should().Be(200);
        Json(again).GetProperty("id").GetString().Should().Be(first.GetProperty("id").GetString());
        (await IdsAsync()).Should().HaveCount(1);
    }

    [Test]
    public async Task Delete_Is204_ThenAbsentIs404()
    {
        var id = Json(await PostAsync(CpuFavorite)).GetProperty("id").GetString();

        var deleted = await CallAsync(_store.Instance, "DELETE", "favorites", $"id={id}", null, 1, "alice");
        deleted.Status.Should().Be(204);
        deleted.Body.Length.Should().Be(0);
        (await IdsAsync()).Should().BeEmpty();

        var again = await CallAsync(_store.Instance, "DELETE", "favorites", $"id={id}", null, 1, "alice");
        again.Status.Should().Be(404);
        Message(again).Should().Contain($"no favorite with id '{id}'");
    }

    [Test]
    public async Task Favorites_AreIsolatedPerOrgAndUser_AndSurviveReopeningTheStore()
    {
        var alice = Json(await PostAsync(CpuFavorite)).GetProperty("id").GetString();
        var bob = Json(await PostAsync(CpuFavorite, user: "bob")).GetProperty("id").GetString();
        var otherOrg = Json(await PostAsync(CpuFavorite, org: 2)).GetProperty("id").GetString();
        var anonymous = Json(await PostAsync(CpuFavorite, user: null)).GetProperty("id").GetString();
        new[] { alice, bob, otherOrg, anonymous }.Distinct().Should().HaveCount(4);

        var foreign = await CallAsync(_store.Instance, "DELETE", "favorites", $"id={alice}", null, 1, "bob");
        foreign.Status.Should().Be(404, "bob cannot delete alice's favorite");

        await _store.ReopenAsync();

        (await IdsAsync()).Should().Equal(alice);
        (await IdsAsync(user: "bob")).Should().Equal(bob);
        (await IdsAsync(org: 2)).Should().Equal(otherOrg);
        (await IdsAsync(user: null)).Should().Equal(anonymous);
        (await IdsAsync(org: 3)).Should().BeEmpty();
    }

    [TestCase("", 400, "the request body is empty")]
    [TestCase("{\"view\": ", 400, "the favorite is not valid JSON")]
    [TestCase("[1, 2]", 400, "the favorite must be a JSON object, not Array")]
    [TestCase("{\"view\":\"service\",\"profileType\":\"a:b:c:d:e\",\"colour\":\"red\"}", 400, "favorite: unknown field 'colour'")]
    [TestCase("{\"view\":\"service\",\"view\":\"labels\",\"profileType\":\"a:b:c:d:e\"}", 400, "favorite: field 'view' appears more than once")]
    [TestCase("{\"profileType\":\"a:b:c:d:e\"}", 400, "favorite: field 'view' is required")]
    [TestCase("{\"view\":\"pie-chart\",\"profileType\":\"a:b:c:d:e\"}", 400, "favorite: field 'view' must be one of all-services, service, labels, flame-graph, diff, not 'pie-chart'")]
    [TestCase("{\"view\":\"service\"}", 400, "favorite: field 'profileType' is required")]
    [TestCase("{\"view\":\"service\",\"profileType\":\"cpu\"}", 400, "favorite: field 'profileType' 'cpu' is not a profile type id")]
    [TestCase("{\"view\":\"service\",\"profileType\":\"a:b:c:d:e\",\"selector\":\"{x=}\"}", 400, "favorite: field 'selector' does not parse")]
    [TestCase("{\"view\":\"service\",\"profileType\":\"a:b:c:d:e\",\"datasource\":\"no spaces\"}", 400, "favorite: field 'datasource'")]
    [TestCase("{\"view\":\"service\",\"profileType\":\"a:b:c:d:e\",\"title\":42}", 400, "favorite: field 'title' must be a string, not Number")]
    [TestCase("{\"view\":\"service\",\"profileType\":\"a:b:c:d:e\",\"id\":\"mine\"}", 400, "favorite: field 'id' is set by the server")]
    [TestCase("{\"view\":\"labels\",\"profileType\":\"a:b:c:d:e\",\"groupBy\":\"a b,{x}\"}", 400, "favorite: field 'groupBy' 'a b,{x}' is not a comma-separated list of distinct label names")]
    [TestCase("{\"view\":\"labels\",\"profileType\":\"a:b:c:d:e\",\"groupBy\":\"pod,pod\"}", 400, "favorite: field 'groupBy'")]
    public async Task MalformedFavorites_AreRefusedNamingTheField(string body, int status, string message)
    {
        var response = await PostAsync(body);

        response.Status.Should().Be(status, Text(response));
        Message(response).Should().Contain(message);
        (await IdsAsync()).Should().BeEmpty();
    }

    [Test]
    public async Task OversizeFavorite_Is413()
    {
        var response = await PostAsync($$"""{"view":"service","profileType":"a:b:c:d:e","title":"{{new string('x', 20_000)}}"}""");

        response.Status.Should().Be(413);
        Message(response).Should().Contain("the limit is 16384 bytes");
    }

    [Test]
    public async Task OverlongField_Is400()
    {
        var response = await PostAsync($$"""{"view":"service","profileType":"a:b:c:d:e","title":"{{new string('x', 300)}}"}""");

        response.Status.Should().Be(400);
        Message(response).Should().Contain("field 'title' is 300 characters; at most 256 are allowed");
    }

    [Test]
    public async Task DeleteWithoutId_Is400_AndPutIs405()
    {
        var noId = await CallAsync(_store.Instance, "DELETE", "favorites", "", null, 1, "alice");
        noId.Status.Should().Be(400);
        Message(noId).Should().Be("parameter 'id': is required");

        var put = await CallAsync(_store.Instance, "PUT", "favorites", "", Encoding.UTF8.GetBytes(CpuFavorite), 1, "alice");
        put.Status.Should().Be(405);
        put.Headers["Allow"].Should().Be("DELETE, GET, POST");
    }
}
