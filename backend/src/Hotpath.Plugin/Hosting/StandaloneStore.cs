using Hotpath.Plugin.Standalone;
using Hotpath.Query;
using Hotpath.Query.Ingest;
using Hotpath.Query.Settings;
using Hotpath.Query.Sources;
using Hotpath.Store.Demo;
using Hotpath.Store.Sqlite;
using Hotpath.Store.Storage;
using Microsoft.Extensions.Logging;

namespace Hotpath.Plugin.Hosting;

/// <summary>
/// The standalone server's embedded store, part of its composition root: opened once from
/// <c>--data</c>, seeded by <c>--demo</c>, and handed to the rest of the server only as the
/// application layer's interfaces (an instance, a profile source, an ingest target).
/// </summary>
public sealed partial class StandaloneStore : IAsyncDisposable
{
    /// <summary>Hours of demo data <c>--demo</c> seeds, one profile per pod and type every <see cref="DemoStepSeconds"/>.</summary>
    public const int DemoHours = 6;
    public const int DemoStepSeconds = 60;
    public const int DemoSeed = 42;

    private readonly ProfileStore _store;

    private StandaloneStore(ProfileStore store)
    {
        _store = store;
        Source = new EmbeddedSource(HotpathSettings.EmbeddedUid, store);
        Ingest = new EmbeddedIngest(store);
    }

    /// <summary>What opening found (recovery, retention), for the log.</summary>
    public string OpenReport => _store.OpenReport.ToString();

    /// <summary>The store as a source: what Pyroscope's querier API reads.</summary>
    public IProfileSource Source { get; }

    /// <summary>Where Pyroscope's ingest APIs write.</summary>
    public IIngestTarget Ingest { get; }

    /// <summary>Opens the store of <paramref name="options"/>; null after writing the reason to <paramref name="stderr"/> when it does not open.</summary>
    public static async Task<StandaloneStore?> OpenAsync(string path, ServeOptions options, TextWriter stderr)
    {
        try
        {
            return new StandaloneStore(ProfileStore.Open(path, new StoreOptions { MaxAge = options.RetentionAge, MaxBytes = options.RetentionBytes, MaxSeries = options.MaxSeries is > 0 and var n ? n : null }));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or StoreCorruptException or StoreLockedException or SqliteException or DllNotFoundException or TypeInitializationException)
        {
            await stderr.WriteLineAsync($"gpx_hotpath serve: cannot open the store at '{path}': {e.Message}").ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>The one instance of the server's settings, with this store lent to it (the instance never disposes it).</summary>
    public HotpathInstance Instance(HotpathSettings settings, TimeProvider time, HttpClient http) => new(settings, new EmbeddedStore(_store), time, http: http);

    /// <summary>
    /// Seeds the demo shop (deterministic for a given start time) unless the store already holds
    /// profiles, so restarting with <c>--demo</c> on the same folder does not duplicate them.
    /// </summary>
    public async Task SeedDemoAsync(TimeProvider time, ILogger log)
    {
        if ((await _store.StatsAsync().ConfigureAwait(false)).DataIngested)
        {
            LogDemoSkipped(log);
            return;
        }
        var summary = await DemoData.Seed(_store, time.GetUtcNow(), DemoHours, DemoSeed, DemoStepSeconds).ConfigureAwait(false);
        LogDemoSeeded(log, summary.Profiles, string.Join(", ", summary.Services));
    }

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    [LoggerMessage(Level = LogLevel.Information, Message = "--demo: seeded {Profiles} demo profiles for {Services}")]
    private static partial void LogDemoSeeded(ILogger logger, long profiles, string services);

    [LoggerMessage(Level = LogLevel.Information, Message = "--demo: the store already holds profiles; not seeding demo data again")]
    private static partial void LogDemoSkipped(ILogger logger);
}
