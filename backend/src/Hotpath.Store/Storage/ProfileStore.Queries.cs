using Hotpath.Engine.Merge;
using Hotpath.Engine.Model;
using Hotpath.Engine.ProfileTypes;
using Hotpath.Engine.Selection;
using Hotpath.Engine.Stacks;
using Hotpath.Store.Labels;
using Hotpath.Store.Sqlite;
using Hotpath.Store.Storage.Integrity;
using Hotpath.Store.Storage.Series;
using Hotpath.Store.Storage.Symbols;

namespace Hotpath.Store.Storage;

// The query API, mirroring Pyroscope's querier RPCs. Selectors are Prometheus metric selectors;
// ranges are inclusive milliseconds. Each query reads one consistent snapshot.
public sealed partial class ProfileStore
{
    /// <summary>Distinct profile types with data in range (default: the last hour), sorted by id.</summary>
    public Task<IReadOnlyList<ProfileTypeId>> ProfileTypesAsync(TimeRange? range = null) => Read(db =>
    {
        var r = range is { StartMs: not 0, EndMs: not 0 } given ? given : LastHour();
        r.Validate();
        var types = new SortedDictionary<string, ProfileTypeId>(StringComparer.Ordinal);
        foreach (var e in _catalog.All)
        {
            if (!types.ContainsKey(e.ProfileType) && HasData(db, e, r) && ProfileTypeId.TryParse(e.ProfileType, out var id))
            {
                types[e.ProfileType] = id;
            }
        }
        return (IReadOnlyList<ProfileTypeId>)[.. types.Values];
    });

