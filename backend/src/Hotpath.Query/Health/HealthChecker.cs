using Hotpath.Pyroscope.Client;
using Hotpath.Query.Settings;
using Hotpath.Store.Files;
using Hotpath.Store.Sqlite;
using Hotpath.Store.Storage;

namespace Hotpath.Query.Health;

/// <summary>
/// Runs a real check of every configured source in parallel: the embedded store's folder is
/// writable and durable and the store opens and answers a read; each Pyroscope answers its query
/// API with the configured credentials.
/// </summary>
public sealed class HealthChecker(HttpClient http, TimeProvider time)
{
    /// <summary>Checks the sources of <paramref name="instance"/>, reading through its open store when it has one.</summary>
    public Task<HealthReport> CheckAsync(HotpathInstance instance, CancellationToken cancellationToken) =>
        CheckAsync(instance.Settings, instance.Store, cancellationToken);

    /// <summary>
    /// Checks the sources of <paramref name="settings"/>. With <paramref name="openStore"/> null the
    /// embedded store is opened (and closed) here, so a store that cannot open is reported.
    /// </summary>
    public async Task<HealthReport> CheckAsync(HotpathSettings settings, ProfileStore? openStore, CancellationToken cancellationToken)
    {
        var checks = settings.DataSources.Select(s => CheckOneAsync(s, settings.StorePath, openStore, cancellationToken));
        var sources = await Task.WhenAll(checks).ConfigureAwait(false);
        var failed = sources.Where(s => s.Status != "ok").ToList();
        var message = failed.Count == 0
            ? sources.Length == 1 ? "1 data source is healthy" : $"all {sources.Length} data sources are healthy"
            : string.Join("; ", failed.Select(f => $"{f.Name} ({f.Uid}): {f.Message}"));
        return new HealthReport(failed.Count == 0 ? "ok" : "error", message, sources);
    }

    public Task<HealthReport> CheckAsync(HotpathSettings settings, CancellationToken cancellationToken) =>
        CheckAsync(settings, null, cancellationToken);

    private async Task<SourceHealth> CheckOneAsync(DataSourceSettings source, string storePath, ProfileStore? openStore, CancellationToken cancellationToken)
    {
        if (source.Kind == DataSourceKind.Embedded)
        {
            var (problem, fine) = await CheckStoreAsync(storePath, openStore).ConfigureAwait(false);
            return new SourceHealth(source.Uid, source.Name, KindName(source.Kind), problem is null ? "ok" : "error", problem ?? fine!);
        }
        var failure = await PyroscopeProbe.ProbeAsync(http, ToEndpoint(source), time, cancellationToken).ConfigureAwait(false);
        return new SourceHealth(source.Uid, source.Name, KindName(source.Kind), failure is null ? "ok" : "error",
            failure ?? $"{PyroscopeEndpoint.Redact(source.Url!)} answers");
    }

    /// <summary>
    /// The folder takes a durable write, then the store opens (or is already open) and answers a
    /// read of its statistics. Returns the problem, or null and what was found.
    /// </summary>
    private static async Task<(string? Problem, string? Fine)> CheckStoreAsync(string storePath, ProfileStore? openStore)
    {
        if (StoreDirectory.Check(storePath) is { } notWritable)
        {
            return (notWritable, null);
        }
        try
        {
            if (openStore is not null)
            {
                var stats = await openStore.StatsAsync().ConfigureAwait(false);
                return (null, $"store folder '{storePath}' is writable; the store is open and {Describe(stats)}");
            }
            await using var store = ProfileStore.Open(storePath, new StoreOptions { SweepInterval = null });
            var read = await store.StatsAsync().ConfigureAwait(false);
            return (null, $"store folder '{storePath}' is writable; the store opens and {Describe(read)}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException or StoreCorruptException or ObjectDisposedException
            or DllNotFoundException or TypeInitializationException)
        {
            return ($"store at '{storePath}' does not open: {e.Message}", null);
        }
    }

    private static string Describe(StoreStats stats) => stats.DataIngested
        ? $"holds profiles from {DateTimeOffset.FromUnixTimeMilliseconds(stats.OldestProfileTimeMs):u} to {DateTimeOffset.FromUnixTimeMilliseconds(stats.NewestProfileTimeMs):u}"
        : "holds no profiles yet";

    public static string KindName(DataSourceKind kind) => kind == DataSourceKind.Embedded ? "embedded" : "pyroscope";

    public static PyroscopeEndpoint ToEndpoint(DataSourceSettings source) =>
        new(source.Url!, source.Tenant, source.BasicAuthUser, source.BasicAuthPassword, source.BearerToken, source.Timeout);
}
