using Hotpath.Engine.Merge;
using Hotpath.Engine.Model;
using Hotpath.Engine.Stacks;

namespace Hotpath.Engine.FunctionDetails;

/// <summary>One source line of a function: its file (empty when unknown), line (0 when unknown), self and total.</summary>
public readonly record struct LineCost(string File, long Line, long Self, long Total);

/// <summary>A caller or callee of a function: the value of the stacks where it is next to the function.</summary>
public readonly record struct NeighbourCost(string Name, long Self, long Total);

/// <summary>
/// Where one function's cost lies in a profile: per source line, and per direct caller and callee.
/// Frames are the merge's frames (inlined lines expanded, unsymbolized locations <c>0x&lt;address&gt;</c>),
/// so <see cref="Self"/> and <see cref="Total"/> equal the function's row of the function table of
/// the same profile's merged stacks.
/// </summary>
/// <remarks>
/// Every sum counts a stack at most once per key, as pprof's cum does with recursion: a stack adds
/// to <see cref="Total"/> once however often the function recurs in it, to a line's total once per
/// distinct line, to a neighbour's total once per distinct neighbour. A caller's self is the value
/// of the stacks whose leaf is the function called from it; a callee's self, of the stacks whose
/// leaf is that callee called from the function.
/// </remarks>
public sealed record FunctionDetail(
    string Function,
    long Self,
    long Total,
    IReadOnlyList<LineCost> Lines,
    IReadOnlyList<NeighbourCost> Callers,
    IReadOnlyList<NeighbourCost> Callees)
{
    /// <summary>
    /// The details of <paramref name="function"/> over the values of sample type
    /// <paramref name="sampleType"/>. Lines are sorted by file then line (ordinal), neighbours by
    /// total descending then name. A function the profile does not contain has zero totals and
    /// empty lists.
    /// </summary>
    public static FunctionDetail Build(Profile profile, int sampleType, string function)
    {
        if ((uint)sampleType >= (uint)profile.SampleTypes.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleType), $"the profile has {profile.SampleTypes.Length} sample types");
        }
        var names = new NameTable();
        using var frames = new LocationFrames(profile, names);
        if (!names.TryGetId(function, out var target))
        {
            return new FunctionDetail(function, 0, 0, [], [], []);
        }
        var lineFunctions = profile.ResolvedLineFunctions;
        var sampleLocations = profile.SampleLocationIds;
        var offsets = profile.SampleLocationOffsets;
        var values = profile.SampleValues;
        var stride = profile.SampleTypes.Length;

        var lines = new Dictionary<(string File, long Line), Sum>();
        var callers = new Dictionary<int, Sum>();
        var callees = new Dictionary<int, Sum>();
        long self = 0, total = 0;
        // One stack's frames, root first: name id and the index of its line (−1: a location without lines).
        var stackNames = new List<int>();
        var stackLines = new List<int>();
        for (var s = 0; s < profile.SampleCount; s++)
        {
            var value = values[s * stride + sampleType];
            if (value == 0)
            {
                continue;
            }
            stackNames.Clear();
            stackLines.Clear();
            for (var i = offsets[s + 1] - 1; i >= offsets[s]; i--)
            {
                var location = profile.LocationIndexOf(sampleLocations[i]);
                ref readonly var loc = ref profile.Locations[location];
                var start = frames.Start[location];
                var count = frames.Count[location];
                for (var k = 0; k < count; k++)
                {
                    stackNames.Add(frames.Frames[start + k]);
                    // LocationFrames lists a location's lines caller first, the reverse of the file.
                    stackLines.Add(loc.LineCount == 0 ? -1 : loc.FirstLine + loc.LineCount - 1 - k);
                }
            }
            var leaf = stackNames.Count - 1;
            if (leaf < 0 || !stackNames.Contains(target))
            {
                continue;
            }
            total += value;
            var leafIsTarget = stackNames[leaf] == target;
            if (leafIsTarget)
            {
                self += value;
            }
            for (var j = 0; j <= leaf; j++)
            {
                if (stackNames[j] != target)
                {
                    continue;
                }
                var l = stackLines[j];
                var key = l < 0
                    ? ("", 0L)
                    : (profile.Strings[profile.Functions[lineFunctions[l]].Filename], profile.Lines[l].LineNumber);
                Sum.Add(lines, key, s, value, self: j == leaf);
                if (j > 0)
                {
                    Sum.Add(callers, stackNames[j - 1], s, value, self: j == leaf);
                }
                if (j < leaf)
                {
                    Sum.Add(callees, stackNames[j + 1], s, value, self: j + 1 == leaf);
                }
            }
        }

        var lineCosts = lines
            .Select(p => new LineCost(p.Key.File, p.Key.Line, p.Value.Self, p.Value.Total))
            .OrderBy(c => c.File, StringComparer.Ordinal).ThenBy(c => c.Line)
            .ToList();
        return new FunctionDetail(function, self, total, lineCosts, Neighbours(callers, names), Neighbours(callees, names));
    }

    private static List<NeighbourCost> Neighbours(Dictionary<int, Sum> sums, NameTable names) =>
        sums.Select(p => new NeighbourCost(names[p.Key], p.Value.Self, p.Value.Total))
            .OrderByDescending(c => c.Total).ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>A running self and total that counts each sample once (<see cref="LastSample"/>).</summary>
    private sealed class Sum
    {
        public long Self;
        public long Total;
        public int LastSample = -1;
        public int LastSelfSample = -1;

        public static void Add<TKey>(Dictionary<TKey, Sum> sums, TKey key, int sample, long value, bool self)
            where TKey : notnull
        {
            if (!sums.TryGetValue(key, out var sum))
            {
                sums[key] = sum = new Sum();
            }
            if (sum.LastSample != sample)
            {
                sum.LastSample = sample;
                sum.Total = checked(sum.Total + value);
            }
            if (self && sum.LastSelfSample != sample)
            {
                sum.LastSelfSample = sample;
                sum.Self = checked(sum.Self + value);
            }
        }
    }
}
