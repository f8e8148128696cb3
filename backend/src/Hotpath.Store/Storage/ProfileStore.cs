using Hotpath.Store.Files;
using Hotpath.Store.Sqlite;
using Hotpath.Store.Storage.Integrity;
using Hotpath.Store.Storage.Series;
using Hotpath.Store.Storage.Symbols;
using Hotpath.Store.Storage.Writing;
using Hotpath.Store.UserData;

namespace Hotpath.Store.Storage;

/// <summary>
/// The embedded profile store: one SQLite database (WAL, synchronous=FULL) in a folder, one writer
/// thread behind a bounded queue, pooled read-only connections for queries. Thread-safe. One process
/// at a time is the folder's writer (<see cref="WriterLock"/>); others open it read-only
/// (<see cref="StoreAccess"/>) and see what the writer commits.
/// </summary>
public sealed partial class ProfileStore : IAsyncDisposable, IDisposable
{
    public const string DatabaseFileName = "hotpath.db";

    private readonly SqliteConnection? _writeDb;
    private readonly Writer? _writer;
    private readonly WriterLock? _lock;
    private readonly CatalogFollower? _follower;
    private readonly ReaderPool _readers;
    private readonly SeriesCatalog _catalog;
    private readonly StoreOptions _options;
    private readonly ITimer? _sweepTimer;
    private readonly ITimer? _checkTimer;
    private readonly SymbolReader _symbols;
    private int _disposed;

    private ProfileStore(string databasePath, SqliteConnection? writeDb, WriterLock? held, CatalogFollower? follower, SeriesCatalog catalog, StoreOptions options, StoreOpenReport report)
    {
        DatabasePath = databasePath;
        _writeDb = writeDb;
        _lock = held;
        _follower = follower;
        _catalog = catalog;
        _options = options;
        OpenReport = report;
        _writer = writeDb is null ? null : new Writer(writeDb, catalog, options, databasePath);
        _readers = new ReaderPool(databasePath, options.MaxIdleReaders, immutable: report.DiskFull);
        _symbols = new SymbolReader();
        UserData = new UserDataStore(_writer, _readers, databasePath, ReadOnlyError);
        // Runs even without profile retention: expired ad hoc uploads are deleted by the same sweep.
        // Retention is the writer's: a read-only store never sweeps.
        if (options.SweepInterval is { } every && _writer is not null)
        {
            _sweepTimer = options.Time.CreateTimer(_ => RequestSweep(), null, every, every);
        }
        if (options.IntegrityCheckInterval is { } checkEvery)
        {
            _checkTimer = options.Time.CreateTimer(_ => RequestCheck(), null, checkEvery, checkEvery);
        }
    }

    public string DatabasePath { get; }

    /// <summary>Checkpoints the writer ran to keep the write-ahead log short (see <see cref="StoreOptions.CheckpointWalBytes"/>).</summary>
    internal long WalCheckpoints => _writer?.Checkpoints ?? 0;

    /// <summary>True when this process is not the store's writer: queries work, writes throw <see cref="StoreReadOnlyException"/>.</summary>
    public bool IsReadOnly => _writer is null;

    private Exception ReadOnlyError() => OpenReport.DiskFull
        ? new StoreFullException($"store '{Path.GetDirectoryName(DatabasePath)}' was opened read-only because its disk was full; free space and open it again (restart) to write")
        : new StoreReadOnlyException(
        $"store '{Path.GetDirectoryName(DatabasePath)}' is open read-only in this process" +
        (OpenReport.WriterPid is { } pid and not 0 ? $": process {pid} is its writer" : ": another process is its writer") +
        "; send writes to that process");

    /// <summary>Ad hoc uploads, favorites and settings: tables of their own, beside the profile tables.</summary>
    public UserDataStore UserData { get; }

    /// <summary>What opening found (new store, or recovered state after an unclean stop).</summary>
    public StoreOpenReport OpenReport { get; }

    /// <summary>The report of the last retention sweep that finished, if any.</summary>
    public RetentionReport? LastSweep { get; private set; }

