using Hotpath.Engine.ProfileTypes;
using Hotpath.Engine.Selection;
using Hotpath.Query.Concurrency;
using Hotpath.Query.ProfileTypes;
using Hotpath.Query.Routing;
using Hotpath.Query.Selectors;
using Hotpath.Query.Series;
using Hotpath.Query.Sources;

namespace Hotpath.Query.Routes;

public sealed record ServiceProfileType(ProfileTypeDescription ProfileType, SeriesView Series);

/// <summary>One service's profile types (by category, then id), each with its series.</summary>
public sealed record ServiceAnswer(string Service, double Step, IReadOnlyList<ServiceProfileType> ProfileTypes);

/// <summary>
/// <c>GET service</c>: the Single service grid in one call. The types come from one label scan; their
/// series are fetched in parallel, at most <see cref="MaxConcurrentSeries"/> at a time.
/// </summary>
public static class ServiceRoute
{
    public const int MaxConcurrentSeries = 8;

    public static async Task<ResourceResponse> HandleAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var query = new QueryParams(request);
        var source = query.Source();
        var service = query.Required("service");
        var selector = SelectorText.With(query.Selector(), ReservedLabels.ServiceName, service);
        var range = query.Range();
        var step = query.Step(range);

        var sets = await source.SeriesLabelsAsync(selector, [ReservedLabels.ProfileType], range, cancellationToken).ConfigureAwait(false);
        var types = sets
            .Select(s => s.Get(ReservedLabels.ProfileType))
            .Select(t => t is not null && ProfileTypeId.TryParse(t, out var id) ? id : (ProfileTypeId?)null)
            .OfType<ProfileTypeId>()
            .DistinctBy(t => t.ToString())
            .OrderBy(ProfileTypeInfo.Category)
            .ThenBy(t => t.ToString(), StringComparer.Ordinal)
            .ToList();

        var labels = new Dictionary<string, string> { [ReservedLabels.ServiceName] = service };
        var entries = await FanOut.MapAsync(types, MaxConcurrentSeries, async (type, token) =>
        {
            var view = ProfileTypeInfo.Describe(type);
            var series = await source.SelectSeriesAsync(new SeriesRequest(view.Id, selector, range, step)
            {
                GroupBy = [ReservedLabels.ServiceName],
                Aggregation = ProfileTypeInfo.DefaultAggregation(type) == TimeAggregation.Average ? SeriesAggregationKind.Average : SeriesAggregationKind.Sum,
            }, token).ConfigureAwait(false);
            return new ServiceProfileType(view, series.Count > 0 ? SeriesView.Of(series[0]) : SeriesView.Empty(labels));
        }, cancellationToken).ConfigureAwait(false);

        return ResourceResponse.Json(new ServiceAnswer(service, step, entries), QueryJson.Wire.ServiceAnswer);
    }
}
