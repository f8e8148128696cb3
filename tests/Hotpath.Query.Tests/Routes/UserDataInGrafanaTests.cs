using System.Text;
using FluentAssertions;
using Hotpath.Query.Settings;
using Hotpath.Query.Stores;
using Hotpath.Query.Tests.Routes.Support;
using NUnit.Framework;
using static Hotpath.Query.Tests.Routes.Support.RouteCalls;

namespace Hotpath.Query.Tests.Routes;

/// <summary>
/// Inside Grafana the instance opens the embedded store at <c>storePath</c> from the process-wide
/// registry on first use; favorites, settings and ad hoc uploads must find it there too.
/// </summary>
public class UserDataInGrafanaTests
{
    private string _folder = null!;

    [SetUp]
    public void MakeFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "hotpath-grafana-userdata-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task Favorites_LeaseTheStoreAtStorePath_AndOutliveTheInstance()
    {
        using var registry = new StoreRegistry();
        using var http = new HttpClient();
        var settings = HotpathSettings.Embedded(_folder);
        var first = new HotpathInstance(settings, registry, new ManualClock(DemoStore.Now), http);
        first.Store.Should().BeNull("nothing has asked for the store yet");

        var created = await CallAsync(first, "POST", "favorites", "", Encoding.UTF8.GetBytes("""{"view":"service","profileType":"a:b:c:d:e"}"""), 3, "carol");

        created.Status.Should().Be(201, Text(created));
        await first.DisposeAsync();
        first.IsClosed.Should().BeTrue();

        var second = new HotpathInstance(settings, registry, new ManualClock(DemoStore.Now), http);
        var listed = Json(await GetAsync(second, "favorites", "", 3, "carol")).GetProperty("favorites");
        listed.GetArrayLength().Should().Be(1);
        listed[0].GetProperty("id").GetString().Should().Be(Json(created).GetProperty("id").GetString());
        await second.DisposeAsync();
    }

    [Test]
    public async Task WithOnlyPyroscopeSources_AndNoStoreLent_TheAnswerNamesTheMissingStore()
    {
        using var registry = new StoreRegistry();
        using var http = new HttpClient();
        var settings = HotpathSettings.Parse("""{"dataSources":[{"uid":"prod","url":"http://127.0.0.1:9"}]}"""u8, new Dictionary<string, string>(), _folder);
        await using var instance = new HotpathInstance(settings, registry, TimeProvider.System, http);

        var response = await GetAsync(instance, "settings");

        response.Status.Should().Be(500);
        Message(response).Should().Be($"the embedded store is not open in this process (storePath '{_folder}'); ad hoc profiles, favorites and settings are kept there");
    }
}
