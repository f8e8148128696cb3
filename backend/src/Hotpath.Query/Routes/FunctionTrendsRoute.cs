using Hotpath.Query.Changes;
using Hotpath.Query.ProfileTypes;
using Hotpath.Query.Routing;

namespace Hotpath.Query.Routes;

/// <summary>A function's sparkline (its self and total in each of <c>points</c> equal buckets) and its change against the previous period.</summary>
public sealed record FunctionTrendView(string Name, long[] Self, long[] Total, ChangeValues Change, ChangeValues SelfChange);

public sealed record FunctionTrendsAnswer(ProfileTypeDescription ProfileType, RangeView Range, RangeView PreviousRange, double Step, IReadOnlyList<FunctionTrendView> Functions);

/// <summary>
/// <c>GET function-trends</c>: the top functions of a selection by self (the function table's order),
/// each with its cost over the range in <c>points</c> equal buckets and its change against the
/// previous period of the same length, in one call.
/// </summary>
public static class FunctionTrendsRoute
{
    public static async Task<ResourceResponse> HandleAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var q = new QueryParams(request);
        var source = q.Source();
        var profileType = q.ProfileType();
        var selector = q.Selector();
        var range = q.Range();
        var filters = q.FrameFilters();
        var points = q.Int("points", 24, 2, 120);
        var limit = q.Int("limit", 50, 1, 500);

        var (previous, functions) = await FunctionTrends.SelectAsync(source, profileType, selector, range, filters, points, limit, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var step = Math.Max(1, (range.EndMs - range.StartMs + 1) / points) / 1000.0;
        return ResourceResponse.Json(new FunctionTrendsAnswer(
            ProfileTypeInfo.Describe(profileType),
            new RangeView(range.StartMs, range.EndMs),
            new RangeView(previous.StartMs, previous.EndMs),
            step,
            [.. functions.Select(f => new FunctionTrendView(f.Name, f.Self, f.Total, ChangeValues.Of(f.TotalChange), ChangeValues.Of(f.SelfChange)))]),
            QueryJson.Wire.FunctionTrendsAnswer);
    }
}
