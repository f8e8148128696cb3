using Hotpath.Engine.Selection;
using Hotpath.Store.Labels;

namespace Hotpath.Store.Storage;

public enum SeriesAggregation
{
    Sum,
    Average,
}

/// <summary>A SelectSeries request: profile type id, selector, range, step in seconds, grouping, top-N limit.</summary>
public sealed record SeriesQuery(string ProfileType, string Selector, TimeRange Range, double StepSeconds)
{
    public IReadOnlyList<string> GroupBy { get; init; } = [];
    public SeriesAggregation Aggregation { get; init; } = SeriesAggregation.Sum;
    public int? Limit { get; init; }

    /// <summary>Frames root first: only the value of stacks beginning with them counts (Pyroscope's stack trace selector). Empty: whole profiles.</summary>
    public IReadOnlyList<string> CallSite { get; init; } = [];
}

/// <summary>A point: bucket right edge in ms and the aggregated value.</summary>
public readonly record struct SeriesPoint(long TimestampMs, double Value);

public sealed record TimeSeries(LabelSet Labels, IReadOnlyList<SeriesPoint> Points);

/// <summary>GetProfileStats: whether anything is stored and the oldest/newest profile times in ms.</summary>
public readonly record struct StoreStats(bool DataIngested, long OldestProfileTimeMs, long NewestProfileTimeMs);

/// <summary>What opening found: a fresh database or one recovered after an unclean stop.</summary>
public sealed record StoreOpenReport(bool CreatedNew, long WalBytesFound, string IntegrityCheck, long Series, long Profiles)
{
    /// <summary>Whether the previous writer closed the store cleanly (its marker said so); false after kill -9 or a lost WAL.</summary>
    public bool CleanShutdown { get; init; } = true;

    /// <summary>Opened read-only: another process (<see cref="WriterPid"/>, 0 when unknown) is the store's writer.</summary>
    public bool ReadOnly { get; init; }

    public int? WriterPid { get; init; }

    /// <summary>Opened read-only because the disk was full (no room for SQLite's -shm): reads only, until the next open.</summary>
    public bool DiskFull { get; init; }

    /// <summary>The schema version the store had before this open migrated it, if it did.</summary>
    public int? MigratedFromVersion { get; init; }

    public override string ToString() => CreatedNew
        ? "created a new store"
        : DiskFull
        ? $"opened store read-only (its disk is full): {Series} series, {Profiles} profiles; writes are refused until it is opened again with space"
        : ReadOnly
        ? $"opened store read-only ({(WriterPid is { } pid and not 0 ? $"process {pid}" : "another process")} is its writer): {Series} series, {Profiles} profiles"
        : $"opened store: {Series} series, {Profiles} profiles; " +
          (CleanShutdown ? "" : "the previous run did not stop cleanly; ") +
          $"integrity {IntegrityCheck}" +
          (MigratedFromVersion is { } v ? $"; migrated from schema version {v}" : "") +
          (WalBytesFound > 0 ? $"; replayed a write-ahead log of {WalBytesFound} bytes left by the previous run" : "");
}

/// <summary>What a retention sweep removed (stacks and names: those no profile referenced any more).</summary>
public sealed record RetentionReport(long DeletedProfiles, long DeletedSeries, long BytesBefore, long BytesAfter)
{
    public long DeletedStacks { get; init; }
    public long DeletedNames { get; init; }

    /// <summary>Ad hoc uploads past their expiry time, deleted by the same sweep.</summary>
    public long DeletedAdhocProfiles { get; init; }
}
