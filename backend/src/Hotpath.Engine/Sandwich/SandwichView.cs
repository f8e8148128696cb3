using Hotpath.Engine.CallTrees;
using Hotpath.Engine.Stacks;

namespace Hotpath.Engine.Sandwich;

/// <summary>
/// The sandwich of one function: the tree of its callers (inverted: the function at depth 1, its
/// callers below it) and the tree of its callees (the function at depth 1, what it calls below).
/// </summary>
/// <remarks>
/// Contract for recursion: every stack that contains the function counts once on each side.
/// The callees tree takes the stack from the function's outermost occurrence on, so recursive
/// calls show up as the function again among its callees; the callers tree takes the stack up to
/// its innermost occurrence, read leaf-ward to root-ward, so recursion shows up as the function
/// among its own callers. Both trees therefore have the function's exact total (the
/// <see cref="FunctionTables.FunctionTable"/> total) at depth 1, with no double counting.
/// In the callers tree a node's self is the value of stacks whose outermost frame it is.
/// Stacks with a value ≤ 0 are left out, as in <see cref="CallTree"/>.
/// </remarks>
public sealed class SandwichView
{
    private SandwichView(string function, CallTree callers, CallTree callees, long total, long self)
    {
        Function = function;
        Callers = callers;
        Callees = callees;
        Total = total;
        Self = self;
    }

    public string Function { get; }
    public CallTree Callers { get; }
    public CallTree Callees { get; }

    /// <summary>Value of the stacks containing the function (each once).</summary>
    public long Total { get; }

    /// <summary>Value of the stacks ending in the function.</summary>
    public long Self { get; }

    /// <summary>The sandwich over several stack sets, matched by frame name across their name tables.</summary>
    public static SandwichView Build(IReadOnlyList<StackSet> sets, string function) =>
        Build(sets.Count == 1 ? sets[0] : CallTreeBuilder.Concatenate(sets), function);

    public static SandwichView Build(StackSet stacks, string function)
    {
        if (!stacks.Names.TryGetId(function, out var id))
        {
            return new SandwichView(function, CallTree.Empty(stacks.Names), CallTree.Empty(stacks.Names), 0, 0);
        }
        // Derived stacks may repeat (two stacks can share the part kept); the tree adds them up.
        var callers = new StackSet(stacks.Names);
        var callees = new StackSet(stacks.Names);
        long total = 0, self = 0;
        var reversed = new int[64];
        for (var s = 0; s < stacks.Count; s++)
        {
            var value = stacks.ValueOf(s);
            if (value <= 0)
            {
                continue;
            }
            var frames = stacks.FramesOf(s);
            var outermost = frames.IndexOf(id);
            if (outermost < 0)
            {
                continue;
            }
            var innermost = frames.LastIndexOf(id);
            total += value;
            if (innermost == frames.Length - 1)
            {
                self += value;
            }
            callees.Add(frames[outermost..], value);

            var length = innermost + 1;
            if (reversed.Length < length)
            {
                reversed = new int[length * 2];
            }
            for (var i = 0; i < length; i++)
            {
                reversed[i] = frames[innermost - i];
            }
            callers.Add(reversed.AsSpan(0, length), value);
        }
        return new SandwichView(function, CallTree.FromStacks(callers), CallTree.FromStacks(callees), total, self);
    }
}
