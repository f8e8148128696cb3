namespace Hotpath.Engine.CallTrees;

/// <summary>
/// Pyroscope's max-nodes cut-off (<c>Tree.minValue</c>): the smallest total a node needs to be
/// kept. It is the <c>maxNodes</c>-th largest node total, or 0 (keep everything) when
/// <c>maxNodes &lt; 1</c> or the tree has no more nodes than that. Nodes whose total equals the
/// cut-off are all kept, so an output can hold more than <c>maxNodes</c> real nodes on ties,
/// plus the "other" nodes that stand for what was dropped — exactly as Pyroscope does.
/// </summary>
public static class Truncation
{
    public const string OtherName = "other";

    /// <summary>Cut-off for a single tree; the virtual root is not counted (as in Pyroscope).</summary>
    public static long MinValue(CallTree tree, long maxNodes) =>
        KthLargest(tree.Total, tree.SubtreeEnd, first: 1, maxNodes);

    /// <summary>
    /// The <paramref name="maxNodes"/>-th largest of <paramref name="values"/>[first..], given in
    /// pre-order with subtree ends, where no value exceeds its parent's. Like Pyroscope's heap walk,
    /// it skips a whole subtree once its top cannot enter the heap, so it stays cheap on big trees.
    /// </summary>
    internal static long KthLargest(ReadOnlySpan<long> values, ReadOnlySpan<int> subtreeEnd, int first, long maxNodes)
    {
        var count = values.Length;
        if (maxNodes < 1 || count - first <= maxNodes)
        {
            return 0;
        }
        var k = (int)maxNodes;
        var heap = new long[k];
        var size = 0;
        var i = first;
        while (i < count)
        {
            var v = values[i];
            if (size < k)
            {
                MinHeap.Push(heap, ref size, v);
                i++;
            }
            else if (v > heap[0])
            {
                MinHeap.ReplaceMin(heap, size, v);
                i++;
            }
            else
            {
                i = subtreeEnd[i];
            }
        }
        return size < k ? 0 : heap[0];
    }
}

/// <summary>A binary min-heap over a caller-owned array: the top-k values seen so far.</summary>
internal static class MinHeap
{
    public static void Push(long[] heap, ref int size, long v)
    {
        var i = size++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (heap[parent] <= v)
            {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = v;
    }

    public static void ReplaceMin(long[] heap, int size, long v)
    {
        var i = 0;
        while (true)
        {
            var child = 2 * i + 1;
            if (child >= size)
            {
                break;
            }
            if (child + 1 < size && heap[child + 1] < heap[child])
            {
                child++;
            }
            if (heap[child] >= v)
            {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = v;
    }
}
