namespace Hotpath.Store.Storage;

// The store's typed failures. Each names the store's database file, so a message that reaches a
// user or a log says which store is affected. How the layers above map them (docs/store.md):
// busy → 429/503, rejected/bad input → 400, full → 507, corrupt → 500 naming the store,
// locked / read-only → 409 (or 503 while another process holds the writer lock).

/// <summary>The write queue stayed full for the whole busy timeout; the caller should retry later (HTTP 429/503).</summary>
public sealed class StoreBusyException(string message) : Exception(message);

/// <summary>A write was refused because its input is invalid (HTTP 400/422); nothing of it was stored.</summary>
public sealed class IngestRejectedException(string message) : Exception(message);

/// <summary>
/// The database is damaged: it failed an integrity check, a row failed its checksum, or SQLite
/// reported corruption. Nothing computed from the damaged data is returned. The message names the
/// database and what was found; docs/store.md says how to repair or rebuild.
/// </summary>
public sealed class StoreCorruptException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The disk (or the database's size limit) is full. Every write acknowledged before stays on disk
/// and reads keep working; the write that failed stored nothing and can be retried once space is
/// freed (HTTP 507).
/// </summary>
public sealed class StoreFullException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Another process holds the store's writer lock; <see cref="HolderPid"/> is that process (0 when unknown).</summary>
public sealed class StoreLockedException(string message, int holderPid) : Exception(message)
{
    public int HolderPid { get; } = holderPid;
}

/// <summary>A write was asked of a store opened read-only (another process is its writer, or the disk is full).</summary>
public sealed class StoreReadOnlyException(string message) : Exception(message);


/// <summary>
/// Thrown where a damaged row is met (checksum mismatch, undecodable blob, missing referenced row);
/// the store turns it into <see cref="StoreCorruptException"/> naming the database.
/// </summary>
internal sealed class DamagedRowException(string message) : Exception(message);

/// <summary>
/// A push would create a series beyond <see cref="StoreOptions.MaxSeries"/> active ones; nothing of
/// it was stored. The message is Pyroscope's (<c>validation.SeriesLimitErrorMsg</c>).
/// </summary>
public sealed class SeriesLimitException(int active, int limit) : Exception(
    $"Maximum active series limit exceeded ({active}/{limit}), reduce the number of active streams (reduce labels or reduce label values), or contact your administrator to see if the limit can be increased");
