namespace Hotpath.Engine.Stacks;

/// <summary>
/// Interns frame names to dense ids (0, 1, 2, …) in first-seen order. Ids are stable for the
/// table's lifetime, so arrays indexed by id can sit beside it.
/// </summary>
public sealed class NameTable
{
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _idsBySpan;
    private readonly List<string> _names;

    public NameTable(int capacity = 0)
    {
        _ids = new Dictionary<string, int>(capacity, StringComparer.Ordinal);
        _idsBySpan = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
        _names = new List<string>(capacity);
    }

    public int Count => _names.Count;

    public string this[int id] => _names[id];

    /// <summary>Returns the id of <paramref name="name"/>, adding it when new.</summary>
    public int Intern(string name)
    {
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_ids, name, out var exists);
        if (!exists)
        {
            slot = _names.Count;
            _names.Add(name);
        }
        return slot;
    }

    /// <summary>Like <see cref="Intern(string)"/>, allocating a string only for a name not seen before.</summary>
    public int Intern(ReadOnlySpan<char> name)
    {
        if (_idsBySpan.TryGetValue(name, out var id))
        {
            return id;
        }
        return Intern(name.ToString());
    }

    public bool TryGetId(string name, out int id) => _ids.TryGetValue(name, out id);

    /// <summary>
    /// Interns every name of <paramref name="source"/> into this table and returns, per source id,
    /// the id here: translating stacks between tables then costs one array lookup per frame.
    /// </summary>
    public int[] Remap(NameTable source)
    {
        var map = new int[source.Count];
        for (var id = 0; id < map.Length; id++)
        {
            map[id] = Intern(source[id]);
        }
        return map;
    }
}
