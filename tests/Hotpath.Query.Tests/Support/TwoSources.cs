using Hotpath.Engine.Selection;
using Hotpath.Pyroscope.Client;
using Hotpath.Query.Settings;
using Hotpath.Query.Sources;
using Hotpath.Store.Demo;
using Hotpath.Store.Storage;
using NUnit.Framework;

namespace Hotpath.Query.Tests;

/// <summary>
/// Two sources holding IDENTICAL data, one per test run: an <see cref="EmbeddedSource"/> on one copy
/// of a seeded store folder and a <see cref="PyroscopeSource"/> talking to a real
/// <c>gpx_hotpath serve</c> process over the other copy. Every view should answer the same over
/// both; run a route over <see cref="Both"/> (or parameterise on <see cref="Names"/>) and compare.
/// </summary>
/// <remarks>
/// The data is the demo shop (<see cref="DemoData"/>): <see cref="Services"/> with two pods each in
/// two regions, every main profile type, one profile per pod and type every
/// <see cref="StepSeconds"/> over <see cref="Hours"/> hour(s) ending at <see cref="End"/>, fixed
/// times so answers are reproducible. <see cref="Range"/> covers all of it. Nothing may write to
/// either copy: both are shared by every test of the run. Disposed by <see cref="TwoSourcesLifetime"/>.
/// <code>
/// var two = await TwoSources.GetAsync();
/// foreach (var source in two.Both) { var types = await source.ProfileTypesAsync(two.Range, ct); … }
/// </code>
/// </remarks>
public sealed class TwoSources : IAsyncDisposable
{
    /// <summary>The demo data's last profile time (its clock's "now").</summary>
    public static readonly DateTimeOffset End = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    public const int Hours = 1;
    public const int StepSeconds = 60;
    public const int Seed = 42;

    /// <summary>The uids the sources carry (and the names <see cref="Get"/> takes).</summary>
    public const string EmbeddedUid = "embedded";
    public const string PyroscopeUid = "serve";

    /// <summary>Source names for <c>[TestCaseSource(typeof(TwoSources), nameof(TwoSources.Names))]</c>.</summary>
    public static readonly string[] Names = [EmbeddedUid, PyroscopeUid];

