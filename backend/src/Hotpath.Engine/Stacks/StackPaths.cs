namespace Hotpath.Engine.Stacks;

/// <summary>Reshaping a stack set by call path: the subtree under a path, and the inverted stacks.</summary>
public static class StackPaths
{
    /// <summary>
    /// The stacks that begin with <paramref name="path"/> (frame names, root first), kept whole.
    /// An empty path keeps every stack. The result shares the input's name table.
    /// </summary>
    public static StackSet StartingWith(StackSet stacks, IReadOnlyList<string> path) => Select(stacks, path, strip: 0);

    /// <summary>
    /// The stacks under <paramref name="path"/> as a tree of their own: the stacks that begin with
    /// the path, with all but its last frame taken off, so every stack starts with that frame and a
    /// tree of them has one top node whose total is the path's. An empty path keeps every stack.
    /// </summary>
    public static StackSet Under(StackSet stacks, IReadOnlyList<string> path) => Select(stacks, path, strip: Math.Max(0, path.Count - 1));

    /// <summary>
    /// Every stack read leaf first (the inverted, bottom-up view). Reversal keeps distinct stacks
    /// distinct, so the result needs no deduplication; it shares the input's name table.
    /// </summary>
    public static StackSet Reversed(StackSet stacks)
    {
        var result = new StackSet(stacks.Names, Math.Max(16, stacks.Count));
        var buffer = new int[64];
        for (var s = 0; s < stacks.Count; s++)
        {
            var frames = stacks.FramesOf(s);
            if (frames.Length > buffer.Length)
            {
                buffer = new int[frames.Length * 2];
            }
            var reversed = buffer.AsSpan(0, frames.Length);
            frames.CopyTo(reversed);
            reversed.Reverse();
            result.Add(reversed, stacks.ValueOf(s));
        }
        return result;
    }

    private static StackSet Select(StackSet stacks, IReadOnlyList<string> path, int strip)
    {
        if (path.Count == 0)
        {
            return stacks;
        }
        // A frame the name table does not hold cannot begin any stack.
        var ids = new int[path.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            if (!stacks.Names.TryGetId(path[i], out ids[i]))
            {
                return new StackSet(stacks.Names);
            }
        }
        var result = new StackSet(stacks.Names);
        for (var s = 0; s < stacks.Count; s++)
        {
            var frames = stacks.FramesOf(s);
            if (frames.StartsWith(ids))
            {
                // Distinct stacks with a common prefix stay distinct once it is taken off.
                result.Add(frames[strip..], stacks.ValueOf(s));
            }
        }
        return result;
    }
}