    /// <summary>Sorted label names of the series that match and have data in range.</summary>
    public Task<IReadOnlyList<string>> LabelNamesAsync(string selector, TimeRange range) => Read(db =>
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var e in SeriesInRange(db, selector, range))
        {
            foreach (var p in e.Labels.Pairs)
            {
                names.Add(p.Key);
            }
        }
        return (IReadOnlyList<string>)[.. names];
    });

    /// <summary>Sorted values of label <paramref name="name"/> over matching series with data in range.</summary>
    public Task<IReadOnlyList<string>> LabelValuesAsync(string name, string selector, TimeRange range)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("name is required");
        }
        return Read(db =>
        {
            var values = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var e in SeriesInRange(db, selector, range))
            {
                if (e.Labels.Get(name) is { Length: > 0 } v)
                {
                    values.Add(v);
                }
            }
            return (IReadOnlyList<string>)[.. values];
        });
    }

    /// <summary>Distinct label sets (restricted to <paramref name="labelNames"/> when given), sorted.</summary>
    public Task<IReadOnlyList<LabelSet>> SeriesAsync(string selector, TimeRange range, IReadOnlyList<string>? labelNames = null) => Read(db =>
    {
        var sets = new HashSet<LabelSet>();
        foreach (var e in SeriesInRange(db, selector, range))
        {
            sets.Add(labelNames is { Count: > 0 } ? e.Labels.Only(labelNames.ToHashSet(StringComparer.Ordinal)) : e.Labels);
        }
        var list = sets.ToList();
        list.Sort(LabelSet.Compare);
        return (IReadOnlyList<LabelSet>)list;
    });

    /// <summary>
    /// Time series of per-profile totals, bucketed as Pyroscope does: a point at every
    /// <c>start + k·step ≤ end</c> aggregates the profiles with time in <c>(t − step, t]</c>; empty
    /// buckets are left out. Grouped by <see cref="SeriesQuery.GroupBy"/>, top-N by total when limited.
    /// With a <see cref="SeriesQuery.CallSite"/> a profile's value is the sum of its stacks that begin
    /// with those frames (what <see cref="MergeStacksAsync"/> keeps for the call site); everything
    /// else is the same, so a profile without the call site still counts in its bucket, with 0
    /// (the points line up with the whole-profile series', and an average is per selected profile).
    /// </summary>
    public Task<IReadOnlyList<TimeSeries>> SelectSeriesAsync(SeriesQuery query)
    {
        query.Range.Validate();
        if (query.StepSeconds < 0.001 || double.IsNaN(query.StepSeconds))
        {
            throw new ArgumentException("step must be >= 1ms");
        }
        var selector = QuerySelector(query.ProfileType, query.Selector);
        if (query.CallSite.Count == 0)
        {
            return Read(db => SeriesQueryRunner.Run(db, _catalog.Select(selector), query));
        }
        var callSite = query.CallSite.ToArray();
        return Read(db =>
        {
            // Stack id → whether it begins with the call site: decided once per stack, as profiles share stacks.
            var begins = new Dictionary<long, bool>();
            bool Keep(long stack)
            {
                if (!begins.TryGetValue(stack, out var yes))
                {
                    yes = StartsWith(db, _symbols.Frames(db, stack), callSite);
                    begins.Add(stack, yes);
                }
                return yes;
            }
            return SeriesQueryRunner.Run(db, _catalog.Select(selector), query, samples => SampleRows.SumWhere(samples, Keep));
        });
    }

    /// <summary>
    /// Sum of the profile type's values over matching profiles in range, as deduplicated stacks of
    /// frame names. With <paramref name="callSite"/> (Pyroscope's stack trace selector, root first)
    /// only stacks that begin with those frames are kept.
    /// </summary>
    public Task<StackSet> MergeStacksAsync(string profileType, string selector, TimeRange range, IReadOnlyList<string>? callSite = null)
    {
        range.Validate();
        var parsed = QuerySelector(profileType, selector);
        return Read(db => MergeStacks(db, parsed, range, callSite ?? []));
    }

    /// <summary>The merged stacks as a pprof profile (one sample type: the requested one), for export.</summary>
    public async Task<Profile> MergeProfileAsync(string profileType, string selector, TimeRange range, IReadOnlyList<string>? callSite = null)
    {
        var stacks = await MergeStacksAsync(profileType, selector, range, callSite).ConfigureAwait(false);
        ProfileTypeId.TryParse(profileType, out var id);
        var period = id.Name switch
        {
            "process_cpu" => 1_000_000_000L,
            "memory" => 512L * 1024,
            _ => 0L,
        };
        return MergedProfile.Build(stacks, new MergedProfileHeader(id.SampleType, id.SampleUnit)
        {
            PeriodType = id.PeriodType,
            PeriodUnit = id.PeriodUnit,
            Period = period,
            TimeNanos = range.StartNs,
            DurationNanos = (range.EndMs - range.StartMs) * 1_000_000,
        });
    }

    /// <summary>Whether any profile is stored, and the oldest and newest profile times (ms).</summary>
    public Task<StoreStats> StatsAsync() => Read(db =>
    {
        // Two queries, not one: SQLite answers a lone min() or max() from the time index in
        // O(log n) but scans the table for both together.
        var oldest = db.Prepare("SELECT min(time_ns) FROM profiles");
        oldest.Step();
        if (oldest.IsNull(0))
        {
            return new StoreStats(false, 0, 0);
        }
        var newest = db.Prepare("SELECT max(time_ns) FROM profiles");
        newest.Step();
        return new StoreStats(true, FloorMs(oldest.Long(0)), FloorMs(newest.Long(0)));
    });

    private StackSet MergeStacks(SqliteConnection db, LabelSelector selector, TimeRange range, IReadOnlyList<string> callSite)
    {
        var sums = new Dictionary<long, long>();
        var rows = db.Prepare($"SELECT {RowChecks.ProfileColumns} FROM profiles WHERE series_id = ?1 AND time_ns BETWEEN ?2 AND ?3");
        foreach (var e in _catalog.Select(selector))
        {
            if (!e.MayOverlap(range.StartNs, range.EndNs))
            {
                continue;
            }
            rows.Reset();
            rows.Bind(1, e.Id).Bind(2, range.StartNs).Bind(3, range.EndNs);
            while (rows.Step())
            {
                SampleRows.AddTo(RowChecks.Samples(rows, 0, e.Id), sums);
            }
        }
        var stackIds = sums.Where(kv => kv.Value != 0).Select(kv => kv.Key).ToArray();
        Array.Sort(stackIds);
        var names = new NameTable(1024);
        var localName = new Dictionary<long, int>();
        var stacks = new StackSet(names, Math.Max(stackIds.Length, 1), stackIds.Length * 16);
        var buffer = new int[128];
        foreach (var id in stackIds)
        {
            var frames = _symbols.Frames(db, id);
            if (callSite.Count > 0 && !StartsWith(db, frames, callSite))
            {
                continue;
            }
            if (buffer.Length < frames.Length)
            {
                buffer = new int[frames.Length * 2];
            }
            for (var f = 0; f < frames.Length; f++)
            {
                if (!localName.TryGetValue(frames[f], out var local))
                {
                    local = names.Intern(_symbols.Name(db, frames[f]));
                    localName.Add(frames[f], local);
                }
                buffer[f] = local;
            }
            // Stored stacks are distinct frame sequences, so no deduplication is needed here.
            stacks.Add(buffer.AsSpan(0, frames.Length), sums[id]);
        }
        return stacks;
    }

    private bool StartsWith(SqliteConnection db, long[] frames, IReadOnlyList<string> prefix)
    {
        if (frames.Length < prefix.Count)
        {
            return false;
        }
        for (var i = 0; i < prefix.Count; i++)
        {
            if (_symbols.Name(db, frames[i]) != prefix[i])
            {
                return false;
            }
        }
        return true;
    }

    private List<SeriesEntry> SeriesInRange(SqliteConnection db, string selector, TimeRange range)
    {
        range.Validate();
        var parsed = LabelSelector.Parse(selector);
        return [.. _catalog.Select(parsed).Where(e => HasData(db, e, range))];
    }

    private static bool HasData(SqliteConnection db, SeriesEntry e, TimeRange range)
    {
        if (!e.MayOverlap(range.StartNs, range.EndNs))
        {
            return false;
        }
        if (e.MinTimeNs >= range.StartNs && e.MaxTimeNs <= range.EndNs)
        {
            return true;
        }
        return db.Prepare("SELECT 1 FROM profiles WHERE series_id = ?1 AND time_ns BETWEEN ?2 AND ?3 LIMIT 1")
            .Bind(1, e.Id).Bind(2, range.StartNs).Bind(3, range.EndNs).Step();
    }

    private static LabelSelector QuerySelector(string profileType, string selector)
    {
        var parts = profileType.Split(':');
        if (parts.Length is not (5 or 6))
        {
            throw new ArgumentException(
                $"profile-type selection must be of the form <name>:<sample-type>:<sample-unit>:<period-type>:<period-unit>(:delta), got({parts.Length}): \"{profileType}\"");
        }
        var id = string.Join(':', parts.Take(5));
        return LabelSelector.Parse(selector).With(ReservedLabels.ProfileType, id);
    }

    private TimeRange LastHour()
    {
        var now = _options.Time.GetUtcNow();
        return TimeRange.From(now.AddHours(-1), now);
    }

    internal static long FloorMs(long ns) => ns >= 0 ? ns / 1_000_000 : -((-ns + 999_999) / 1_000_000);

    /// <summary>Runs a query on a pooled read connection inside one read transaction (one snapshot).</summary>
    private Task<T> Read<T>(Func<SqliteConnection, T> query)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return Task.Run(() =>
        {
            try
            {
                using var lease = _readers.Rent();
                lease.Db.Execute("BEGIN");
                try
                {
                    // Read-only: first take in what the writer process committed, on this snapshot.
                    _follower?.CatchUp(lease.Db);
                    return query(lease.Db);
                }
                finally
                {
                    lease.Db.ResetAll();
                    lease.Db.Execute("COMMIT");
                }
            }
            catch (Exception e) when (StoreErrors.Translate(e, DatabasePath) is var typed && !ReferenceEquals(typed, e))
            {
                throw typed;
            }
        });
    }
}