    /// <summary>
    /// Opens (or creates) the store in <paramref name="directory"/>. After a crash SQLite replays the
    /// committed part of the write-ahead log on open; the store then runs SQLite's quick_check (after
    /// an unclean stop, or always with <see cref="StoreOptions.VerifyOnOpen"/>) and refuses to open a damaged database (<see cref="StoreCorruptException"/>) rather than serve it.
    /// </summary>
    public static ProfileStore Open(string directory, StoreOptions? options = null)
    {
        options ??= new StoreOptions();
        var folder = Path.GetFullPath(directory);
        var path = Path.Combine(folder, DatabaseFileName);
        var holder = 0;
        if (options.Access != StoreAccess.Read)
        {
            // An existing store is opened even when no file can be written (a full disk): it
            // serves reads, and writes resume once there is space. A new one needs a writable folder.
            if (!File.Exists(path) && StoreDirectory.Check(directory) is { } problem)
            {
                throw new IOException(problem);
            }
            if (WriterLock.TryTake(folder, out holder) is { } held)
            {
                try
                {
                    return OpenWriter(path, options, held);
                }
                catch (StoreFullException e)
                {
                    if (WalHasFrames(path))
                    {
                        // Reading the database file alone would miss acknowledged writes in the log.
                        held.Dispose();
                        throw new StoreFullException(
                            $"store '{folder}' cannot open on a full disk: the write-ahead log left by the last run " +
                            $"({new FileInfo(path + "-wal").Length} bytes) must be replayed first, which needs space; free some and start again", e);
                    }
                    // No room even for SQLite's -shm: serve reads from the database file alone,
                    // keeping the lock (this process stays the folder's would-be writer).
                    return OpenReader(path, options, Environment.ProcessId, held);
                }
                catch
                {
                    held.Dispose();
                    throw;
                }
            }
            if (options.Access == StoreAccess.Write)
            {
                throw new StoreLockedException(
                    $"store '{folder}' is in use: {(holder == 0 ? "another process" : $"process {holder}")} holds its writer lock " +
                    $"({Path.Combine(folder, WriterLock.LockFileName)}); stop that process, or open the store read-only", holder);
            }
        }
        return OpenReader(path, options, holder);
    }

    private static bool WalHasFrames(string path) => new FileInfo(path + "-wal") is { Exists: true, Length: > 0 };

    /// <summary>
    /// Read-only: another process is the writer and the catalog follows it; or, with
    /// <paramref name="fullDisk"/> (this process holds the lock, the disk is full, the log is empty),
    /// the database file is read as immutable.
    /// </summary>
    private static ProfileStore OpenReader(string path, StoreOptions options, int writerPid, WriterLock? fullDisk = null)
    {
        if (!File.Exists(path))
        {
            throw new IOException($"no store in '{Path.GetDirectoryName(path)}' yet: '{path}' does not exist (its writer creates it)");
        }
        var db = SqliteConnection.Open(path, readOnly: true, immutable: fullDisk is not null);
        try
        {
            db.Execute("BEGIN");
            var version = Schema.StoredVersion(db);
            if (version != Schema.Version)
            {
                throw new StoreReadOnlyException(
                    $"store database '{path}' has schema version {version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}; " +
                    $"a read-only open needs version {Schema.Version} (its writer migrates it when opened with this build)");
            }
            var catalog = new SeriesCatalog();
            catalog.Publish(ReadSeries(db));
            var follower = fullDisk is null ? new CatalogFollower(catalog) : null;
            follower?.Loaded(db);
            var report = new StoreOpenReport(false, 0, "skipped (read-only)", catalog.All.Count, db.ScalarLong("SELECT count(*) FROM profiles"))
            {
                ReadOnly = true,
                WriterPid = writerPid,
                DiskFull = fullDisk is not null,
            };
            db.ResetAll();
            db.Execute("COMMIT");
            return new ProfileStore(path, null, fullDisk, follower, catalog, options, report);
        }
        catch (Exception e) when (StoreErrors.Translate(e, path) is var typed && !ReferenceEquals(typed, e))
        {
            throw typed;
        }
        finally
        {
            db.Dispose();
        }
    }

