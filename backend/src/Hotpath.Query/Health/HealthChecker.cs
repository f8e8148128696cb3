using Hotpath.Pyroscope.Client;
using Hotpath.Query.Settings;
using Hotpath.Store.Files;

namespace Hotpath.Query.Health;

/// <summary>
/// Runs a real check of every configured source in parallel: the embedded store's folder is
/// writable and durable; each Pyroscope answers its query API with the configured credentials.
/// </summary>
public sealed class HealthChecker(HttpClient http, TimeProvider time)
{
    public async Task<HealthReport> CheckAsync(HotpathSettings settings, CancellationToken cancellationToken)
    {
        var checks = settings.DataSources.Select(s => CheckOneAsync(s, settings.StorePath, cancellationToken));
        var sources = await Task.WhenAll(checks).ConfigureAwait(false);
        var failed = sources.Where(s => s.Status != "ok").ToList();
        var message = failed.Count == 0
            ? sources.Length == 1 ? "1 data source is healthy" : $"all {sources.Length} data sources are healthy"
            : string.Join("; ", failed.Select(f => $"{f.Name} ({f.Uid}): {f.Message}"));
        return new HealthReport(failed.Count == 0 ? "ok" : "error", message, sources);
    }

    private async Task<SourceHealth> CheckOneAsync(DataSourceSettings source, string storePath, CancellationToken cancellationToken)
    {
        var problem = source.Kind switch
        {
            DataSourceKind.Embedded => StoreDirectory.Check(storePath),
            _ => await PyroscopeProbe.ProbeAsync(http, ToEndpoint(source), time, cancellationToken).ConfigureAwait(false),
        };
        var ok = problem is null;
        var fine = source.Kind == DataSourceKind.Embedded ? $"store folder '{storePath}' is writable" : $"{PyroscopeEndpoint.Redact(source.Url!)} answers";
        return new SourceHealth(source.Uid, source.Name, KindName(source.Kind), ok ? "ok" : "error", problem ?? fine);
    }

    public static string KindName(DataSourceKind kind) => kind == DataSourceKind.Embedded ? "embedded" : "pyroscope";

    public static PyroscopeEndpoint ToEndpoint(DataSourceSettings source) =>
        new(source.Url!, source.Tenant, source.BasicAuthUser, source.BasicAuthPassword, source.BearerToken, source.Timeout);
}
