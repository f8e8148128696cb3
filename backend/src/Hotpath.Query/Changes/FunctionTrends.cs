using Hotpath.Engine.Changes;
using Hotpath.Engine.Filters;
using Hotpath.Engine.Selection;
using Hotpath.Query.Concurrency;
using Hotpath.Query.Sources;

namespace Hotpath.Query.Changes;

/// <summary>A function's cost over a range in equal buckets, and its change against the period before.</summary>
public sealed record FunctionTrend(string Name, long[] Self, long[] Total, Change TotalChange, Change SelfChange);

/// <summary>
/// The top functions of a selection, each with its cost in every bucket of the range (a
/// sparkline) and its change against the previous period of the same length — in one call, from
/// one merge per bucket of the range and of the period before it.
/// </summary>
public static class FunctionTrends
{
    private const int MaxConcurrentMerges = 8;

    /// <summary>
    /// The first <paramref name="limit"/> functions by self over <paramref name="range"/> (then total,
    /// then name: the function table's order), each with <paramref name="points"/> buckets.
    /// </summary>
    public static async Task<(TimeRange Previous, IReadOnlyList<FunctionTrend> Functions)> SelectAsync(
        IProfileSource source, string profileType, string selector, TimeRange range, FrameFilters filters, int points, int limit,
        CancellationToken cancellationToken)
    {
        var previous = PreviousPeriod(range);
        var ranges = WhatChanged.Buckets(previous, points).Concat(WhatChanged.Buckets(range, points)).ToList();
        var options = new StackOptions(filters, Granularity.Functions);
        var merged = await FanOut.MapAsync(ranges, MaxConcurrentMerges,
            (r, token) => SelectionStacks.MergeAsync(source, new MergeRequest(profileType, selector, r), options, token), cancellationToken).ConfigureAwait(false);
        var table = FunctionBuckets.Build(merged[..points], merged[points..]);
        var seconds = (range.EndMs - range.StartMs + 1) / 1000.0;
        var totalDelta = Sum(table.ComparisonGrand) / seconds - Sum(table.BaselineGrand) / seconds;

        var top = table.Rows
            .Select(kv => (Name: kv.Key, Row: kv.Value, Self: Sum(kv.Value.ComparisonSelf), Total: Sum(kv.Value.ComparisonTotal)))
            .Where(f => f.Self != 0 || f.Total != 0)
            .OrderByDescending(f => f.Self).ThenByDescending(f => f.Total).ThenBy(f => f.Name, StringComparer.Ordinal)
            .Take(limit)
            .Select(f => new FunctionTrend(f.Name, f.Row.ComparisonSelf, f.Row.ComparisonTotal,
                Change.Of(f.Row.BaselineTotal, seconds, f.Row.ComparisonTotal, seconds, totalDelta),
                Change.Of(f.Row.BaselineSelf, seconds, f.Row.ComparisonSelf, seconds, totalDelta)))
            .ToList();
        return (previous, top);
    }

    /// <summary>The range of the same length that ends just before <paramref name="range"/> starts.</summary>
    public static TimeRange PreviousPeriod(TimeRange range)
    {
        var length = range.EndMs - range.StartMs + 1;
        return new TimeRange(Math.Max(1, range.StartMs - length), Math.Max(1, range.StartMs - 1));
    }

    private static long Sum(ReadOnlySpan<long> values)
    {
        long sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }
        return sum;
    }
}
