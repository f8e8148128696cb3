using Hotpath.Query.Health;
using Hotpath.Query.Routing;

namespace Hotpath.Query.Routes;

/// <summary>
/// <c>GET health</c>: the same checks as Grafana's CheckHealth, as JSON. Answers 200 whatever the
/// sources' state: the request itself succeeded, and the body says which source failed and why.
/// </summary>
public sealed class HealthRoute(HealthChecker checker)
{
    public async Task<ResourceResponse> HandleAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var report = await checker.CheckAsync(request.Context.Instance, cancellationToken).ConfigureAwait(false);
        return ResourceResponse.Json(report, QueryJson.Wire.HealthReport);
    }
}
