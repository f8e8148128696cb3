using System.Collections.Concurrent;
using Hotpath.Store.Sqlite;

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
        var s = db.Prepare("SELECT frames FROM stacks WHERE id = ?1").Bind(1, stackId);
        if (!s.Step())
        {
            throw new InvalidDataException($"stack {stackId} referenced by a profile is missing from the store");
        }
        frames = SymbolWriter.DecodeFrames(s.Blob(0));
        _stacks.TryAdd(stackId, frames);
        return frames;
    }

    public string Name(SqliteConnection db, long nameId)
    {
        if (_names.TryGetValue(nameId, out var name))
        {
            return name;
        }
        var s = db.Prepare("SELECT name FROM names WHERE id = ?1").Bind(1, nameId);
        if (!s.Step())
        {
            throw new InvalidDataException($"frame name {nameId} referenced by a stack is missing from the store");
        }
        name = s.Text(0);
        _names.TryAdd(nameId, name);
        return name;
    }
}
