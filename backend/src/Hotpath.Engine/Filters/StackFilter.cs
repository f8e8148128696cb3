using Hotpath.Engine.Collections;
using Hotpath.Engine.Stacks;

namespace Hotpath.Engine.Filters;

/// <summary>
/// <see cref="FrameFilters"/> on stacks that carry frame names only (folded text, stored stacks):
/// pprof's rules on the profile <c>MergedProfile.Build</c> makes of them, where each distinct frame
/// name is a location of one line whose function has that name, no file name and no mapping. So a
/// frame is focused, ignored, hidden or shown as a whole, by its name (and, as in pprof, by its
/// empty file name: a pattern that matches "" matches every frame).
/// </summary>
public static class StackFilter
{
    /// <summary>
    /// The stacks that pass <paramref name="filters"/>, with hidden frames taken out and stacks that
    /// became equal merged; the result shares the input's name table. Returns the input when no filter is set.
    /// </summary>
    public static StackSet Apply(StackSet stacks, FrameFilters filters)
    {
        if (filters.IsEmpty)
        {
            return stacks;
        }
        // Per frame name: 0 = not yet matched, else Computed | verdict | Hidden.
        var states = new byte[stacks.Names.Count];
        var builder = new StackSetBuilder(stacks.Names, Math.Max(16, stacks.Count / 2));
        using var kept = new ArrayBuilder<int>(256);
        for (var s = 0; s < stacks.Count; s++)
        {
            var frames = stacks.FramesOf(s);
            var verdict = default(SampleVerdict);
            var anyHidden = false;
            foreach (var f in frames)
            {
                var state = states[f];
                if (state == 0)
                {
                    state = states[f] = Classify(filters, stacks.Names[f]);
                }
                verdict.Add((LocationVerdict)(state & VerdictMask));
                anyHidden |= (state & Hidden) != 0;
                if (verdict.Ignored)
                {
                    break;
                }
            }
            if (!verdict.Keeps)
            {
                continue;
            }
            if (!anyHidden)
            {
                builder.Add(frames, stacks.ValueOf(s));
                continue;
            }
            kept.Clear();
            foreach (var f in frames)
            {
                if ((states[f] & Hidden) == 0)
                {
                    kept.Add(f);
                }
            }
            if (kept.Count > 0)
            {
                builder.Add(kept.AsSpan(), stacks.ValueOf(s));
            }
        }
        return builder.Stacks;
    }

    private const byte VerdictMask = 3;
    private const byte Hidden = 4;
    private const byte Computed = 8;

    private static byte Classify(FrameFilters filters, string name)
    {
        var match = filters.Match(name, "");
        var hideApplies = FilterRules.HideApplies(filters, match);
        var keptLines = FilterRules.KeepsLine(filters, match, 0, hideApplies) ? 1 : 0;
        return (byte)(Computed | (byte)FilterRules.Verdict(filters, match)
                      | (FilterRules.Hidden(filters, hideApplies, keptLines) ? Hidden : 0));
    }
}
