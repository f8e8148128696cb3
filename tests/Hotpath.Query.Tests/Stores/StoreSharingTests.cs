using System.Text;
using FluentAssertions;
using Hotpath.Engine.Errors;
using Hotpath.Query.Routing;
using Hotpath.Query.Settings;
using Hotpath.Query.Sources;
using Hotpath.Query.Stores;
using Hotpath.Store.Storage;
using NUnit.Framework;

namespace Hotpath.Query.Tests.Stores;

/// <summary>
/// Inside Grafana: one open store per folder for the process, leased by every instance that uses
/// it, closed only when the last instance and the last request on it are done.
/// </summary>
public class StoreSharingTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly HttpClient _http = new();
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Path.Combine(Path.GetTempPath(), "hotpath-sharing-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [OneTimeTearDown]
    public void DisposeClient() => _http.Dispose();

    /// <summary>The storage behind a lease, to read it directly.</summary>
    private static ProfileStore Storage(StoreLease lease) => ((EmbeddedStore)lease.Store).Store;

    private HotpathInstance Instance(StoreRegistry stores, string? storePath = null) =>
        new(HotpathSettings.Embedded(storePath ?? _folder), stores, TimeProvider.System, _http);

    private static Task<SourceStats> ReadAsync(HotpathInstance instance) => instance.Source(null).StatsAsync(None);

    [Test]
    public async Task A_folder_is_opened_once_however_its_path_is_written_and_closed_with_the_last_lease()
    {
        using var stores = new StoreRegistry();
        Directory.CreateDirectory(_folder);

        var first = stores.Acquire(_folder);
        var second = stores.Acquire(_folder + Path.DirectorySeparatorChar);
        var third = stores.Acquire(Path.Combine(_folder, "..", Path.GetFileName(_folder)));

        second.Store.Should().BeSameAs(first.Store).And.BeSameAs(third.Store);
        stores.OpenCount.Should().Be(1);
        stores.LeasesOn(_folder).Should().Be(3);
        first.Dispose();
        first.Dispose();
        third.Dispose();
        stores.LeasesOn(_folder).Should().Be(1, "a lease is returned once, however often it is disposed");
        (await Storage(second).StatsAsync()).DataIngested.Should().BeFalse();

        second.Dispose();

        stores.OpenCount.Should().Be(0);
        await FluentActions.Awaiting(() => Storage(second).StatsAsync()).Should().ThrowAsync<ObjectDisposedException>();
        using var again = stores.Acquire(_folder);
        again.Store.Should().NotBeSameAs(second.Store);
        (await Storage(again).StatsAsync()).DataIngested.Should().BeFalse();
    }

    [Test]
    public async Task Instances_on_the_same_folder_share_one_store_and_one_closing_does_not_close_it_for_the_other()
    {
        using var stores = new StoreRegistry();
        var org1 = Instance(stores);
        var org2 = Instance(stores);
        await ReadAsync(org1);
        await ReadAsync(org2);
        org1.Store.Should().BeSameAs(org2.Store);
        stores.LeasesOn(_folder).Should().Be(2);

        await org1.DisposeAsync();

        org1.IsClosed.Should().BeTrue();
        stores.LeasesOn(_folder).Should().Be(1);
        (await ReadAsync(org2)).DataIngested.Should().BeFalse();
        await org2.DisposeAsync();
        stores.OpenCount.Should().Be(0);
    }

    [Test]
    public async Task A_replaced_instance_keeps_its_store_open_until_the_request_running_on_it_ends()
    {
        using var stores = new StoreRegistry();
        var replaced = Instance(stores);
        replaced.TryAddUser().Should().BeTrue("a request starts on the instance");
        await ReadAsync(replaced);

        await replaced.DisposeAsync();

        replaced.IsClosed.Should().BeFalse();
        stores.LeasesOn(_folder).Should().Be(1);
        (await ReadAsync(replaced)).DataIngested.Should().BeFalse("the request still reads the store");

        replaced.ReleaseUser();

        replaced.IsClosed.Should().BeTrue();
        stores.OpenCount.Should().Be(0);
        replaced.TryAddUser().Should().BeFalse("a closed instance takes no new request");
        var late = () => replaced.Source(null);
        late.Should().Throw<ResourceError>().Which.Message.Should().Contain("settings were replaced");
    }

    [Test]
    public async Task A_successor_built_before_the_old_instance_closes_reuses_the_open_store()
    {
        using var stores = new StoreRegistry();
        var old = Instance(stores);
        await ReadAsync(old);
        var store = old.Store;

        var successor = Instance(stores);
        await ReadAsync(successor);
        await old.DisposeAsync();

        successor.Store.Should().BeSameAs(store);
        stores.LeasesOn(_folder).Should().Be(1);
        await successor.DisposeAsync();
    }

    [Test]
    public async Task A_store_that_does_not_open_is_a_plugin_error_with_the_reason_and_is_tried_again_next_time()
    {
        using var stores = new StoreRegistry();
        Directory.CreateDirectory(_folder);
        var database = Path.Combine(_folder, ProfileStore.DatabaseFileName);
        await File.WriteAllBytesAsync(database, Encoding.ASCII.GetBytes(new string('x', 8192)));
        var instance = Instance(stores);

        var act = () => instance.Source(null);

        var error = act.Should().Throw<ResourceError>().Which;
        error.Kind.Should().Be(ErrorKind.Plugin);
        error.Message.Should().Contain($"the embedded store at '{_folder}' does not open").And.Contain("not a database");
        stores.OpenCount.Should().Be(0);

        File.Delete(database);
        (await ReadAsync(instance)).DataIngested.Should().BeFalse();
        await instance.DisposeAsync();
    }

    [Test]
    public async Task Settings_with_only_pyroscope_sources_never_open_a_store()
    {
        using var stores = new StoreRegistry();
        var settings = HotpathSettings.Parse("""{"dataSources": [{"uid": "prod", "url": "http://127.0.0.1:9/"}]}"""u8, new Dictionary<string, string>(), _folder);
        var instance = new HotpathInstance(settings, stores, TimeProvider.System, _http);

        instance.Source(null).Should().BeOfType<PyroscopeSource>().Which.Uid.Should().Be("prod");

        stores.OpenCount.Should().Be(0);
        Directory.Exists(_folder).Should().BeFalse();
        await instance.DisposeAsync();
    }

    [Test]
    public async Task Sources_given_by_the_host_take_the_place_of_those_from_the_settings_and_are_never_closed_by_it()
    {
        await using var lent = ProfileStore.Open(Path.Combine(_folder, "lent"));
        var given = new EmbeddedSource(HotpathSettings.EmbeddedUid, lent);
        var other = new PyroscopeSource("elsewhere", new Hotpath.Pyroscope.Client.PyroscopeClient(_http,
            new Hotpath.Pyroscope.Client.PyroscopeEndpoint(new Uri("http://127.0.0.1:9/"), null, null, null, null, TimeSpan.FromSeconds(1)), TimeProvider.System), TimeProvider.System);
        var withGiven = new HotpathInstance(HotpathSettings.Embedded(_folder), null, TimeProvider.System, [given, other]);

        withGiven.Source(null).Should().BeSameAs(given);
        withGiven.Source("elsewhere").Should().BeSameAs(other);
        await withGiven.DisposeAsync();
        (await lent.StatsAsync()).DataIngested.Should().BeFalse("the instance never closes a store it did not open");
    }

    [Test]
    public void An_unknown_uid_is_the_callers_mistake_naming_the_configured_ones()
    {
        using var stores = new StoreRegistry();
        var instance = Instance(stores);

        var act = () => instance.Source("nope");

        var error = act.Should().Throw<ResourceError>().Which;
        error.Kind.Should().Be(ErrorKind.BadRequest);
        error.Message.Should().Contain("'nope'").And.Contain("embedded");
        stores.OpenCount.Should().Be(0);
    }
}
