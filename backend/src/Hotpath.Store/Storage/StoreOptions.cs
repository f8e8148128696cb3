namespace Hotpath.Store.Storage;

/// <summary>How a process opens a store folder; one process at a time is its writer.</summary>
public enum StoreAccess
{
    /// <summary>Be the writer; <see cref="StoreLockedException"/> (naming the holder's pid) when another process is.</summary>
    Write,

    /// <summary>Only read: queries see what the writer (another process) commits; writes throw <see cref="StoreReadOnlyException"/>.</summary>
    Read,

    /// <summary>Be the writer when no other process is, else open read-only (inside Grafana: the app and its nested data source on one folder).</summary>
    WriteIfFree,
}

/// <summary>How an embedded store runs. Defaults suit one machine with a few hundred agents.</summary>
public sealed record StoreOptions
{
    /// <summary>Whether this process writes the store or only reads what its writer commits.</summary>
    public StoreAccess Access { get; init; } = StoreAccess.Write;

    /// <summary>Clock for retention and for profiles that carry no time. Tests inject a fake one.</summary>
#pragma warning disable RS0030 // The library's default for hosts and tools that do not care; the hosts' roots and the tests pass their own.
    public TimeProvider Time { get; init; } = TimeProvider.System;
#pragma warning restore RS0030

    /// <summary>Writes waiting for the writer thread before callers start waiting (backpressure).</summary>
    public int WriteQueueCapacity { get; init; } = 256;

    /// <summary>How long a caller waits for room in a full queue before <see cref="StoreBusyException"/>.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Most queued writes the writer commits in one transaction (one fsync for all).</summary>
    public int MaxWritesPerCommit { get; init; } = 64;

    /// <summary>Profiles older than this are deleted by the retention sweep; null keeps them forever.</summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>
    /// Most active series (with a profile in the last <see cref="ActiveSeriesWindow"/>); a push that would
    /// add one more is refused whole (<see cref="SeriesLimitException"/>). Null: no limit. Pyroscope's
    /// <c>ingester.max-global-series-per-tenant</c> is 5000; the store is one tenant's.
    /// </summary>
    public int? MaxSeries { get; init; }

    /// <summary>How recent a series' last profile must be for it to count against <see cref="MaxSeries"/>.</summary>
    public TimeSpan ActiveSeriesWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Oldest profiles are deleted while the database uses more than this many bytes; null = no bound.</summary>
    public long? MaxBytes { get; init; }

    /// <summary>How often the background retention sweep runs (on <see cref="Time"/>); null = only on demand.</summary>
    public TimeSpan? SweepInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often the full integrity check (<see cref="ProfileStore.CheckAsync"/>) runs in the
    /// background, on <see cref="Time"/>; null = only on demand. It reads the whole database.
    /// </summary>
    public TimeSpan? IntegrityCheckInterval { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Run SQLite's quick_check on every open, not only after an unclean stop.</summary>
    public bool VerifyOnOpen { get; init; }

    /// <summary>
    /// The write-ahead log's size past which the writer truncates it with a checkpoint after a commit
    /// (SQLite's own checkpoints cannot reset it under constant reads). Also SQLite's journal_size_limit.
    /// </summary>
    public long CheckpointWalBytes { get; init; } = 16L << 20;

    /// <summary>Idle read connections kept open for queries.</summary>
    public int MaxIdleReaders { get; init; } = 4;
}
