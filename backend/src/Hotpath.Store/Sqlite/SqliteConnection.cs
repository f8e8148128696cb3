using System.Reflection;
using System.Runtime.InteropServices;
using SQLitePCL;

namespace Hotpath.Store.Sqlite;

/// <summary>
/// One SQLite connection over the raw binding. Not thread-safe: a connection belongs to one
/// thread at a time (the writer thread, or a reader borrowed from the pool).
/// </summary>
internal sealed class SqliteConnection : IDisposable
{
    private static readonly Lazy<bool> Initialized = new(() =>
    {
        NativeLibrary.SetDllImportResolver(typeof(SQLite3Provider_e_sqlite3).Assembly, ResolveShippedSqlite);
        Batteries_V2.Init();
        return true;
    });

    /// <summary>
    /// The plugin folder holds one executable per architecture side by side, so each finds its own
    /// SQLite build by name: <c>libe_sqlite3_linux_amd64.so</c> or <c>libe_sqlite3_linux_arm64.so</c>
    /// beside the executable (the names <c>make build</c> gives them). Where no such file exists
    /// (tests, <c>dotnet run</c>) the default lookup finds the package's <c>libe_sqlite3.so</c>.
    /// </summary>
    private static IntPtr ResolveShippedSqlite(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != "e_sqlite3")
        {
            return IntPtr.Zero;
        }

        var arch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "amd64",
            Architecture.Arm64 => "arm64",
            _ => null,
        };
        if (arch is null)
        {
            return IntPtr.Zero;
        }

        var path = Path.Combine(AppContext.BaseDirectory, $"libe_sqlite3_linux_{arch}.so");
        return File.Exists(path) ? NativeLibrary.Load(path) : IntPtr.Zero;
    }

    private readonly sqlite3 _db;
    private readonly Dictionary<string, SqliteStatement> _cache = new(StringComparer.Ordinal);

    private SqliteConnection(sqlite3 db) => _db = db;

    /// <param name="immutable">
    /// Read the database file as a file that nothing changes: no locks, no -shm, no write-ahead log
    /// (SQLite's <c>immutable=1</c>). Only for a store whose log is empty that no process writes —
    /// opened on a full disk, where the -shm cannot even be created.
    /// </param>
    public static SqliteConnection Open(string path, bool readOnly, bool immutable = false)
    {
        _ = Initialized.Value;
        var flags = (readOnly ? raw.SQLITE_OPEN_READONLY : raw.SQLITE_OPEN_READWRITE | raw.SQLITE_OPEN_CREATE) | raw.SQLITE_OPEN_NOMUTEX;
        var name = path;
        if (immutable)
        {
            flags |= raw.SQLITE_OPEN_URI;
            name = "file:" + path.Replace("%", "%25", StringComparison.Ordinal).Replace("?", "%3f", StringComparison.Ordinal).Replace("#", "%23", StringComparison.Ordinal) + "?immutable=1";
        }
        var rc = raw.sqlite3_open_v2(name, out var db, flags, null);
        if (rc != raw.SQLITE_OK)
        {
            var message = db is null ? raw.sqlite3_errstr(rc).utf8_to_string() : raw.sqlite3_errmsg(db).utf8_to_string();
            db?.Dispose();
            throw new SqliteException($"cannot open store database '{path}': {message}", rc);
        }
        // Readers may meet a checkpoint in progress; wait briefly instead of failing.
        raw.sqlite3_busy_timeout(db, DefaultBusyTimeoutMs);
        return new SqliteConnection(db);
    }

    public const int DefaultBusyTimeoutMs = 5000;

    /// <summary>How long a call waits for a lock another connection holds before SQLITE_BUSY.</summary>
    public void BusyTimeout(int milliseconds) => raw.sqlite3_busy_timeout(_db, milliseconds);

    public void Execute(string sql)
    {
        var rc = raw.sqlite3_exec(_db, sql);
        if (rc != raw.SQLITE_OK)
        {
            throw Error(rc, sql);
        }
    }

    /// <summary>A prepared statement, cached per SQL text for the connection's lifetime.</summary>
    public SqliteStatement Prepare(string sql)
    {
        if (_cache.TryGetValue(sql, out var cached))
        {
            cached.Reset();
            return cached;
        }
        var rc = raw.sqlite3_prepare_v2(_db, sql, out var stmt);
        if (rc != raw.SQLITE_OK)
        {
            throw Error(rc, sql);
        }
        var statement = new SqliteStatement(this, stmt, sql);
        _cache.Add(sql, statement);
        return statement;
    }

    /// <summary>
    /// Resets every cached statement. A statement left on a row keeps its read snapshot open even
    /// after COMMIT; queries call this when they finish so the next one sees the latest commit.
    /// </summary>
    public void ResetAll()
    {
        foreach (var s in _cache.Values)
        {
            s.Reset();
        }
    }

    public long ScalarLong(string sql)
    {
        var s = Prepare(sql);
        var value = s.Step() ? s.Long(0) : 0;
        s.Reset();
        return value;
    }

    public string? ScalarText(string sql)
    {
        var s = Prepare(sql);
        var value = s.Step() ? s.Text(0) : null;
        s.Reset();
        return value;
    }

    public long LastInsertRowId => raw.sqlite3_last_insert_rowid(_db);

    internal SqliteException Error(int rc, string context) =>
        new($"sqlite error {rc} ({raw.sqlite3_errmsg(_db).utf8_to_string()}) in: {context}", rc);

    public void Dispose()
    {
        foreach (var s in _cache.Values)
        {
            s.Finalize_();
        }
        _cache.Clear();
        raw.sqlite3_close_v2(_db);
        _db.Dispose();
    }
}
