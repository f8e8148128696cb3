using Hotpath.Engine.Collections;
using Hotpath.Engine.Model;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.Stacks;

namespace Hotpath.Engine.Merge;

/// <summary>
/// Merges any number of profiles, one sample type each, into deduplicated stacks of frame names.
/// </summary>
/// <remarks>
/// Frame naming (the contract of the folded format): each location contributes the function name of
/// each of its lines, inlined frames expanded, caller first; a location with no lines, or a line whose
/// function has an empty name, contributes <c>0x</c> + the location's address in lowercase hex.
/// Samples whose chosen value is zero are skipped. With <c>groupBy</c> label keys, stacks are kept
/// apart per combination of those string labels' values (a missing label counts as "").
/// </remarks>
public sealed class ProfileMerger
{
    private readonly string[] _groupBy;
    private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);
    private readonly List<Group> _groupOrder = [];
    private readonly ArrayBuilder<int> _stack = new(256);

    public ProfileMerger(NameTable? names = null, IReadOnlyList<string>? groupBy = null)
    {
        Names = names ?? new NameTable(4096);
        _groupBy = groupBy is null ? [] : [.. groupBy];
    }

    public NameTable Names { get; }

    /// <summary>The merged stacks when not grouping (all samples in one set).</summary>
    public StackSet Stacks
    {
        get
        {
            if (_groupBy.Length != 0)
            {
                throw new InvalidOperationException("the merger groups by labels; read Groups instead");
            }
            return GroupFor([]).Builder.Stacks;
        }
    }

    /// <summary>One stack set per distinct combination of group-by label values, in first-seen order.</summary>
    public IReadOnlyList<StackGroup> Groups => _groupOrder.Select(g => new StackGroup(g.Values, g.Builder.Stacks)).ToList();

    /// <summary>
    /// Deepest stack a sample may expand to (locations times their inlined lines). Real stacks stay in
    /// the thousands even in runaway recursion; a few bytes of pprof can ask for far more (one
    /// location with many inlined lines, repeated), which would otherwise cost gigabytes.
    /// </summary>
    public const int MaxStackDepth = 100_000;

    /// <summary>
    /// Adds every sample of <paramref name="profile"/> with its value of sample type <paramref name="sampleType"/>.
    /// Throws <see cref="PprofFormatException"/> naming <paramref name="source"/> when a sample's stack is deeper than <see cref="MaxStackDepth"/>.
    /// </summary>
    public void Add(Profile profile, int sampleType, string source = "profile")
    {
        if ((uint)sampleType >= (uint)profile.SampleTypes.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleType), $"the profile has {profile.SampleTypes.Length} sample types");
        }
        using var frames = new LocationFrames(profile, Names);
        var sampleLocations = profile.SampleLocationIds;
        var locationIndex = profile.LocationIndex ?? throw new InvalidOperationException("the profile has not been validated; call ProfileValidator.Validate first");
        var offsets = profile.SampleLocationOffsets;
        var values = profile.SampleValues;
        var stride = profile.SampleTypes.Length;
        var single = _groupBy.Length == 0 ? GroupFor([]) : null;
        var lookup = single is null ? new GroupLookup(this, profile) : null;

        var start = frames.Start;
        var count = frames.Count;
        var frameIds = frames.Frames;
        for (var s = 0; s < profile.SampleCount; s++)
        {
            var value = values[s * stride + sampleType];
            if (value == 0)
            {
                continue;
            }
            // Root first: the sample lists its leaf first. Most locations have one frame, so that
            // case is a single store.
            _stack.Clear();
            long depth = 0;
            for (var i = offsets[s]; i < offsets[s + 1]; i++)
            {
                depth += count[locationIndex.Find(sampleLocations[i])];
            }
            if (depth > MaxStackDepth)
            {
                throw new PprofFormatException(source, $"sample {s} expands to a stack of {depth} frames, over the limit of {MaxStackDepth}");
            }
            var stack = _stack.Reserve((int)depth);
            var n = 0;
            for (var i = offsets[s + 1] - 1; i >= offsets[s]; i--)
            {
                var location = locationIndex.Find(sampleLocations[i]);
                var c = count[location];
                if (c == 1)
                {
                    stack[n++] = frameIds[start[location]];
                }
                else
                {
                    frameIds.Slice(start[location], c).CopyTo(stack[n..]);
                    n += c;
                }
            }
            var group = single ?? lookup!.Find(s);
            try
            {
                group.Builder.Add(stack[..n], value);
            }
            catch (OverflowException)
            {
                // Values sum with overflow checking (StackSet.AddValue): wrapping would be silently wrong.
                throw new PprofFormatException(source, $"sample {s}: the summed value of its stack overflows a 64-bit integer");
            }
        }
    }

    /// <summary>
    /// Adds stacks that were merged elsewhere (folded text, another merger). They carry no labels, so
    /// when grouping they join the group whose label values are all "".
    /// </summary>
    public void Add(StackSet stacks)
    {
        var builder = GroupFor([.. Enumerable.Repeat("", _groupBy.Length)]).Builder;
        var remap = ReferenceEquals(stacks.Names, Names) ? null : Names.Remap(stacks.Names);
        for (var s = 0; s < stacks.Count; s++)
        {
            var frames = stacks.FramesOf(s);
            if (remap is null)
            {
                builder.Add(frames, stacks.ValueOf(s));
                continue;
            }
            _stack.Clear();
            foreach (var f in frames)
            {
                _stack.Add(remap[f]);
            }
            builder.Add(_stack.AsSpan(), stacks.ValueOf(s));
        }
    }

    /// <summary>
    /// Finds a sample's group. The per-profile caches work on string-table indices (a profile may
    /// hold a string more than once, so keys are matched by text once per index, and groups by
    /// their values' text), so the common case costs a label scan and one lookup, no allocation.
    /// </summary>
    private sealed class GroupLookup(ProfileMerger merger, Profile profile)
    {
        private readonly Dictionary<long, int> _slotOfKey = [];
        private readonly long[] _values = new long[merger._groupBy.Length];
        private readonly Dictionary<long, Group> _bySingleValue = [];
        private readonly Dictionary<string, Group> _byValues = new(StringComparer.Ordinal);

        public Group Find(int sample)
        {
            Array.Clear(_values);
            foreach (var label in profile.LabelsOf(sample))
            {
                if (label.Str == 0)
                {
                    continue;
                }
                var slot = SlotOf(label.Key);
                if (slot >= 0 && _values[slot] == 0)
                {
                    _values[slot] = label.Str;
                }
            }
            if (_values.Length == 1)
            {
                if (!_bySingleValue.TryGetValue(_values[0], out var single))
                {
                    single = merger.GroupFor([profile.Strings[_values[0]]]);
                    _bySingleValue.Add(_values[0], single);
                }
                return single;
            }
            var key = string.Join(',', _values);
            if (!_byValues.TryGetValue(key, out var group))
            {
                group = merger.GroupFor([.. _values.Select(v => profile.Strings[v])]);
                _byValues.Add(key, group);
            }
            return group;
        }

        private int SlotOf(long keyIndex)
        {
            if (!_slotOfKey.TryGetValue(keyIndex, out var slot))
            {
                slot = Array.IndexOf(merger._groupBy, profile.Strings[keyIndex]);
                _slotOfKey.Add(keyIndex, slot);
            }
            return slot;
        }
    }

    private Group GroupFor(string[] values)
    {
        var key = string.Join('\u0000', values);
        if (!_groups.TryGetValue(key, out var group))
        {
            group = new Group(values, new StackSetBuilder(Names));
            _groups.Add(key, group);
            _groupOrder.Add(group);
        }
        return group;
    }

    private sealed record Group(string[] Values, StackSetBuilder Builder);
}

/// <summary>Stacks of the samples whose group-by labels have <see cref="LabelValues"/> (in group-by key order).</summary>
public sealed record StackGroup(IReadOnlyList<string> LabelValues, StackSet Stacks);
