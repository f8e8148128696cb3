using Hotpath.Engine.Selection;
using Hotpath.Query.Settings;
using Hotpath.Query.Sources;
using Hotpath.Store.Demo;
using Hotpath.Store.Storage;

namespace Hotpath.Query.Tests.Routes.Support;

/// <summary>
/// A temporary embedded store seeded once with the demo generator (seven services, every main profile
/// type, two pods each), shared by the route tests that only read it. "Now" is fixed, so default
/// ranges ("the hour before now") cover the seeded hour.
/// </summary>
public sealed class SeededStore : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    public const int StepSeconds = 30;

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static SeededStore? _shared;

    private SeededStore(string folder, ProfileStore store, DemoSummary summary)
    {
        Folder = folder;
        Store = store;
        Summary = summary;
    }

    public string Folder { get; }

    public ProfileStore Store { get; }

    public DemoSummary Summary { get; }

    /// <summary>The seeded hour, both ends included.</summary>
    public static TimeRange Range => new(Now.AddHours(-1).ToUnixTimeMilliseconds(), Now.ToUnixTimeMilliseconds());

    public static async Task<SeededStore> SharedAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _shared ??= await CreateAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task<SeededStore> CreateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "hotpath-routes-" + Guid.NewGuid().ToString("N"));
        var store = ProfileStore.Open(folder, new StoreOptions { SweepInterval = null });
        var summary = await DemoData.Seed(store, Now, hours: 1, seed: 11, stepSeconds: StepSeconds);
        return new SeededStore(folder, store, summary);
    }

    /// <summary>An instance over this store with a fixed clock and the given limits.</summary>
    public HotpathInstance Instance(QueryLimits? limits = null, TimeProvider? clock = null) =>
        new(HotpathSettings.Embedded(Folder) with { Limits = limits ?? QueryLimits.Default }, new EmbeddedStore(Store), clock ?? new FixedClock(Now));

    public static async Task DisposeSharedAsync()
    {
        if (_shared is { } shared)
        {
            _shared = null;
            await shared.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
