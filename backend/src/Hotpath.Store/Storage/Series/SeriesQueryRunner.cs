using Hotpath.Store.Labels;
using Hotpath.Store.Sqlite;
using Hotpath.Store.Storage.Integrity;

namespace Hotpath.Store.Storage.Series;

/// <summary>
/// SelectSeries. Whole profiles read only the (series, time, total) index; with a call site each
/// profile's value is computed from its sample rows by <c>valueOfSamples</c> instead.
/// </summary>
internal static class SeriesQueryRunner
{
    /// <summary>A profile's value from its sample rows blob (<see cref="Symbols.SampleRows"/>).</summary>
    public delegate long SamplesValue(ReadOnlySpan<byte> samples);

    // Dense arrays for the usual shapes (24 h at 15 s is 5,761 buckets); a sparse map when a tiny
    // step over a long range would make arrays huge (step may be as small as 1 ms).
    private const long DenseLimit = 65_536;

    private sealed class Group(long buckets)
    {
        private readonly double[]? _sums = buckets <= DenseLimit ? new double[buckets] : null;
        private readonly int[]? _counts = buckets <= DenseLimit ? new int[buckets] : null;
        private readonly SortedDictionary<long, (double Sum, int Count)>? _sparse = buckets <= DenseLimit ? null : [];

        public void Add(long bucket, double value)
        {
            if (_sums is not null)
            {
                _sums[bucket] += value;
                _counts![bucket]++;
                return;
            }
            _sparse!.TryGetValue(bucket, out var cell);
            _sparse[bucket] = (cell.Sum + value, cell.Count + 1);
        }

        public IEnumerable<(long Bucket, double Sum, int Count)> NonEmpty()
        {
            if (_sums is not null)
            {
                for (var k = 0; k < _sums.Length; k++)
                {
                    if (_counts![k] != 0)
                    {
                        yield return (k, _sums[k], _counts[k]);
                    }
                }
                yield break;
            }
            foreach (var (k, cell) in _sparse!)
            {
                yield return (k, cell.Sum, cell.Count);
            }
        }
    }

    public static IReadOnlyList<TimeSeries> Run(SqliteConnection db, IEnumerable<SeriesEntry> series, SeriesQuery query, SamplesValue? valueOfSamples = null)
    {
        var start = query.Range.StartMs;
        var end = query.Range.EndMs;
        var stepMs = Math.Max(1L, (long)(query.StepSeconds * 1000));
        var buckets = (end - start) / stepMs + 1;
        // Profiles with ms time in (start − step, end] can fall into a bucket.
        var lowNs = (start - stepMs + 1) * 1_000_000;
        var highNs = (end + 1) * 1_000_000;
        var groupBy = query.GroupBy.ToHashSet(StringComparer.Ordinal);
        var groups = new Dictionary<LabelSet, Group>();
        var rows = db.Prepare(valueOfSamples is null
            ? $"SELECT {RowChecks.HeadColumns} FROM profiles WHERE series_id = ?1 AND time_ns >= ?2 AND time_ns < ?3"
            : $"SELECT {RowChecks.ProfileColumns} FROM profiles WHERE series_id = ?1 AND time_ns >= ?2 AND time_ns < ?3");
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
                group.Add(k, valueOfSamples is null ? RowChecks.Total(rows, 0, e.Id) : valueOfSamples(RowChecks.Samples(rows, 0, e.Id)));
            }
        }

        var result = new List<(TimeSeries Series, double Total)>(groups.Count);
        foreach (var (labels, group) in groups)
        {
            var points = new List<SeriesPoint>();
            double total = 0;
            foreach (var (k, sum, count) in group.NonEmpty())
            {
                var value = query.Aggregation == SeriesAggregation.Average ? sum / count : sum;
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
