using Hotpath.Engine.Selection;
using Hotpath.Query.Settings;
using Hotpath.Query.Sources;
using Hotpath.Store.Demo;
using Hotpath.Store.Storage;

namespace Hotpath.Query.Tests.Routes.Support;

/// <summary>
/// A temporary embedded store holding the demo shop's profiles (an hour, a profile a minute per
/// series), opened once per fixture. Two embedded sources read it, <c>embedded</c> and <c>mirror</c>,
/// so routes that take a source per side can be given different ones.
/// </summary>
internal sealed class DemoStore : IAsyncDisposable
{
    public const string GoCpu = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
    public const string AllocSpace = "memory:alloc_space:bytes:space:bytes";
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 7, TimeSpan.Zero);

    /// <summary>The hour of demo data, ending at <see cref="Now"/>.</summary>
    public static TimeRange LastHour => new(Now.AddHours(-1).ToUnixTimeMilliseconds(), Now.ToUnixTimeMilliseconds());

    private DemoStore(string folder, ProfileStore store, ManualClock clock, HotpathInstance instance, DemoSummary summary)
    {
        Summary = summary;
        Folder = folder;
        Store = store;
        Clock = clock;
        Instance = instance;
    }

    public string Folder { get; }
    public ProfileStore Store { get; }
    public ManualClock Clock { get; }
    public HotpathInstance Instance { get; }

    /// <summary>Where the planted incidents are.</summary>
    public DemoSummary Summary { get; }

    public static async Task<DemoStore> OpenAsync(QueryLimits? limits = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "hotpath-routes-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var clock = new ManualClock(Now);
        var store = ProfileStore.Open(folder, new StoreOptions { Time = clock, SweepInterval = null });
        var summary = await DemoData.Seed(store, Now, hours: 1, seed: 7, stepSeconds: 60);
        return new DemoStore(folder, store, clock, NewInstance(store, clock, limits), summary);
    }

    public static HotpathInstance NewInstance(ProfileStore? store, TimeProvider clock, QueryLimits? limits = null)
    {
        var settings = HotpathSettings.Parse("""{"dataSources":[{"uid":"embedded","kind":"embedded","default":true},{"uid":"mirror","kind":"embedded"}]}"""u8,
            new Dictionary<string, string>(), store?.DatabasePath ?? "/nonexistent/hotpath") with
        { Limits = limits ?? QueryLimits.Default };
        return new HotpathInstance(settings, store is null ? null : new EmbeddedStore(store), clock);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
