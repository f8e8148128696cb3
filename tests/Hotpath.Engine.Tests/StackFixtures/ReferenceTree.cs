using System.Text;
using Hotpath.Engine.Stacks;

namespace Hotpath.Engine.Tests.StackFixtures;

/// <summary>
/// A deliberately plain, object-per-node re-statement of Pyroscope's documented algorithms
/// (Tree.InsertStack, minValue, MarshalTruncate, NewFlameGraph, NewFlamegraphDiff), written
/// independently of the engine so the engine's flat-array versions can be checked against it.
/// Slow and recursive on purpose: clarity over speed.
/// </summary>
internal sealed class RefNode
{
    public string Name = "";
    public long Self;
    public long Total;
    public List<RefNode> Children = [];

    public RefNode Child(string name)
    {
        var i = 0;
        while (i < Children.Count && ByteOrder(Children[i].Name, name) < 0)
        {
            i++;
        }
        if (i < Children.Count && Children[i].Name == name)
        {
            return Children[i];
        }
        var child = new RefNode { Name = name };
        Children.Insert(i, child);
        return child;
    }

    /// <summary>Go's string order: compare UTF-8 bytes.</summary>
    public static int ByteOrder(string a, string b)
    {
        var x = Encoding.UTF8.GetBytes(a);
        var y = Encoding.UTF8.GetBytes(b);
        return ((ReadOnlySpan<byte>)x).SequenceCompareTo(y);
    }

    public IEnumerable<RefNode> PreOrder()
    {
        yield return this;
        foreach (var c in Children)
        {
            foreach (var n in c.PreOrder())
            {
                yield return n;
            }
        }
    }
}

internal static class ReferenceTree
{
    /// <summary>Virtual root whose children are the tree's roots (InsertStack skips values ≤ 0).</summary>
    public static RefNode FromStacks(params StackSet[] sets)
    {
        var root = new RefNode();
        foreach (var set in sets)
        {
            for (var s = 0; s < set.Count; s++)
            {
                var v = set.ValueOf(s);
                var frames = set.FramesOf(s);
                if (v <= 0 || frames.Length == 0)
                {
                    continue;
                }
                var n = root;
                n.Total += v;
                foreach (var f in frames.ToArray())
                {
                    n = n.Child(set.Names[f]);
                    n.Total += v;
                }
                n.Self += v;
            }
        }
        return root;
    }

    /// <summary>The maxNodes-th largest total among the real nodes, found by sorting them all.</summary>
    public static long MinValue(RefNode root, long maxNodes)
    {
        var totals = root.PreOrder().Skip(1).Select(n => n.Total).OrderByDescending(t => t).ToList();
        if (maxNodes < 1 || totals.Count <= maxNodes)
        {
            return 0;
        }
        return totals[(int)maxNodes - 1];
    }

    /// <summary>MarshalTruncate's effect on the tree (returns a truncated copy).</summary>
    public static RefNode Truncate(RefNode root, long maxNodes)
    {
        var min = MinValue(root, maxNodes);
        return Copy(root);

        RefNode Copy(RefNode n)
        {
            var copy = new RefNode { Name = n.Name, Self = n.Self, Total = n.Total };
            long other = 0;
            foreach (var c in n.Children)
            {
                if (c.Total >= min || c.Name == "other")
                {
                    copy.Children.Add(Copy(c));
                }
                else
                {
                    other += c.Total;
                }
            }
            if (other > 0)
            {
                var o = copy.Child("other");
                o.Total += other;
                o.Self += other;
            }
            return copy;
        }
    }

    public sealed record Graph(List<string> Names, List<long[]> Levels, long Total, long MaxSelf);

    /// <summary>NewFlameGraph: LIFO walk, per-level values pushed then read back reversed, delta-encoded.</summary>
    public static Graph FlameGraph(RefNode root, long maxNodes)
    {
        var total = root.Children.Sum(c => c.Total);
        var min = MinValue(root, maxNodes);
        var names = new List<string>();
        var cache = new Dictionary<string, int>();
        var pushed = new List<List<long>>();
        long max = 0;
        var stack = new Stack<(long X, int Level, RefNode Node)>();
        stack.Push((0, 0, new RefNode { Name = "", Children = root.Children, Total = total }));
        while (stack.Count > 0)
        {
            var (x, level, node) = stack.Pop();
            max = Math.Max(max, node.Self);
            var name = node.Name;
            if (!cache.TryGetValue(name, out var i))
            {
                i = names.Count;
                if (i == 0)
                {
                    name = "total";
                }
                cache[name] = i;
                names.Add(name);
            }
            if (level == pushed.Count)
            {
                pushed.Add([]);
            }
            pushed[level].AddRange([i, node.Self, node.Total, x]);
            x += node.Self;
            long other = 0;
            foreach (var child in node.Children)
            {
                if (child.Total >= min && child.Name != "other")
                {
                    stack.Push((x, level + 1, child));
                    x += child.Total;
                }
                else
                {
                    other += child.Total;
                }
            }
            if (other != 0)
            {
                stack.Push((x, level + 1, new RefNode { Name = "other", Self = other, Total = other }));
            }
        }
        var levels = pushed.Select(l => Enumerable.Reverse(l).ToArray()).ToList();
        foreach (var l in levels)
        {
            long prev = 0;
            for (var j = 0; j < l.Length; j += 4)
            {
                l[j] -= prev;
                prev += l[j] + l[j + 1];
            }
        }
        return new Graph(names, levels, total, max);
    }

