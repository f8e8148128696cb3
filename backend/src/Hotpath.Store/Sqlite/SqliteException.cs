namespace Hotpath.Store.Sqlite;

/// <summary>A SQLite call failed; the message carries SQLite's own text and result code.</summary>
public sealed class SqliteException(string message, int code) : Exception(message)
{
    public int Code { get; } = code;
}
