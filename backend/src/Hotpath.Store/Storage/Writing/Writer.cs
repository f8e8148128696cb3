using System.Threading.Channels;
using Hotpath.Store.Sqlite;
using Hotpath.Store.Storage.Series;

namespace Hotpath.Store.Storage.Writing;

/// <summary>
/// The single writer: a dedicated thread that drains a bounded queue and commits what it took in
/// one transaction (group commit: one WAL fsync acknowledges many writes). A job's task completes
/// only after COMMIT returned, so an acknowledged write is on disk.
/// </summary>
internal sealed class Writer : IDisposable
{
    private readonly Channel<WriteJob> _queue;
    private readonly SqliteConnection _db;
    private readonly WriterContext _context;
    private readonly StoreOptions _options;
    private readonly Thread _thread;
    private readonly string _databasePath;

    public Writer(SqliteConnection db, SeriesCatalog catalog, StoreOptions options, string databasePath)
    {
        _db = db;
        _databasePath = databasePath;
        _walPath = databasePath + "-wal";
        _options = options;
        _context = new WriterContext(db, catalog, options);
        _queue = Channel.CreateBounded<WriteJob>(new BoundedChannelOptions(Math.Max(1, options.WriteQueueCapacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _thread = new Thread(Run) { IsBackground = true, Name = "hotpath-store-writer" };
        _thread.Start();
    }

    /// <summary>Queues a job; waits up to the busy timeout for room, then gives up with <see cref="StoreBusyException"/>.</summary>
    public async Task EnqueueAsync(WriteJob job, CancellationToken cancellation)
    {
        if (_queue.Writer.TryWrite(job))
        {
            return;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(_options.BusyTimeout);
        try
        {
            await _queue.Writer.WriteAsync(job, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new StoreBusyException(
                $"store busy: {_options.WriteQueueCapacity} writes are already queued and none finished within {_options.BusyTimeout.TotalSeconds:0.###} s; retry later");
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException("ProfileStore", "the store is closed");
        }
    }

    /// <summary>Best effort, never waits (used by the retention timer).</summary>
    public bool TryEnqueue(WriteJob job) => _queue.Writer.TryWrite(job);

    private void Run()
    {
        var reader = _queue.Reader;
        var batch = new List<WriteJob>(_options.MaxWritesPerCommit);
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            while (batch.Count < _options.MaxWritesPerCommit && reader.TryPeek(out var next))
            {
                if (next.Exclusive && batch.Count > 0)
                {
                    break;
                }
                reader.TryRead(out next);
                batch.Add(next!);
                if (next!.Exclusive)
                {
                    break;
                }
            }
            Commit(batch);
        }
    }

    private void Commit(List<WriteJob> batch)
    {
        WriteJob? failed = null;
        try
        {
            _db.Execute("BEGIN IMMEDIATE");
            foreach (var job in batch)
            {
                failed = job;
                job.Apply(_context);
            }
            failed = null;
            _db.Execute("COMMIT");
        }
        catch (Exception raw)
        {
            var e = StoreErrors.Translate(raw, _databasePath);
            TryRollback();
            _context.RolledBack();
            // A full disk fails every write alike: retrying them one by one would only fail again.
            if (failed is null || batch.Count == 1 || e is StoreFullException)
            {
                foreach (var job in batch)
                {
                    job.Fail(e);
                }
                return;
            }
            // One job broke the group: fail it and give every other job its own transaction.
            failed.Fail(e);
            foreach (var job in batch.Where(j => !ReferenceEquals(j, failed)).ToList())
            {
                Commit([job]);
            }
            return;
        }
        _context.Committed();
        foreach (var job in batch)
        {
            job.Complete();
        }
        KeepWalShort();
    }

    /// <summary>
    /// SQLite's own checkpoints are PASSIVE: under a steady stream of overlapping reads some reader
    /// always holds the log, it is never reset and grows without bound (84 MB was seen). Past
    /// <see cref="StoreOptions.CheckpointWalBytes"/> the writer runs a TRUNCATE checkpoint after its
    /// commit (acknowledgements already went out): it waits briefly for the readers that still use
    /// the log — readers starting meanwhile read the database file — and truncates the log to zero.
    /// If readers outlast the short wait, the next commit tries again.
    /// </summary>
    private void KeepWalShort()
    {
        long walBytes;
        try
        {
            walBytes = new FileInfo(_walPath).Length;
        }
        catch (IOException)
        {
            return;
        }
        if (walBytes <= _options.CheckpointWalBytes)
        {
            return;
        }
        _db.BusyTimeout(CheckpointWaitMs);
        try
        {
            _db.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
            Interlocked.Increment(ref _checkpoints);
        }
        catch (SqliteException)
        {
            // Busy or full: the next commit tries again.
        }
        finally
        {
            _db.BusyTimeout(SqliteConnection.DefaultBusyTimeoutMs);
        }
    }

    private const int CheckpointWaitMs = 1000;
    private readonly string _walPath;
    private long _checkpoints;

    /// <summary>TRUNCATE checkpoints the writer ran to keep the log short.</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    private void TryRollback()
    {
        try
        {
            _db.Execute("ROLLBACK");
        }
        catch (SqliteException)
        {
            // No transaction open (BEGIN itself failed): nothing to undo.
        }
    }

    /// <summary>Stops taking writes, lets the thread finish what is queued, and waits for it.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _thread.Join();
    }
}
