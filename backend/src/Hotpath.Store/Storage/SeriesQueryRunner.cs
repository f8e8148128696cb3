using Hotpath.Store.Labels;
using Hotpath.Store.Sqlite;

namespace Hotpath.Store.Storage;

/// <summary>SelectSeries over the (series, time, total) index: never reads sample rows.</summary>
internal static class SeriesQueryRunner
{
    private sealed class Group(int buckets)
    {
        public readonly double[] Sums = new double[buckets];
        public readonly int[] Counts = new int[buckets];
    }

    public static IReadOnlyList<TimeSeries> Run(SqliteConnection db, IEnumerable<SeriesEntry> series, SeriesQuery query)
    {
        var start = query.Range.StartMs;
        var end = query.Range.EndMs;
        var stepMs = Math.Max(1L, (long)Math.Round(query.StepSeconds * 1000));
        var buckets = (int)Math.Min(int.MaxValue, (end - start) / stepMs + 1);
        // Profiles with ms time in (start − step, end] can fall into a bucket.
        var lowNs = (start - stepMs + 1) * 1_000_000;
        var highNs = (end + 1) * 1_000_000;
        var groupBy = query.GroupBy.ToHashSet(StringComparer.Ordinal);
        var groups = new Dictionary<LabelSet, Group>();
        var rows = db.Prepare("SELECT time_ns, total FROM profiles WHERE series_id = ?1 AND time_ns >= ?2 AND time_ns < ?3");
        foreach (var e in series)
        {
            if (!e.MayOverlap(lowNs, highNs - 1))
            {
                continue;
            }
            var key = groupBy.Count == 0 ? LabelSet.Empty : e.Labels.Only(groupBy);
            if (!groups.TryGetValue(key, out var group))
            {
                group = new Group(buckets);
                groups.Add(key, group);
            }
            rows.Reset();
            rows.Bind(1, e.Id).Bind(2, lowNs).Bind(3, highNs);
            while (rows.Step())
            {
                var ms = ProfileStore.FloorMs(rows.Long(0));
                var k = ms <= start ? 0 : (ms - start + stepMs - 1) / stepMs;
                if (k >= buckets)
                {
                    continue;
                }
                group.Sums[k] += rows.Long(1);
                group.Counts[k]++;
            }
        }

        var result = new List<(TimeSeries Series, double Total)>(groups.Count);
        foreach (var (labels, group) in groups)
        {
            var points = new List<SeriesPoint>();
            double total = 0;
            for (var k = 0; k < buckets; k++)
            {
                if (group.Counts[k] == 0)
                {
                    continue;
                }
                var value = query.Aggregation == SeriesAggregation.Average ? group.Sums[k] / group.Counts[k] : group.Sums[k];
                points.Add(new SeriesPoint(start + k * stepMs, value));
                total += value;
            }
            if (points.Count > 0)
            {
                result.Add((new TimeSeries(labels, points), total));
            }
        }
        IEnumerable<(TimeSeries Series, double Total)> kept = result;
        if (query.Limit is > 0 and var limit && result.Count > limit)
        {
            kept = result.OrderByDescending(r => r.Total).Take(limit);
        }
        var list = kept.Select(r => r.Series).ToList();
        list.Sort((a, b) => LabelSet.Compare(a.Labels, b.Labels));
        return list;
    }
}