    private static ProfileStore OpenWriter(string path, StoreOptions options, WriterLock held)
    {
        var createdNew = !File.Exists(path);
        var wal = path + "-wal";
        var walBytes = File.Exists(wal) ? new FileInfo(wal).Length : 0;

        var db = SqliteConnection.Open(path, readOnly: false);
        try
        {
            db.Execute(Schema.Pragmas);
            db.Execute($"PRAGMA journal_size_limit={options.CheckpointWalBytes}");
            var clean = createdNew || CleanShutdown.LastStopWasClean(db);
            var version = Schema.StoredVersion(db);
            // quick_check reads the whole file: worth it after an unclean stop and before a
            // migration rewrites rows, needless after a clean stop.
            var check = !clean || options.VerifyOnOpen || version < Schema.Version
                ? db.ScalarText("PRAGMA quick_check") ?? "no result"
                : "skipped (clean shutdown)";
            if (check is not ("ok" or "skipped (clean shutdown)"))
            {
                throw new StoreCorruptException($"store database '{path}' failed its integrity check: {check}");
            }
            db.Execute(Schema.Create);
            Schema.Migrate(db, path);
            CleanShutdown.MarkOpen(db);
            var catalog = LoadCatalog(db);
            var report = new StoreOpenReport(createdNew, walBytes, check, catalog.All.Count, db.ScalarLong("SELECT count(*) FROM profiles"))
            {
                CleanShutdown = clean,
                MigratedFromVersion = version < Schema.Version ? version : null,
            };
            return new ProfileStore(path, db, held, null, catalog, options, report);
        }
        catch (Exception e)
        {
            db.Dispose();
            if (StoreErrors.TranslateAtOpen(e, path) is var typed && !ReferenceEquals(typed, e))
            {
                throw typed;
            }
            throw;
        }
    }

    private static SeriesCatalog LoadCatalog(SqliteConnection db)
    {
        var catalog = new SeriesCatalog();
        catalog.Publish(ReadSeries(db));
        return catalog;
    }

    /// <summary>Every series with the time span of its profiles.</summary>
    internal static List<SeriesEntry> ReadSeries(SqliteConnection db)
    {
        var entries = new List<SeriesEntry>();
        var s = db.Prepare("""
            SELECT s.id, s.profile_type, s.labels, s.crc, min(p.time_ns), max(p.time_ns)
            FROM series s LEFT JOIN profiles p ON p.series_id = s.id GROUP BY s.id
            """);
        while (s.Step())
        {
            var (type, labels) = RowChecks.Series(s, 1, s.Long(0));
            var e = new SeriesEntry(s.Long(0), type, Labels.LabelSet.Parse(labels));
            if (!s.IsNull(4))
            {
                e.Reset(s.Long(4), s.Long(5));
            }
            entries.Add(e);
        }
        s.Reset();
        return entries;
    }

    /// <summary>
    /// Stores a batch of profiles. Returns once the batch is committed to disk (WAL fsync); throws
    /// <see cref="IngestRejectedException"/> for invalid input (nothing stored) and
    /// <see cref="StoreBusyException"/> when the write queue stays full for the busy timeout.
    /// </summary>
    public async Task<IngestResult> IngestAsync(IReadOnlyList<IngestItem> batch, CancellationToken cancellation = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var writer = _writer ?? throw ReadOnlyError();
        var nowNs = _options.Time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000;
        var prepared = new List<PreparedProfile>();
        foreach (var item in batch)
        {
            prepared.AddRange(IngestPreparer.Prepare(item, nowNs));
        }
        var job = new IngestJob(prepared);
        await writer.EnqueueAsync(job, cancellation).ConfigureAwait(false);
        return await job.Task.ConfigureAwait(false);
    }

    public Task<IngestResult> IngestAsync(IngestItem item, CancellationToken cancellation = default) => IngestAsync([item], cancellation);

    /// <summary>Runs the retention sweep now (age, then size) and returns what it removed.</summary>
    /// <summary>
    /// Runs the retention sweep now (age, then size); when it deleted profiles, also collects the
    /// stacks and names nothing references any more. Returns what was removed.
    /// </summary>
    public async Task<RetentionReport> SweepAsync(CancellationToken cancellation = default)
    {
        var writer = _writer ?? throw ReadOnlyError();
        var job = new SweepJob();
        await writer.EnqueueAsync(job, cancellation).ConfigureAwait(false);
        var report = await CollectAfter(await job.Task.ConfigureAwait(false), cancellation).ConfigureAwait(false);
        LastSweep = report;
        return report;
    }

