using Hotpath.Query.Routing;

namespace Hotpath.Query.Routes;

/// <summary>
/// <c>GET function-series</c>: the cost of one call path over time (the value of stacks beginning with
/// <c>callSite</c>), grouped like <c>series</c>; the same parameters and answer with <c>callSite</c> required.
/// </summary>
public static class FunctionSeriesRoute
{
    public static Task<ResourceResponse> HandleAsync(ResourceRequest request, CancellationToken cancellationToken) =>
        SeriesRoute.AnswerAsync(request, callSiteRequired: true, cancellationToken);
}
