using Hotpath.Engine.Errors;
using Hotpath.Engine.Model;
using Hotpath.Engine.ProfileTypes;
using Hotpath.Engine.Selection;
using Hotpath.Engine.Stacks;

namespace Hotpath.Query.Sources;

/// <summary>
/// Where profiles come from: the embedded store or a Pyroscope server. The query service composes
/// every view from these calls and the engine, so a view answers the same over either source.
/// </summary>
/// <remarks>
/// Contracts shared by every implementation:
/// <list type="bullet">
/// <item>Selectors are Pyroscope label selectors (<c>{service_name="x", pod=~"a|b"}</c>, <c>{}</c> for
/// all), already checked by the caller; the profile type is a full id
/// (<c>process_cpu:cpu:nanoseconds:cpu:nanoseconds</c>). Ranges are inclusive milliseconds.</item>
/// <item>Failures are <see cref="SourceException"/> classified as the caller's fault, the source's,
/// or a timeout; cancellation by the caller propagates as <see cref="OperationCanceledException"/>.</item>
/// <item>Results are sorted as documented per method, so two sources holding the same data answer
/// equal values.</item>
/// </list>
/// </remarks>
public interface IProfileSource
{
    /// <summary>The configured source's uid.</summary>
    string Uid { get; }

    /// <summary>Profile types with data in range, sorted by id (ordinal).</summary>
    Task<IReadOnlyList<ProfileTypeId>> ProfileTypesAsync(TimeRange range, CancellationToken cancellationToken);

    /// <summary>Label names of the series the selector selects with data in range, sorted (ordinal), reserved (<c>__x__</c>) names included.</summary>
    Task<IReadOnlyList<string>> LabelNamesAsync(string selector, TimeRange range, CancellationToken cancellationToken);

    /// <summary>Values of one label over the selected series with data in range, sorted (ordinal).</summary>
    Task<IReadOnlyList<string>> LabelValuesAsync(string name, string selector, TimeRange range, CancellationToken cancellationToken);

    /// <summary>
    /// Distinct label sets of the selected series, each restricted to <paramref name="labelNames"/>
    /// (a set lacking one of them leaves it out), sorted by their pairs.
    /// </summary>
    Task<IReadOnlyList<SeriesLabels>> SeriesLabelsAsync(string selector, IReadOnlyList<string> labelNames, TimeRange range, CancellationToken cancellationToken);

    /// <summary>
    /// Pyroscope's SelectSeries: per-profile totals aggregated in buckets <c>(t − step, t]</c> at
    /// <c>t = start + k·step ≤ end</c>, empty buckets left out, grouped by <see cref="SeriesRequest.GroupBy"/>,
    /// top <see cref="SeriesRequest.Limit"/> series by total. With a call site only the value of stacks
    /// beginning with those frames counts, and a profile without them counts with 0 (so buckets line up
    /// with the whole-profile series and an average is per selected profile).
    /// </summary>
    Task<IReadOnlyList<SeriesData>> SelectSeriesAsync(SeriesRequest request, CancellationToken cancellationToken);

    /// <summary>The profile type's values summed over the selected profiles in range, as deduplicated stacks (untruncated).</summary>
    Task<StackSet> MergeStacksAsync(MergeRequest request, CancellationToken cancellationToken);

    /// <summary>The same merge as a pprof profile with one sample type (the requested one), for export.</summary>
    Task<Profile> MergeProfileAsync(MergeRequest request, CancellationToken cancellationToken);

    /// <summary>Whether the source holds any profile, and the oldest and newest profile times.</summary>
    Task<SourceStats> StatsAsync(CancellationToken cancellationToken);
}

/// <summary>One series' labels, sorted by name. Equal when their pairs are.</summary>
public sealed record SeriesLabels(IReadOnlyList<KeyValuePair<string, string>> Pairs)
{
    public bool Equals(SeriesLabels? other) => other is not null && Pairs.SequenceEqual(other.Pairs);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var pair in Pairs)
        {
            hash.Add(pair.Key);
            hash.Add(pair.Value);
        }
        return hash.ToHashCode();
    }

    /// <summary>Pairs sorted by name (ordinal); of a name given twice, the last value counts.</summary>
    public static SeriesLabels From(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            map[pair.Key] = pair.Value;
        }
        return new SeriesLabels([.. map]);
    }

    /// <summary>The pairs whose names are in <paramref name="names"/>.</summary>
    public SeriesLabels Only(IReadOnlyCollection<string> names) => new([.. Pairs.Where(p => names.Contains(p.Key))]);

    /// <summary>Pair by pair, name then value (ordinal); a prefix sorts first.</summary>
    public static int Compare(SeriesLabels a, SeriesLabels b)
    {
        var n = Math.Min(a.Pairs.Count, b.Pairs.Count);
        for (var i = 0; i < n; i++)
        {
            var c = string.CompareOrdinal(a.Pairs[i].Key, b.Pairs[i].Key);
            if (c == 0)
            {
                c = string.CompareOrdinal(a.Pairs[i].Value, b.Pairs[i].Value);
            }
            if (c != 0)
            {
                return c;
            }
        }
        return a.Pairs.Count.CompareTo(b.Pairs.Count);
    }

    public string? Get(string name)
    {
        foreach (var pair in Pairs)
        {
            if (pair.Key == name)
            {
                return pair.Value;
            }
        }
        return null;
    }
}

public enum SeriesAggregationKind
{
    Sum,
    Average,
}

/// <summary>A series query. <see cref="CallSite"/> lists frames root first; empty means the whole profile.</summary>
public sealed record SeriesRequest(string ProfileType, string Selector, TimeRange Range, double StepSeconds)
{
    public IReadOnlyList<string> GroupBy { get; init; } = [];
    public SeriesAggregationKind Aggregation { get; init; } = SeriesAggregationKind.Sum;
    public int? Limit { get; init; }
    public IReadOnlyList<string> CallSite { get; init; } = [];
}

/// <summary>One series: its group's labels (only the group-by names) and points as two columns, time ascending.</summary>
public sealed record SeriesData(SeriesLabels Labels, long[] TimestampsMs, double[] Values);

/// <summary>A merge query. <see cref="CallSite"/> lists frames root first: only stacks beginning with them are merged (empty: all).</summary>
public sealed record MergeRequest(string ProfileType, string Selector, TimeRange Range)
{
    public IReadOnlyList<string> CallSite { get; init; } = [];
}

public readonly record struct SourceStats(bool DataIngested, long OldestProfileTimeMs, long NewestProfileTimeMs);

/// <summary>A source's failure, with a message that names the source and never carries secrets.</summary>
public sealed class SourceException(ErrorKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary><see cref="ErrorKind.BadRequest"/> (the source refused the request), <see cref="ErrorKind.Downstream"/> (it failed or answered garbage, or its circuit is open) or <see cref="ErrorKind.DownstreamTimeout"/>.</summary>
    public ErrorKind Kind { get; } = kind;
}