    public sealed record DiffGraph(List<string> Names, List<long[]> Levels, long Total, long MaxSelf, long LeftTicks, long RightTicks);

    /// <summary>NewFlamegraphDiff on two trees (virtual roots given): combine, cut off, prepend-walk, delta-encode twice.</summary>
    public static DiffGraph FlameGraphDiff(RefNode leftRoot, RefNode rightRoot, long maxNodes)
    {
        var left = new RefNode { Children = leftRoot.Children, Total = leftRoot.Children.Sum(c => c.Total) };
        var right = new RefNode { Children = rightRoot.Children, Total = rightRoot.Children.Sum(c => c.Total) };
        (left, right) = Combine(left, right);

        long min = 0;
        if (maxNodes > 0)
        {
            var pairs = Zip(left, right).Select(p => Math.Max(p.L.Total, p.R.Total)).OrderByDescending(v => v).ToList();
            min = pairs.Count <= maxNodes ? 0 : pairs[(int)maxNodes - 1];
        }

        var names = new List<string>();
        var cache = new Dictionary<string, int>();
        var levels = new List<List<long>>();
        long maxSelf = 0;
        var queue = new List<(RefNode L, RefNode R, long XL, long XR, int Level)> { (left, right, 0, 0, 0) };
        while (queue.Count > 0)
        {
            var (l, r, xl, xr, level) = queue[0];
            queue.RemoveAt(0);
            var name = l.Name;
            if (!(l.Total >= min || r.Total >= min || name == "other"))
            {
                continue;
            }
            if (!cache.TryGetValue(name, out var i))
            {
                i = names.Count;
                cache[name] = i;
                if (i == 0)
                {
                    name = "total";
                }
                names.Add(name);
            }
            if (level == levels.Count)
            {
                levels.Add([]);
            }
            maxSelf = Math.Max(maxSelf, Math.Max(l.Self, r.Self));
            levels[level].InsertRange(0, [xl, l.Total, l.Self, xr, r.Total, r.Self, i]);
            xl += l.Self;
            xr += r.Self;
            long otherL = 0, otherR = 0;
            for (var c = 0; c < l.Children.Count; c++)
            {
                var lc = l.Children[c];
                var rc = r.Children[c];
                if (lc.Total >= min || rc.Total >= min)
                {
                    queue.Insert(0, (lc, rc, xl, xr, level + 1));
                    xl += lc.Total;
                    xr += rc.Total;
                }
                else
                {
                    otherL += lc.Total;
                    otherR += rc.Total;
                }
            }
            if (otherL != 0 || otherR != 0)
            {
                queue.Insert(0, (new RefNode { Name = "other", Total = otherL, Self = otherL },
                    new RefNode { Name = "other", Total = otherR, Self = otherR }, xl, xr, level + 1));
            }
        }
        var arrays = levels.Select(l => l.ToArray()).ToList();
        foreach (var a in arrays)
        {
            foreach (var start in new[] { 0, 3 })
            {
                long prev = 0;
                for (var j = start; j < a.Length; j += 7)
                {
                    a[j] -= prev;
                    prev += a[j] + a[j + 1];
                }
            }
        }
        return new DiffGraph(names, arrays, left.Total + right.Total, maxSelf, left.Total, right.Total);
    }

    private static (RefNode, RefNode) Combine(RefNode l, RefNode r)
    {
        var nl = new RefNode { Name = l.Name, Self = l.Self, Total = l.Total };
        var nr = new RefNode { Name = r.Name, Self = r.Self, Total = r.Total };
        var names = l.Children.Select(c => c.Name).Union(r.Children.Select(c => c.Name)).ToList();
        names.Sort(RefNode.ByteOrder);
        foreach (var name in names)
        {
            var lc = l.Children.FirstOrDefault(c => c.Name == name) ?? new RefNode { Name = name };
            var rc = r.Children.FirstOrDefault(c => c.Name == name) ?? new RefNode { Name = name };
            var (cl, cr) = Combine(lc, rc);
            nl.Children.Add(cl);
            nr.Children.Add(cr);
        }
        return (nl, nr);
    }

    private static IEnumerable<(RefNode L, RefNode R)> Zip(RefNode l, RefNode r)
    {
        yield return (l, r);
        for (var i = 0; i < l.Children.Count; i++)
        {
            foreach (var p in Zip(l.Children[i], r.Children[i]))
            {
                yield return p;
            }
        }
    }
}
