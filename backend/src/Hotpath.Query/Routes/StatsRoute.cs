using Hotpath.Query.Routing;

namespace Hotpath.Query.Routes;

/// <summary>Whether the source holds any profile; the times are left out when it holds none.</summary>
public sealed record StatsAnswer(bool DataIngested, long? OldestProfileTimeMs, long? NewestProfileTimeMs);

/// <summary><c>GET stats</c>: whether a source holds profiles at all (the onboarding page shows when not).</summary>
public static class StatsRoute
{
    public static async Task<ResourceResponse> HandleAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var source = new QueryParams(request).Source();
        var stats = await source.StatsAsync(cancellationToken).ConfigureAwait(false);
        var answer = stats.DataIngested
            ? new StatsAnswer(true, stats.OldestProfileTimeMs, stats.NewestProfileTimeMs)
            : new StatsAnswer(false, null, null);
        return ResourceResponse.Json(answer, QueryJson.Wire.StatsAnswer);
    }
}
