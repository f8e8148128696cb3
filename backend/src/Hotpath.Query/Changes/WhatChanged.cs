using Hotpath.Engine.Changes;
using Hotpath.Engine.Filters;
using Hotpath.Engine.Selection;
using Hotpath.Query.Concurrency;
using Hotpath.Query.Selectors;
using Hotpath.Query.Sources;

namespace Hotpath.Query.Changes;

/// <summary>A selection compared over two ranges.</summary>
public sealed record ChangeQuery(IProfileSource Source, string ProfileType, string Selector, TimeRange Baseline, TimeRange Comparison, FrameFilters Filters, int Limit);

/// <summary>What moved, each list sorted by |delta| (see <see cref="WhatChanged"/>).</summary>
public sealed record ChangeReport(
    Change Total,
    IReadOnlyList<FunctionChange> Functions,
    IReadOnlyList<LabelChange> Labels,
    IReadOnlyList<PairChange> Pairs);

public sealed record LabelChange(string Label, string Value, Change Change);

public sealed record PairChange(string Label, string Value, FunctionChange Function);

/// <summary>
/// Answers "what changed?" for a selection between a baseline and a comparison range: its
/// functions (<see cref="FunctionChanges"/>), each label's values, and the functions that moved
/// within the values that moved most.
/// </summary>
/// <remarks>
/// Each range is cut into equal buckets merged (or summed) on their own, so a change comes with
/// the spread between buckets as its noise: <see cref="FunctionBuckets"/> merges per side for the
/// functions, one series query per label name and side for the labels (points of one bucket
/// each), and <see cref="PairBuckets"/> merges per side for each of the <see cref="PairValues"/>
/// label values that moved most. Labels with one value across both ranges explain nothing and are
/// left out, as are reserved ones. Rates are per second of each range; for instant profile types
/// (in-use memory, goroutines) that is the sum of the snapshots per second, so compare ranges
/// profiled at the same cadence.
/// </remarks>
public static class WhatChanged
{
    public const int FunctionBuckets = 6;
    public const int PairBuckets = 4;
    public const int PairValues = 5;
    public const int FunctionsPerPair = 3;
    public const int MaxLabelValues = 100;
    private const int MaxConcurrentCalls = 8;

