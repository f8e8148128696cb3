using System.Text;

namespace Hotpath.Store.Labels;

/// <summary>
/// An immutable set of label pairs sorted by name (ordinal), names unique. Its
/// <see cref="Canonical"/> form is the series identity in the store.
/// </summary>
public sealed class LabelSet : IEquatable<LabelSet>
{
    private readonly KeyValuePair<string, string>[] _pairs;

    public static LabelSet Empty { get; } = new([]);

    private LabelSet(KeyValuePair<string, string>[] sortedUnique) => _pairs = sortedUnique;

    /// <summary>Builds a set; a name given twice keeps its last value.</summary>
    public static LabelSet From(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in pairs)
        {
            map[p.Key] = p.Value;
        }
        return new LabelSet([.. map]);
    }

    public static LabelSet Of(params (string Name, string Value)[] pairs) =>
        From(pairs.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)));

    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

    public int Count => _pairs.Length;

    public string? Get(string name)
    {
        var lo = 0;
        var hi = _pairs.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = string.CompareOrdinal(_pairs[mid].Key, name);
            if (c == 0)
            {
                return _pairs[mid].Value;
            }
            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return null;
    }

    /// <summary>This set with <paramref name="name"/> set to <paramref name="value"/>.</summary>
    public LabelSet With(string name, string value) => From(_pairs.Append(new(name, value)));

    /// <summary>Only the labels named in <paramref name="names"/> (those present).</summary>
    public LabelSet Only(IReadOnlyCollection<string> names) =>
        new([.. _pairs.Where(p => names.Contains(p.Key))]);

    /// <summary>
    /// One string per set: name and value pairs separated by 0xFF-free separators (\u0000 between
    /// name and value, \u0001 between pairs). Label names and values never contain NUL in practice;
    /// <see cref="Parse"/> reverses it.
    /// </summary>
    public string Canonical
    {
        get
        {
            var b = new StringBuilder();
            foreach (var p in _pairs)
            {
                if (b.Length > 0)
                {
                    b.Append('\u0001');
                }
                b.Append(p.Key).Append('\u0000').Append(p.Value);
            }
            return b.ToString();
        }
    }

    public static LabelSet Parse(string canonical)
    {
        if (canonical.Length == 0)
        {
            return Empty;
        }
        var parts = canonical.Split('\u0001');
        var pairs = new KeyValuePair<string, string>[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var sep = parts[i].IndexOf('\u0000');
            pairs[i] = new(parts[i][..sep], parts[i][(sep + 1)..]);
        }
        return new LabelSet(pairs);
    }

    /// <summary>Pyroscope's rendering: <c>{a="b", c="d"}</c>.</summary>
    public override string ToString() => "{" + string.Join(", ", _pairs.Select(p => $"{p.Key}=\"{p.Value}\"")) + "}";

    public bool Equals(LabelSet? other) => other is not null && _pairs.AsSpan().SequenceEqual(other._pairs);

    public override bool Equals(object? obj) => obj is LabelSet other && Equals(other);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var p in _pairs)
        {
            h.Add(p.Key);
            h.Add(p.Value);
        }
        return h.ToHashCode();
    }

    /// <summary>Orders sets pair by pair (name, then value), shorter first on a tie: how Pyroscope sorts series.</summary>
    public static int Compare(LabelSet a, LabelSet b)
    {
        var n = Math.Min(a._pairs.Length, b._pairs.Length);
        for (var i = 0; i < n; i++)
        {
            var c = string.CompareOrdinal(a._pairs[i].Key, b._pairs[i].Key);
            if (c != 0)
            {
                return c;
            }
            c = string.CompareOrdinal(a._pairs[i].Value, b._pairs[i].Value);
            if (c != 0)
            {
                return c;
            }
        }
        return a._pairs.Length.CompareTo(b._pairs.Length);
    }
}
