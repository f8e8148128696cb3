using Hotpath.Engine.Selection;
using Hotpath.Pyroscope.Client;
using Hotpath.Query.Routing;
using Hotpath.Query.Settings;
using Hotpath.Query.Sources;
using Hotpath.Query.Stores;

namespace Hotpath.Query.Health;

/// <summary>
/// Runs a real check of every configured source in parallel, through the same source objects the
/// routes use: the embedded store's folder takes a durable write and the store opens (or is open)
/// and answers a read; each Pyroscope answers a <c>ProfileTypes</c> call through its client, with its
/// credentials, timeout and retries.
/// </summary>
public sealed class HealthChecker(HttpClient http, TimeProvider time)
{
    /// <summary>Checks the sources of <paramref name="instance"/>.</summary>
    public async Task<HealthReport> CheckAsync(HotpathInstance instance, CancellationToken cancellationToken)
    {
        var checks = instance.Settings.DataSources.Select(s => CheckOneAsync(instance, s, cancellationToken));
        var sources = await Task.WhenAll(checks).ConfigureAwait(false);
        var failed = sources.Where(s => s.Status != "ok").ToList();
        var message = failed.Count == 0
            ? sources.Length == 1 ? "1 data source is healthy" : $"all {sources.Length} data sources are healthy"
            : string.Join("; ", failed.Select(f => $"{f.Name} ({f.Uid}): {f.Message}"));
        return new HealthReport(failed.Count == 0 ? "ok" : "error", message, sources);
    }

    /// <summary>
    /// Checks settings no instance serves yet: a throwaway instance opens (and closes) the
    /// embedded store, so a store that cannot open is reported.
    /// </summary>
    public async Task<HealthReport> CheckAsync(HotpathSettings settings, CancellationToken cancellationToken)
    {
        using var stores = new StoreRegistry(path => EmbeddedStore.OpenShared(path, sweep: false));
        var instance = new HotpathInstance(settings, stores, time, http);
        await using (instance.ConfigureAwait(false))
        {
            return await CheckAsync(instance, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<SourceHealth> CheckOneAsync(HotpathInstance instance, DataSourceSettings configured, CancellationToken cancellationToken)
    {
        SourceHealth Result(string? problem, string? fine) =>
            new(configured.Uid, configured.Name, KindName(configured.Kind), problem is null ? "ok" : "error", problem ?? fine!);
        try
        {
            if (configured.Kind == DataSourceKind.Embedded)
            {
                var path = instance.Settings.StorePath;
                if (EmbeddedStore.CheckFolder(path) is { } notWritable)
                {
                    return Result(notWritable, null);
                }
                var wasOpen = instance.Store is not null;
                var stats = await instance.Source(configured.Uid).StatsAsync(cancellationToken).ConfigureAwait(false);
                return Result(null, $"store folder '{path}' is writable; the store {(wasOpen ? "is open" : "opens")} and {Describe(stats)}");
            }
            var now = instance.Time.GetUtcNow();
            var lastHour = TimeRange.From(now.AddHours(-1), now);
            var types = await instance.Source(configured.Uid).ProfileTypesAsync(lastHour, cancellationToken).ConfigureAwait(false);
            return Result(null, $"{PyroscopeEndpoint.Redact(configured.Url!)} answers: {types.Count} profile type(s) with data in the last hour");
        }
        catch (ResourceError e)
        {
            return Result(e.Message, null);
        }
        catch (SourceException e)
        {
            return Result(e.Message, null);
        }
    }

    private static string Describe(SourceStats stats) => stats.DataIngested
        ? $"holds profiles from {DateTimeOffset.FromUnixTimeMilliseconds(stats.OldestProfileTimeMs):u} to {DateTimeOffset.FromUnixTimeMilliseconds(stats.NewestProfileTimeMs):u}"
        : "holds no profiles yet";

    public static string KindName(DataSourceKind kind) => kind == DataSourceKind.Embedded ? "embedded" : "pyroscope";
}
