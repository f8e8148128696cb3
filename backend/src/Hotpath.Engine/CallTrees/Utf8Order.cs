using Hotpath.Engine.Stacks;

namespace Hotpath.Engine.CallTrees;

/// <summary>
/// Orders frame names the way Go compares strings (byte-wise on UTF-8), which is the sibling
/// order Pyroscope's trees and flame graphs use. It equals code-point order, and differs from
/// .NET's ordinal (UTF-16) order only when a supplementary character meets one in U+E000–U+FFFF.
/// </summary>
public static class Utf8Order
{
    public static int Compare(string a, string b)
    {
        var i = a.AsSpan().CommonPrefixLength(b);
        if (i == a.Length || i == b.Length)
        {
            return a.Length.CompareTo(b.Length);
        }
        var ca = a[i];
        var cb = b[i];
        var sa = char.IsSurrogate(ca);
        if (sa != char.IsSurrogate(cb))
        {
            // A surrogate stands for a code point above U+FFFF, so it sorts after any BMP char.
            return sa ? 1 : -1;
        }
        return ca.CompareTo(cb);
    }

    /// <summary>
    /// Rank of every name id of <paramref name="names"/> in UTF-8 byte order: comparing ranks
    /// compares names, so hot loops sort ints instead of strings.
    /// </summary>
    public static int[] Ranks(NameTable names)
    {
        var n = names.Count;
        var ids = new int[n];
        var strings = new string[n];
        for (var i = 0; i < n; i++)
        {
            ids[i] = i;
            strings[i] = names[i];
        }
        Array.Sort(strings, ids, Comparer<string>.Create(Compare));
        var ranks = new int[n];
        for (var r = 0; r < n; r++)
        {
            ranks[ids[r]] = r;
        }
        return ranks;
    }
}