    private static readonly Lazy<Task<TwoSources>> Shared = new(CreateAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _root;
    private readonly ServeProcess _serve;
    private readonly HttpClient _http;

    private TwoSources(string root, ProfileStore store, ServeProcess serve, HttpClient http, PyroscopeSource pyroscope, DemoSummary demo)
    {
        _root = root;
        _serve = serve;
        _http = http;
        Store = store;
        Embedded = new EmbeddedSource(EmbeddedUid, store);
        Pyroscope = pyroscope;
        Demo = demo;
    }

    /// <summary>The shared instance (created on first use, seeding and starting the server: a few seconds).</summary>
    public static Task<TwoSources> GetAsync() => Shared.Value;

    public EmbeddedSource Embedded { get; }

    public PyroscopeSource Pyroscope { get; }

    /// <summary>Embedded first, then Pyroscope.</summary>
    public IReadOnlyList<IProfileSource> Both => [Embedded, Pyroscope];

    /// <summary>The source named <paramref name="name"/> (<see cref="EmbeddedUid"/> or <see cref="PyroscopeUid"/>).</summary>
    public IProfileSource Get(string name) => name switch
    {
        EmbeddedUid => Embedded,
        PyroscopeUid => Pyroscope,
        _ => throw new ArgumentException($"no source '{name}'; use one of {string.Join(", ", Names)}", nameof(name)),
    };

    /// <summary>The store the embedded source reads (open, read-only by agreement), e.g. for a <see cref="HotpathInstance"/>.</summary>
    public ProfileStore Store { get; }

    /// <summary>The serve process's base URL (what a pyroscope data source's <c>url</c> would be).</summary>
    public Uri ServeUrl => _serve.Url;

    /// <summary>
    /// The settings of an app configured with both: <see cref="EmbeddedUid"/> (the default) and
    /// <see cref="PyroscopeUid"/> pointing at the serve process.
    /// </summary>
    public HotpathSettings Settings => new(
        [
            new DataSourceSettings(EmbeddedUid, "Embedded store", DataSourceKind.Embedded, null, null, true, HotpathSettings.DefaultTimeout, null, null, null),
            new DataSourceSettings(PyroscopeUid, "Pyroscope (serve)", DataSourceKind.Pyroscope, ServeUrl, null, false, TimeSpan.FromSeconds(60), null, null, null),
        ],
        Path.GetDirectoryName(Store.DatabasePath)!);

    /// <summary>
    /// A <see cref="HotpathInstance"/> with <see cref="Settings"/>: route tests pass
    /// <c>datasource=embedded</c> or <c>datasource=serve</c> and compare the answers. The embedded
    /// source reads the shared <see cref="Store"/> (lent, not owned); the Pyroscope one has its own client.
    /// </summary>
    public HotpathInstance NewInstance(TimeProvider? time = null) => new(Settings, new EmbeddedStore(Store), time ?? TimeProvider.System, http: _http);

    /// <summary>What the demo seeded: services, profile count, the planted CPU spike and memory regression.</summary>
    public DemoSummary Demo { get; }

    /// <summary>
    /// Every seeded profile lies in this inclusive range: [End − Hours, End + one step] (profile times
    /// carry up to a second of jitter past their step, as real agents' do).
    /// </summary>
    public static TimeRange Range => new((End - TimeSpan.FromHours(Hours)).ToUnixTimeMilliseconds(), (End + TimeSpan.FromSeconds(StepSeconds)).ToUnixTimeMilliseconds());

    /// <summary>The demo's services, sorted.</summary>
    public IReadOnlyList<string> Services => [.. Demo.Services.Order(StringComparer.Ordinal)];

    public const string Cpu = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
    public const string AllocBytes = "memory:alloc_space:bytes:space:bytes";
    public const string InuseBytes = "memory:inuse_space:bytes:space:bytes";

    private static async Task<TwoSources> CreateAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "hotpath-two-sources-" + Guid.NewGuid().ToString("N"));
        var seeded = Path.Combine(root, "embedded");
        var copy = Path.Combine(root, "serve");
        Directory.CreateDirectory(seeded);
        DemoSummary demo;
        await using (var seeding = ProfileStore.Open(seeded, new StoreOptions { SweepInterval = null }))
        {
            demo = await DemoData.Seed(seeding, End, Hours, Seed, StepSeconds);
        }
        // Closed cleanly (WAL checkpointed), so the folder's files are the whole store.
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(seeded))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }
        var store = ProfileStore.Open(seeded, new StoreOptions { SweepInterval = null });
        ServeProcess? serve = null;
        try
        {
            serve = await ServeProcess.StartAsync(copy);
            var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var endpoint = new PyroscopeEndpoint(serve.Url, null, null, null, null, TimeSpan.FromSeconds(60));
            var client = new PyroscopeClient(http, endpoint, TimeProvider.System);
            return new TwoSources(root, store, serve, http, new PyroscopeSource(PyroscopeUid, client, TimeProvider.System), demo);
        }
        catch
        {
            serve?.Dispose();
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>Ends the shared instance if one was made (called once, after every test).</summary>
    internal static async Task DisposeSharedAsync()
    {
        if (Shared.IsValueCreated && Shared.Value.IsCompletedSuccessfully)
        {
            await Shared.Value.Result.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _serve.Dispose();
        _http.Dispose();
        await Store.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // The server process may hold a file a moment longer; the temp folder is cleaned eventually.
        }
    }
}

/// <summary>Disposes the shared <see cref="TwoSources"/> once every test in the assembly has run.</summary>
[SetUpFixture]
public sealed class TwoSourcesLifetime
{
    [OneTimeTearDown]
    public Task TearDownAsync() => TwoSources.DisposeSharedAsync();
}
