using System.Collections.Concurrent;
using Hotpath.Store.Sqlite;

namespace Hotpath.Store.Storage;

/// <summary>
/// Read-only connections for queries. In WAL mode readers never block the writer nor each other;
/// each query borrows a connection for its duration and sees one committed snapshot.
/// </summary>
internal sealed class ReaderPool(string path, int maxIdle, bool immutable = false) : IDisposable
{
    private readonly ConcurrentBag<SqliteConnection> _idle = [];
    private int _idleCount;
    private volatile bool _disposed;

    public Lease Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryTake(out var c))
        {
            Interlocked.Decrement(ref _idleCount);
            return new Lease(this, c);
        }
        return new Lease(this, SqliteConnection.Open(path, readOnly: true, immutable));
    }

    private void Return(SqliteConnection c)
    {
        if (!_disposed && Interlocked.Increment(ref _idleCount) <= maxIdle)
        {
            _idle.Add(c);
            return;
        }
        if (!_disposed)
        {
            Interlocked.Decrement(ref _idleCount);
        }
        c.Dispose();
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var c))
        {
            c.Dispose();
        }
    }

    internal readonly struct Lease(ReaderPool pool, SqliteConnection connection) : IDisposable
    {
        public SqliteConnection Db => connection;

        public void Dispose() => pool.Return(connection);
    }
}