    private async Task<RetentionReport> CollectAfter(RetentionReport report, CancellationToken cancellation)
    {
        if (report.DeletedProfiles == 0)
        {
            return report;
        }
        // Mark on a read snapshot (a full scan, off the writer thread), then sweep on the writer.
        var marks = await Read(SymbolCollector.Mark).ConfigureAwait(false);
        var collect = new CollectSymbolsJob(marks);
        await _writer!.EnqueueAsync(collect, cancellation).ConfigureAwait(false);
        var (stacks, names) = await collect.Task.ConfigureAwait(false);
        return report with { DeletedStacks = stacks, DeletedNames = names, BytesAfter = await UsedBytesAsync().ConfigureAwait(false) };
    }

    /// <summary>
    /// The full integrity check (SQLite's integrity_check and every row against its checksum) on a
    /// read snapshot; ingest and queries go on meanwhile. Also kept as <see cref="LastCheck"/>.
    /// </summary>
    public async Task<StoreCheckReport> CheckAsync()
    {
        var report = await Read(db => IntegrityChecker.Run(db, DatabasePath)).ConfigureAwait(false);
        LastCheck = report;
        return report;
    }

    /// <summary>The report of the last integrity check (scheduled or on demand), if any ran.</summary>
    public StoreCheckReport? LastCheck { get; private set; }

    /// <summary>
    /// Checks the store in <paramref name="directory"/> without opening it as a store: a read-only
    /// connection, no lock, no migration, so it runs beside a server using the store (the CLI's
    /// <c>store check</c>). Throws <see cref="IOException"/> when there is no store there.
    /// </summary>
    public static StoreCheckReport Check(string directory)
    {
        var path = Path.Combine(Path.GetFullPath(directory), DatabaseFileName);
        if (!File.Exists(path))
        {
            throw new IOException($"no store in '{directory}': '{path}' does not exist");
        }
        try
        {
            using var db = SqliteConnection.Open(path, readOnly: true);
            db.Execute("BEGIN");
            if (Schema.StoredVersion(db) is not { } version || version != Schema.Version)
            {
                var found = Schema.StoredVersion(db)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";
                throw new StoreCorruptException($"store database '{path}' has schema version {found}; this build checks version {Schema.Version} (open the store once with this build to migrate it)");
            }
            // The read transaction ends with the connection.
            return IntegrityChecker.Run(db, path);
        }
        catch (Exception e) when (StoreErrors.Translate(e, path) is var typed && !ReferenceEquals(typed, e))
        {
            throw typed;
        }
    }

    private void RequestCheck() => _ = Task.Run(async () =>
    {
        try
        {
            await CheckAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is ObjectDisposedException or StoreCorruptException or Sqlite.SqliteException)
        {
            // Closing, or damage past what a report can hold: the next interval tries again.
        }
    });

    private Task<long> UsedBytesAsync() => Read(db =>
        (db.ScalarLong("PRAGMA page_count") - db.ScalarLong("PRAGMA freelist_count")) * db.ScalarLong("PRAGMA page_size"));

    private void RequestSweep()
    {
        var job = new SweepJob();
        if (_writer!.TryEnqueue(job))
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    LastSweep = await CollectAfter(await job.Task.ConfigureAwait(false), CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is ObjectDisposedException or StoreBusyException or StoreFullException or StoreCorruptException or Sqlite.SqliteException)
                {
                    // Closing, too busy, full or damaged (the last check reports that): the next interval tries again.
                }
            });
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _sweepTimer?.Dispose();
        _checkTimer?.Dispose();
        _writer?.Dispose();
        _readers.Dispose();
        if (_writeDb is null)
        {
            _lock?.Dispose();
            return;
        }
        try
        {
            // The marker goes in last: only a store whose every write was committed says "closed".
            CleanShutdown.MarkClosed(_writeDb);
            // A clean stop leaves no WAL behind, so the next open has nothing to replay.
            _writeDb.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        catch (SqliteException)
        {
            // Disk full, or a reader still open elsewhere: the WAL stays and is replayed on next
            // open; without the "closed" marker that open checks the database first.
        }
        _writeDb.Dispose();
        // Last: a next writer may open the store only once this one is closed.
        _lock?.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
