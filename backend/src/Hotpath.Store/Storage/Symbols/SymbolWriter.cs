using System.Runtime.InteropServices;
using Hotpath.Engine.Stacks;
using Hotpath.Store.Sqlite;
using Hotpath.Store.Storage.Integrity;

namespace Hotpath.Store.Storage.Symbols;

/// <summary>
/// Writer-side interning of frame names and stacks. Stacks are keyed by a 64-bit hash of their
/// name ids; a hash hit is confirmed by comparing the frames (a collision gets its own row).
/// Memory caches front the tables; entries made inside a transaction are undone if it rolls back,
/// so a cached id always names a committed row.
/// </summary>
internal sealed class SymbolWriter(SqliteConnection db)
{
    private readonly Dictionary<string, long> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<long, List<(long Id, long[] Frames)>> _stacks = [];
    private readonly List<string> _pendingNames = [];
    private readonly List<long> _pendingStackHashes = [];

    public long NameId(string name)
    {
        if (_names.TryGetValue(name, out var id))
        {
            return id;
        }
        var find = db.Prepare("SELECT id FROM names WHERE name = ?1").Bind(1, name);
        if (find.Step())
        {
            id = find.Long(0);
            find.Reset();
        }
        else
        {
            db.Prepare("INSERT INTO names(name, crc) VALUES (?1, ?2)").Bind(1, name).Bind(2, Checksums.Name(name)).Run();
            id = db.LastInsertRowId;
            _pendingNames.Add(name);
        }
        _names[name] = id;
        return id;
    }

    /// <summary>The id of the stack with these frame-name ids (root first), adding it when new.</summary>
    public long StackId(ReadOnlySpan<long> frames)
    {
        var hash = Hash(frames);
        ref var bucket = ref CollectionsMarshal.GetValueRefOrAddDefault(_stacks, hash, out var exists);
        if (!exists)
        {
            bucket = LoadBucket(hash);
        }
        foreach (var (id, known) in bucket!)
        {
            if (frames.SequenceEqual(known))
            {
                return id;
            }
        }
        var encoded = Encode(frames);
        db.Prepare("INSERT INTO stacks(hash, frames, crc) VALUES (?1, ?2, ?3)").Bind(1, hash).Bind(2, encoded).Bind(3, Checksums.Stack(hash, encoded)).Run();
        var newId = db.LastInsertRowId;
        bucket.Add((newId, frames.ToArray()));
        _pendingStackHashes.Add(hash);
        return newId;
    }

    public void Committed()
    {
        _pendingNames.Clear();
        _pendingStackHashes.Clear();
    }

    /// <summary>Drops every cached id (after symbols were deleted).</summary>
    public void Forget()
    {
        _names.Clear();
        _stacks.Clear();
    }

    public void RolledBack()
    {
        foreach (var name in _pendingNames)
        {
            _names.Remove(name);
        }
        foreach (var hash in _pendingStackHashes)
        {
            // Reloaded from the table on next use: drops exactly the rolled-back rows.
            _stacks.Remove(hash);
        }
        Committed();
    }

    private List<(long, long[])> LoadBucket(long hash)
    {
        var list = new List<(long, long[])>(1);
        var s = db.Prepare("SELECT id, hash, frames, crc FROM stacks WHERE hash = ?1").Bind(1, hash);
        while (s.Step())
        {
            list.Add((s.Long(0), DecodeFrames(RowChecks.Frames(s, 1, s.Long(0)))));
        }
        return list;
    }

    internal static byte[] Encode(ReadOnlySpan<long> frames)
    {
        var bytes = new List<byte>(frames.Length * 2);
        foreach (var f in frames)
        {
            Varints.Write(bytes, (ulong)f);
        }
        return [.. bytes];
    }

    internal static long[] DecodeFrames(ReadOnlySpan<byte> blob)
    {
        var frames = new List<long>(blob.Length);
        var pos = 0;
        while (pos < blob.Length)
        {
            frames.Add((long)Varints.Read(blob, ref pos));
        }
        return [.. frames];
    }

    private static long Hash(ReadOnlySpan<long> frames)
    {
        ulong h = 0xCBF29CE484222325UL ^ (ulong)frames.Length;
        foreach (var f in frames)
        {
            h = (System.Numerics.BitOperations.RotateLeft(h, 27) ^ (ulong)f) * 0x100000001B3UL * 0x9E3779B97F4A7C15UL;
        }
        return (long)(h ^ (h >> 31));
    }

    /// <summary>Maps a stack set's local name ids to store ids, once per name.</summary>
    public long[] MapNames(NameTable names)
    {
        var ids = new long[names.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = NameId(names[i]);
        }
        return ids;
    }
}