    public static async Task<ChangeReport> CompareAsync(ChangeQuery query, CancellationToken cancellationToken)
    {
        var functionsTask = RankFunctionsAsync(query, query.Selector, FunctionBuckets, query.Limit, cancellationToken);
        var labelsTask = RankLabelsAsync(query, cancellationToken);
        await Task.WhenAll(functionsTask, labelsTask).ConfigureAwait(false);
        var (total, functions) = functionsTask.Result;

        // Recompute label shares against the selection's total change (series sums and merged
        // stacks count the same samples, so this is the same total the functions use).
        var labels = labelsTask.Result
            .Select(l => l with { Change = l.Change with { Share = Change.ShareOf(l.Change.Delta, total.Delta) } })
            .ToList();

        var moved = labels.Take(PairValues).ToList();
        var pairLists = await FanOut.MapAsync(moved, 2, async (label, token) =>
        {
            var selector = SelectorText.With(query.Selector, label.Label, label.Value);
            var (_, rows) = await RankFunctionsAsync(query, selector, PairBuckets, FunctionsPerPair, token).ConfigureAwait(false);
            // Shares against the whole selection's change, as every other list.
            return rows.Select(f => new PairChange(label.Label, label.Value, Reshare(f, total.Delta))).ToList();
        }, cancellationToken).ConfigureAwait(false);
        var pairs = pairLists.SelectMany(p => p)
            .OrderByDescending(p => Math.Abs(p.Function.Total.Delta))
            .ThenBy(p => p.Label, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .ThenBy(p => p.Function.Function, StringComparer.Ordinal)
            .Take(query.Limit)
            .ToList();
        return new ChangeReport(total, functions, labels.Take(query.Limit).ToList(), pairs);
    }

    private static FunctionChange Reshare(FunctionChange f, double totalDelta) => f with
    {
        Total = f.Total with { Share = Change.ShareOf(f.Total.Delta, totalDelta) },
        Self = f.Self with { Share = Change.ShareOf(f.Self.Delta, totalDelta) },
    };

    private static async Task<(Change Total, IReadOnlyList<FunctionChange> Functions)> RankFunctionsAsync(
        ChangeQuery query, string selector, int buckets, int limit, CancellationToken cancellationToken)
    {
        var ranges = Buckets(query.Baseline, buckets).Concat(Buckets(query.Comparison, buckets)).ToList();
        var options = new StackOptions(query.Filters, Granularity.Functions);
        var merged = await FanOut.MapAsync(ranges, MaxConcurrentCalls,
            (range, token) => SelectionStacks.MergeAsync(query.Source, new MergeRequest(query.ProfileType, selector, range), options, token), cancellationToken).ConfigureAwait(false);
        var baseline = new ChangeSide(merged[..buckets], Seconds(query.Baseline));
        var comparison = new ChangeSide(merged[buckets..], Seconds(query.Comparison));
        return FunctionChanges.Rank(baseline, comparison, limit);
    }

    private static async Task<IReadOnlyList<LabelChange>> RankLabelsAsync(ChangeQuery query, CancellationToken cancellationToken)
    {
        var whole = new TimeRange(query.Baseline.StartMs, Math.Max(query.Baseline.EndMs, query.Comparison.EndMs));
        var typed = SelectorText.WithProfileType(query.Selector, query.ProfileType);
        var names = (await query.Source.LabelNamesAsync(typed, whole, cancellationToken).ConfigureAwait(false))
            .Where(n => !SelectorText.IsReserved(n))
            .ToList();
        var perName = await FanOut.MapAsync(names, MaxConcurrentCalls, async (name, token) =>
        {
            var baseline = await ValueBucketsAsync(query, name, query.Baseline, token).ConfigureAwait(false);
            var comparison = await ValueBucketsAsync(query, name, query.Comparison, token).ConfigureAwait(false);
            var values = baseline.Keys.Union(comparison.Keys, StringComparer.Ordinal).ToList();
            if (values.Count < 2 || values.Count > MaxLabelValues)
            {
                return [];
            }
            var empty = new long[FunctionBuckets];
            return values
                .Select(v => new LabelChange(name, v, Change.Of(
                    baseline.GetValueOrDefault(v, empty), Seconds(query.Baseline),
                    comparison.GetValueOrDefault(v, empty), Seconds(query.Comparison), totalDelta: 0)))
                .Where(l => l.Change.Delta != 0)
                .ToList();
        }, cancellationToken).ConfigureAwait(false);
        return perName.SelectMany(l => l)
            .OrderByDescending(l => Math.Abs(l.Change.Delta))
            .ThenBy(l => l.Label, StringComparer.Ordinal).ThenBy(l => l.Value, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Per value of <paramref name="name"/>, its sum in each of <see cref="FunctionBuckets"/> equal
    /// buckets of <paramref name="range"/>, from one series query: a point at <c>t</c> sums
    /// <c>(t − step, t]</c> at <c>t = start + k·step</c>, so over <c>[start − 1, end]</c> with the bucket
    /// as step, point k ≥ 1 is bucket k − 1 (point 0 covers the time before and is ignored). The
    /// step carries half a millisecond more so every reader's truncation to milliseconds gives it
    /// back (as <c>labels</c> does).
    /// </summary>
    private static async Task<Dictionary<string, long[]>> ValueBucketsAsync(ChangeQuery query, string name, TimeRange range, CancellationToken cancellationToken)
    {
        var bucketMs = Math.Max(1, (range.EndMs - range.StartMs + 1) / FunctionBuckets);
        var origin = Math.Max(1, range.StartMs - 1);
        var series = await query.Source.SelectSeriesAsync(new SeriesRequest(query.ProfileType, query.Selector, new TimeRange(origin, range.EndMs), (bucketMs + 0.5) / 1000.0)
        {
            GroupBy = [name],
            Aggregation = SeriesAggregationKind.Sum,
        }, cancellationToken).ConfigureAwait(false);
        var result = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var s in series)
        {
            var value = s.Labels.Get(name);
            if (value is null)
            {
                continue;
            }
            var buckets = result.TryGetValue(value, out var existing) ? existing : new long[FunctionBuckets];
            for (var i = 0; i < s.TimestampsMs.Length; i++)
            {
                var k = (s.TimestampsMs[i] - origin) / bucketMs;
                if (k >= 1)
                {
                    buckets[(int)Math.Min(k, FunctionBuckets) - 1] += (long)Math.Round(s.Values[i]);
                }
            }
            result[value] = buckets;
        }
        return result;
    }

    /// <summary><paramref name="count"/> consecutive disjoint ranges covering <paramref name="range"/> (ends inclusive).</summary>
    internal static IEnumerable<TimeRange> Buckets(TimeRange range, int count)
    {
        // The same boundaries as the series buckets: equal whole milliseconds, the last one taking
        // the remainder.
        var bucketMs = Math.Max(1, (range.EndMs - range.StartMs + 1) / count);
        for (var i = 0; i < count; i++)
        {
            var start = range.StartMs + bucketMs * i;
            var end = i == count - 1 ? range.EndMs : start + bucketMs - 1;
            yield return new TimeRange(Math.Min(start, range.EndMs), Math.Min(Math.Max(start, end), range.EndMs));
        }
    }

    private static double Seconds(TimeRange range) => (range.EndMs - range.StartMs + 1) / 1000.0;
}
