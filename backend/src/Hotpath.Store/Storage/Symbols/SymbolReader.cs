using System.Collections.Concurrent;
using Hotpath.Store.Sqlite;
using Hotpath.Store.Storage.Integrity;

namespace Hotpath.Store.Storage.Symbols;

/// <summary>
/// Query-side caches of stacks and names. Committed stack and name rows are never changed or
/// deleted, so a cached entry stays true for the store's lifetime.
/// </summary>
internal sealed class SymbolReader
{
    private readonly ConcurrentDictionary<long, long[]> _stacks = new();
    private readonly ConcurrentDictionary<long, string> _names = new();

    public long[] Frames(SqliteConnection db, long stackId)
    {
        if (_stacks.TryGetValue(stackId, out var frames))
        {
            return frames;
        }
        var s = db.Prepare("SELECT hash, frames, crc FROM stacks WHERE id = ?1").Bind(1, stackId);
        if (!s.Step())
        {
            throw new DamagedRowException($"stack {stackId} referenced by a profile is missing");
        }
        frames = SymbolWriter.DecodeFrames(RowChecks.Frames(s, 0, stackId));
        _stacks.TryAdd(stackId, frames);
        return frames;
    }

    public string Name(SqliteConnection db, long nameId)
    {
        if (_names.TryGetValue(nameId, out var name))
        {
            return name;
        }
        var s = db.Prepare("SELECT name, crc FROM names WHERE id = ?1").Bind(1, nameId);
        if (!s.Step())
        {
            throw new DamagedRowException($"frame name {nameId} referenced by a stack is missing");
        }
        name = RowChecks.Name(s, 0, nameId);
        _names.TryAdd(nameId, name);
        return name;
    }
}
