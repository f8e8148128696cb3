using Hotpath.Engine.Selection;
using Hotpath.Query.Concurrency;
using Hotpath.Query.Routing;
using Hotpath.Query.Selectors;
using Hotpath.Query.Sources;

namespace Hotpath.Query.Routes;

public sealed record LabelValueTotal(string Value, double Total);

/// <summary>A label, its number of distinct values in range, and its top values by total.</summary>
public sealed record LabelSummary(string Name, int Cardinality, IReadOnlyList<LabelValueTotal> Values);

public sealed record LabelsAnswer(IReadOnlyList<LabelSummary> Labels);

/// <summary>
/// <c>GET labels</c>: the labels of one profile type's selected series by cardinality, largest first,
/// each with its top values by total over the range. Per label: its values (the cardinality) and a
/// series point per value covering exactly the range; labels are processed at most
/// <see cref="MaxConcurrentLabels"/> at a time, as Explore Profiles bounds its value lookups.
/// </summary>
public static class LabelsRoute
{
    public const int MaxConcurrentLabels = 20;

    public static async Task<ResourceResponse> HandleAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var query = new QueryParams(request);
        var source = query.Source();
        var profileType = query.ProfileType();
        var selector = SelectorText.WithProfileType(query.Selector(), profileType);
        var range = query.Range();
        var top = query.Int("top", 10, 0, 100);

        var names = (await source.LabelNamesAsync(selector, range, cancellationToken).ConfigureAwait(false))
            .Where(n => !SelectorText.IsReserved(n))
            .ToList();
        var (pointRange, pointStep) = WholeRangePoint(range);
        var summaries = await FanOut.MapAsync(names, MaxConcurrentLabels, async (name, token) =>
        {
            var values = await source.LabelValuesAsync(name, selector, range, token).ConfigureAwait(false);
            if (top == 0 || values.Count == 0)
            {
                return new LabelSummary(name, values.Count, []);
            }
            // Every group, no source-side limit: the source would rank by both points, and the first
            // covers the time before the range. Values seen only before the range are dropped.
            var series = await source.SelectSeriesAsync(new SeriesRequest(profileType, selector, pointRange, pointStep)
            {
                GroupBy = [name],
                Aggregation = SeriesAggregationKind.Sum,
            }, token).ConfigureAwait(false);
            var inRange = values.ToHashSet(StringComparer.Ordinal);
            var totals = series
                .Select(s => new LabelValueTotal(s.Labels.Get(name) ?? "", PointAt(s, range.EndMs)))
                .Where(v => inRange.Contains(v.Value))
                .OrderByDescending(v => v.Total)
                .ThenBy(v => v.Value, StringComparer.Ordinal)
                .Take(top)
                .ToList();
            return new LabelSummary(name, values.Count, totals);
        }, cancellationToken).ConfigureAwait(false);

        var ordered = summaries
            .OrderByDescending(s => s.Cardinality)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        return ResourceResponse.Json(new LabelsAnswer(ordered), QueryJson.Wire.LabelsAnswer);
    }

    /// <summary>
    /// A series query with a point covering exactly <paramref name="range"/>: points aggregate
    /// <c>(t − step, t]</c> at <c>t = start + k·step ≤ end</c>, so over <c>[start − 1, end]</c> with a
    /// step of the range plus 1 ms the point at <c>end</c> covers <c>[start, end]</c> (the other one, at
    /// <c>start − 1</c>, covers the time before and is ignored). The step carries half a millisecond
    /// more, so that every reader's conversion to whole milliseconds — truncating seconds × 1000 here,
    /// truncating nanoseconds in Pyroscope — gives the same step back.
    /// </summary>
    internal static (TimeRange Range, double StepSeconds) WholeRangePoint(TimeRange range)
    {
        var stepMs = range.EndMs - range.StartMs + 1;
        return (new TimeRange(Math.Max(1, range.StartMs - 1), range.EndMs), (stepMs + 0.5) / 1000.0);
    }

    private static double PointAt(SeriesData series, long timestampMs)
    {
        var i = Array.IndexOf(series.TimestampsMs, timestampMs);
        return i < 0 ? 0 : series.Values[i];
    }
}
