using Hotpath.Query.ProfileTypes;
using Hotpath.Query.Routing;
using Hotpath.Query.Selectors;
using Hotpath.Query.Series;
using Hotpath.Query.Sources;

namespace Hotpath.Query.Routes;

/// <summary>The answer of <c>series</c> and <c>function-series</c>: largest total first; <c>totalSeries</c> counts the groups before <c>limit</c>.</summary>
public sealed record SeriesAnswer(ProfileTypeDescription ProfileType, double Step, IReadOnlyList<SeriesView> Series, int TotalSeries);

/// <summary>
/// <c>GET series</c>: one profile type over time, grouped by labels, top <c>limit</c> groups by total.
/// The All services grid is one call (<c>groupBy=service_name</c>), a label breakdown another.
/// </summary>
public static class SeriesRoute
{
    public static Task<ResourceResponse> HandleAsync(ResourceRequest request, CancellationToken cancellationToken) =>
        AnswerAsync(request, callSiteRequired: false, cancellationToken);

    /// <summary>The most frames a call site may have: deeper than any real stack, small enough to bound the request.</summary>
    public const int MaxCallSiteFrames = 4_096;

    /// <summary>Points of a call-site series when no step is given (each point is one merge per group).</summary>
    public const int CallSiteDefaultPoints = 100;

    internal static async Task<ResourceResponse> AnswerAsync(ResourceRequest request, bool callSiteRequired, CancellationToken cancellationToken)
    {
        var query = new QueryParams(request);
        var limits = request.Context.Instance.Settings.Limits;
        var source = query.Source();
        var profileType = query.ProfileType();
        var selector = query.Selector();
        var range = query.Range();
        var callSite = query.StringArray("callSite", MaxCallSiteFrames);
        // A call-site series costs one merge per point: fewer points by default.
        var step = query.Step(range, defaultPoints: callSite.Count > 0 ? CallSiteDefaultPoints : 1000);
        var groupBy = query.LabelNames("groupBy");
        var limit = query.Int("limit", limits.MaxSeries, 1, limits.MaxSeries);
        var type = ProfileTypeInfo.Describe(profileType);
        var defaultAggregation = type.Aggregation == "average" ? SeriesAggregationKind.Average : SeriesAggregationKind.Sum;
        var aggregation = query.Aggregation("aggregation", defaultAggregation);
        if (callSiteRequired && callSite.Count == 0)
        {
            throw ResourceError.BadParameter("callSite", "is required: a JSON array of frame names, root first, e.g. [\"main\",\"run\"]");
        }

        var seriesRequest = new SeriesRequest(profileType, selector, range, step)
        {
            GroupBy = groupBy,
            Aggregation = aggregation,
            Limit = limit,
            CallSite = callSite,
        };
        var series = callSite.Count > 0
            ? await CallSiteSeries.SelectAsync(source, seriesRequest, limits.MaxCallSiteMerges, cancellationToken).ConfigureAwait(false)
            : await source.SelectSeriesAsync(seriesRequest, cancellationToken).ConfigureAwait(false);

        var totalSeries = series.Count;
        if (series.Count >= limit && groupBy.Count > 0)
        {
            // The source kept the top `limit` groups; count the groups it had from the label index.
            var groups = await source.SeriesLabelsAsync(SelectorText.WithProfileType(selector, profileType), groupBy, range, cancellationToken).ConfigureAwait(false);
            totalSeries = Math.Max(totalSeries, groups.Count);
        }
        var views = SeriesView.SortByTotal(series.Select(SeriesView.Of));
        if (views.Count > limit)
        {
            views.RemoveRange(limit, views.Count - limit);
        }
        return ResourceResponse.Json(new SeriesAnswer(type, step, views, totalSeries), QueryJson.Wire.SeriesAnswer);
    }
}
