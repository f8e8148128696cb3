using Hotpath.Query.Sources;

namespace Hotpath.Query.Series;

/// <summary>
/// Summary numbers of a series' points: <c>total</c> their sum, <c>average</c> the mean of the
/// points shown, <c>max</c> the largest, <c>points</c> their number (all 0 for no points).
/// </summary>
public sealed record SeriesStats(double Total, double Average, double Max, int Points)
{
    public static SeriesStats Of(double[] values)
    {
        if (values.Length == 0)
        {
            return new SeriesStats(0, 0, 0, 0);
        }
        double total = 0;
        var max = double.MinValue;
        foreach (var v in values)
        {
            total += v;
            max = Math.Max(max, v);
        }
        return new SeriesStats(total, total / values.Length, max, values.Length);
    }
}

/// <summary>One series as the views answer it: labels, two columns of points (time ascending) and stats.</summary>
public sealed record SeriesView(IReadOnlyDictionary<string, string> Labels, long[] Timestamps, double[] Values, SeriesStats Stats)
{
    public static SeriesView Of(SeriesData data)
    {
        var labels = new Dictionary<string, string>(data.Labels.Pairs.Count, StringComparer.Ordinal);
        foreach (var (name, value) in data.Labels.Pairs.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            labels[name] = value;
        }
        return new SeriesView(labels, data.TimestampsMs, data.Values, SeriesStats.Of(data.Values));
    }

    /// <summary>A series with no points (a type with no profile on the step grid), labelled as given.</summary>
    public static SeriesView Empty(IReadOnlyDictionary<string, string> labels) => new(labels, [], [], SeriesStats.Of([]));

    /// <summary>
    /// Largest total first; ties by labels (ordinal over the sorted pairs), so two sources holding the
    /// same data answer the same order.
    /// </summary>
    public static List<SeriesView> SortByTotal(IEnumerable<SeriesView> series)
    {
        var list = series.ToList();
        list.Sort((a, b) =>
        {
            var byTotal = b.Stats.Total.CompareTo(a.Stats.Total);
            return byTotal != 0 ? byTotal : string.CompareOrdinal(LabelKey(a), LabelKey(b));
        });
        return list;
    }

    private static string LabelKey(SeriesView s) => string.Join('\u0001', s.Labels.Select(p => p.Key + '\u0002' + p.Value));
}
