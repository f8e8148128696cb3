using Hotpath.Engine.Selection;
using Hotpath.Store.Labels;

namespace Hotpath.Store.Storage.Series;

/// <summary>One stored series: its labels and the time span of its profiles (ns), kept in memory.</summary>
internal sealed class SeriesEntry(long id, string profileType, LabelSet labels)
{
    private long _minTimeNs = long.MaxValue;
    private long _maxTimeNs = long.MinValue;

    public long Id { get; } = id;
    public string ProfileType { get; } = profileType;
    public LabelSet Labels { get; } = labels;
    public long MinTimeNs => Volatile.Read(ref _minTimeNs);
    public long MaxTimeNs => Volatile.Read(ref _maxTimeNs);

    /// <summary>Widens the span; called by the writer after a commit.</summary>
    public void Extend(long timeNs)
    {
        InterlockedMin(ref _minTimeNs, timeNs);
        InterlockedMax(ref _maxTimeNs, timeNs);
    }

    /// <summary>Sets the span after retention shrank it.</summary>
    public void Reset(long min, long max)
    {
        Volatile.Write(ref _minTimeNs, min);
        Volatile.Write(ref _maxTimeNs, max);
    }

    public bool MayOverlap(long startNs, long endNs) => MinTimeNs <= endNs && MaxTimeNs >= startNs;

    private static void InterlockedMin(ref long field, long value)
    {
        long seen;
        while (value < (seen = Volatile.Read(ref field)) && Interlocked.CompareExchange(ref field, value, seen) != seen)
        {
        }
    }

    private static void InterlockedMax(ref long field, long value)
    {
        long seen;
        while (value > (seen = Volatile.Read(ref field)) && Interlocked.CompareExchange(ref field, value, seen) != seen)
        {
        }
    }
}

/// <summary>
/// Every series in memory: selectors are evaluated here, so a query touches SQLite only for the
/// profile rows of the series it selected. Readers see an immutable snapshot; the writer publishes
/// a new one after each commit that created series (rare after warm-up).
/// </summary>
internal sealed class SeriesCatalog
{
    private volatile SeriesEntry[] _all = [];
    private readonly Dictionary<string, SeriesEntry> _byCanonical = new(StringComparer.Ordinal);   // writer only

    public IReadOnlyList<SeriesEntry> All => _all;

    public bool TryGet(string canonical, out SeriesEntry entry) => _byCanonical.TryGetValue(canonical, out entry!);

    /// <summary>Adds committed series (writer thread only).</summary>
    public void Publish(IReadOnlyCollection<SeriesEntry> added)
    {
        if (added.Count == 0)
        {
            return;
        }
        foreach (var e in added)
        {
            _byCanonical[e.Labels.Canonical] = e;
        }
        _all = [.. _all, .. added];
    }

    /// <summary>Replaces every series (a read-only store reloading after the writer's retention sweep).</summary>
    public void ReplaceAll(IReadOnlyCollection<SeriesEntry> entries)
    {
        _byCanonical.Clear();
        foreach (var e in entries)
        {
            _byCanonical[e.Labels.Canonical] = e;
        }
        _all = [.. entries];
    }

    /// <summary>Drops series (writer thread only; after retention deleted their last profile).</summary>
    public void Remove(IReadOnlySet<long> ids)
    {
        if (ids.Count == 0)
        {
            return;
        }
        foreach (var e in _all.Where(e => ids.Contains(e.Id)))
        {
            _byCanonical.Remove(e.Labels.Canonical);
        }
        _all = [.. _all.Where(e => !ids.Contains(e.Id))];
    }

    public IEnumerable<SeriesEntry> Select(LabelSelector selector)
    {
        // The profile type is the most selective matcher in practice: test it first.
        var profileType = selector.EqualityValue(ReservedLabels.ProfileType);
        foreach (var e in _all)
        {
            if ((profileType is null || e.ProfileType == profileType) && selector.Matches(e.Labels.Get))
            {
                yield return e;
            }
        }
    }
}
