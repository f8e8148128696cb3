namespace Hotpath.Store.Storage;

/// <summary>The write queue stayed full for the whole busy timeout; the caller should retry later (HTTP 429/503).</summary>
public sealed class StoreBusyException(string message) : Exception(message);

/// <summary>A write was refused because its input is invalid (HTTP 400/422); nothing of it was stored.</summary>
public sealed class IngestRejectedException(string message) : Exception(message);

/// <summary>The database failed its integrity check on open; the message says what SQLite found.</summary>
public sealed class StoreCorruptException(string message) : Exception(message);
