using SQLitePCL;

namespace Hotpath.Store.Sqlite;

/// <summary>A prepared statement: bind by 1-based index, step, read columns by 0-based index.</summary>
internal sealed class SqliteStatement
{
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _stmt;
    private readonly string _sql;

    internal SqliteStatement(SqliteConnection connection, sqlite3_stmt stmt, string sql)
    {
        _connection = connection;
        _stmt = stmt;
        _sql = sql;
    }

    public void Reset()
    {
        raw.sqlite3_reset(_stmt);
        raw.sqlite3_clear_bindings(_stmt);
    }

    public SqliteStatement Bind(int index, long value)
    {
        Check(raw.sqlite3_bind_int64(_stmt, index, value));
        return this;
    }

    public SqliteStatement Bind(int index, string value)
    {
        Check(raw.sqlite3_bind_text(_stmt, index, value));
        return this;
    }

    public SqliteStatement Bind(int index, ReadOnlySpan<byte> value)
    {
        Check(raw.sqlite3_bind_blob(_stmt, index, value));
        return this;
    }

    /// <summary>Advances; true when a row is available, false when done.</summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_stmt);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }
        if (rc == raw.SQLITE_DONE)
        {
            return false;
        }
        raw.sqlite3_reset(_stmt);
        throw _connection.Error(rc, _sql);
    }

    /// <summary>Runs a statement that returns no rows.</summary>
    public void Run()
    {
        while (Step())
        {
        }
        raw.sqlite3_reset(_stmt);
    }

    public long Long(int column) => raw.sqlite3_column_int64(_stmt, column);

    public string Text(int column) => raw.sqlite3_column_text(_stmt, column).utf8_to_string() ?? "";

    public ReadOnlySpan<byte> Blob(int column) => raw.sqlite3_column_blob(_stmt, column);

    public bool IsNull(int column) => raw.sqlite3_column_type(_stmt, column) == raw.SQLITE_NULL;

    internal void Finalize_() => raw.sqlite3_finalize(_stmt);

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw _connection.Error(rc, _sql);
        }
    }
}
