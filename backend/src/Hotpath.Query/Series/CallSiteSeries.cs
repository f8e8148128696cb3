using Hotpath.Engine.Selection;
using Hotpath.Engine.Stacks;
using Hotpath.Query.Concurrency;
using Hotpath.Query.Routing;
using Hotpath.Query.Selectors;
using Hotpath.Query.Sources;

namespace Hotpath.Query.Series;

/// <summary>
/// Series of one call path (only the value of stacks beginning with the call site's frames), computed
/// by the query service from merges: one merge per bucket and group, so the answer is the same over
/// every source (Pyroscope's v2 read path ignores a stack trace selector on SelectSeries, and the
/// embedded store does not index stacks by time). Buckets are SelectSeries' own: the point at
/// <c>t = start + k·step ≤ end</c> covers <c>(t − step, t]</c>; buckets with no profile are left out.
/// </summary>
public static class CallSiteSeries
{
    public const int MaxConcurrentMerges = 8;

    /// <summary>The summed value of the stacks that begin with <paramref name="callSite"/> (root first).</summary>
    public static long ValueOf(StackSet stacks, IReadOnlyList<string> callSite)
    {
        var ids = new int[callSite.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            if (!stacks.Names.TryGetId(callSite[i], out ids[i]))
            {
                return 0;
            }
        }
        long sum = 0;
        for (var s = 0; s < stacks.Count; s++)
        {
            if (stacks.FramesOf(s).StartsWith(ids))
            {
                sum = checked(sum + stacks.ValueOf(s));
            }
        }
        return sum;
    }

    /// <summary>
    /// The request's series, grouped and limited like SelectSeries. Refuses (400, naming <c>step</c>)
    /// a request needing more than <paramref name="maxMerges"/> merges.
    /// </summary>
    public static async Task<IReadOnlyList<SeriesData>> SelectAsync(IProfileSource source, SeriesRequest request, int maxMerges, CancellationToken cancellationToken)
    {
        var start = request.Range.StartMs;
        var end = request.Range.EndMs;
        var stepMs = Math.Max(1L, (long)(request.StepSeconds * 1000));
        var buckets = (end - start) / stepMs + 1;
        var reach = new TimeRange(Math.Max(1, start - stepMs + 1), end);

        var groups = await GroupsAsync(source, request, reach, cancellationToken).ConfigureAwait(false);
        if (groups.Count * buckets > maxMerges)
        {
            throw ResourceError.BadParameter("step",
                $"a call-site series over {buckets} points × {groups.Count} groups needs {groups.Count * buckets} merges, more than the limit of {maxMerges}; use a larger step or a narrower selector");
        }

        var cells = new List<(int Group, long Bucket)>();
        for (var g = 0; g < groups.Count; g++)
        {
            for (long k = 0; k < buckets; k++)
            {
                cells.Add((g, k));
            }
        }
        var values = await FanOut.MapAsync(cells, MaxConcurrentMerges, async (cell, token) =>
        {
            var t = start + cell.Bucket * stepMs;
            var bucket = new TimeRange(Math.Max(1, t - stepMs + 1), t);
            var stacks = await source.MergeStacksAsync(new MergeRequest(request.ProfileType, groups[cell.Group].Selector, bucket), token).ConfigureAwait(false);
            return stacks.Count == 0 ? (double?)null : ValueOf(stacks, request.CallSite);
        }, cancellationToken).ConfigureAwait(false);

        var counts = request.Aggregation == SeriesAggregationKind.Average
            ? await ProfileCountsAsync(source, request, cancellationToken).ConfigureAwait(false)
            : null;

        var result = new List<(SeriesData Series, double Total)>();
        for (var g = 0; g < groups.Count; g++)
        {
            var timestamps = new List<long>();
            var points = new List<double>();
            for (long k = 0; k < buckets; k++)
            {
                if (values[(int)(g * buckets + k)] is not { } value)
                {
                    continue;
                }
                var t = start + k * stepMs;
                if (counts is not null)
                {
                    var n = counts.GetValueOrDefault((Key(groups[g].Labels), t));
                    value = n > 0 ? value / n : value;
                }
                timestamps.Add(t);
                points.Add(value);
            }
            if (points.Count > 0)
            {
                result.Add((new SeriesData(groups[g].Labels, [.. timestamps], [.. points]), points.Sum()));
            }
        }
        IEnumerable<(SeriesData Series, double Total)> kept = result;
        if (request.Limit is > 0 and var limit && result.Count > limit)
        {
            kept = result.OrderByDescending(r => r.Total).Take(limit);
        }
        return [.. kept.Select(r => r.Series)];
    }

    private sealed record Group(SeriesLabels Labels, string Selector);

    /// <summary>
    /// The groups with profiles that can reach a bucket, each with the selector that picks exactly its
    /// series (<c>name=""</c> for a group-by label the group lacks).
    /// </summary>
    private static async Task<IReadOnlyList<Group>> GroupsAsync(IProfileSource source, SeriesRequest request, TimeRange reach, CancellationToken cancellationToken)
    {
        if (request.GroupBy.Count == 0)
        {
            return [new Group(new SeriesLabels([]), request.Selector)];
        }
        var sets = await source.SeriesLabelsAsync(SelectorText.WithProfileType(request.Selector, request.ProfileType), request.GroupBy, reach, cancellationToken).ConfigureAwait(false);
        var groups = new List<Group>(sets.Count);
        foreach (var set in sets.DistinctBy(Key))
        {
            var selector = LabelSelector.Parse(request.Selector);
            foreach (var name in request.GroupBy)
            {
                selector = selector.With(name, set.Get(name) ?? "");
            }
            groups.Add(new Group(new SeriesLabels([.. set.Pairs.Where(p => request.GroupBy.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal)]), selector.ToString()));
        }
        return groups;
    }

    /// <summary>Profiles per (group, point), for averaging: the ratio of the whole profiles' summed and averaged series.</summary>
    private static async Task<Dictionary<(string, long), long>> ProfileCountsAsync(IProfileSource source, SeriesRequest request, CancellationToken cancellationToken)
    {
        var whole = request with { CallSite = [], Limit = null };
        var sums = await source.SelectSeriesAsync(whole with { Aggregation = SeriesAggregationKind.Sum }, cancellationToken).ConfigureAwait(false);
        var averages = await source.SelectSeriesAsync(whole with { Aggregation = SeriesAggregationKind.Average }, cancellationToken).ConfigureAwait(false);
        var averageOf = new Dictionary<(string, long), double>();
        foreach (var s in averages)
        {
            for (var i = 0; i < s.TimestampsMs.Length; i++)
            {
                averageOf[(Key(s.Labels), s.TimestampsMs[i])] = s.Values[i];
            }
        }
        var counts = new Dictionary<(string, long), long>();
        foreach (var s in sums)
        {
            for (var i = 0; i < s.TimestampsMs.Length; i++)
            {
                var key = (Key(s.Labels), s.TimestampsMs[i]);
                if (averageOf.TryGetValue(key, out var average) && average != 0)
                {
                    counts[key] = (long)Math.Round(s.Values[i] / average);
                }
            }
        }
        return counts;
    }

    private static string Key(SeriesLabels labels) =>
        string.Join('\u0001', labels.Pairs.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + '\u0002' + p.Value));
}
