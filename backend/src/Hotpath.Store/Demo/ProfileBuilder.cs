using Hotpath.Engine.Model;
using Hotpath.Engine.Stacks;

namespace Hotpath.Store.Demo;

/// <summary>
/// Builds a pprof <see cref="Profile"/> from stacks of function names: one function and one
/// single-line location per distinct name, one sample per <see cref="Add"/>. Used by the demo
/// generator and by tests that need profiles with known content.
/// </summary>
public sealed class ProfileBuilder
{
    private readonly NameTable _strings = new(256);
    private readonly (long Type, long Unit)[] _sampleTypes;
    private readonly (long Type, long Unit) _periodType;
    private readonly long _period;
    private readonly Dictionary<string, ulong> _functionOf = new(StringComparer.Ordinal);
    private readonly List<Function> _functions = [];
    private readonly List<ulong> _locationIds = [];
    private readonly List<int> _offsets = [0];
    private readonly List<long> _values = [];
    private readonly List<Label> _labels = [];
    private readonly List<int> _labelOffsets = [0];

    public ProfileBuilder(IReadOnlyList<(string Type, string Unit)> sampleTypes, (string Type, string Unit)? periodType = null, long period = 0)
    {
        _strings.Intern("");
        _sampleTypes = [.. sampleTypes.Select(t => ((long)_strings.Intern(t.Type), (long)_strings.Intern(t.Unit)))];
        _periodType = periodType is { } p ? (_strings.Intern(p.Type), _strings.Intern(p.Unit)) : (0, 0);
        _period = period;
    }

    public int SampleCount => _values.Count / _sampleTypes.Length;

    /// <summary>Adds a sample: frames root first, one value per sample type, optional string labels.</summary>
    public ProfileBuilder Add(IReadOnlyList<string> framesRootFirst, IReadOnlyList<long> values, IReadOnlyList<(string Key, string Value)>? labels = null)
    {
        if (values.Count != _sampleTypes.Length)
        {
            throw new ArgumentException($"expected {_sampleTypes.Length} values, got {values.Count}", nameof(values));
        }
        for (var i = framesRootFirst.Count - 1; i >= 0; i--)
        {
            _locationIds.Add(FunctionId(framesRootFirst[i]));
        }
        _offsets.Add(_locationIds.Count);
        _values.AddRange(values);
        foreach (var (key, value) in labels ?? [])
        {
            _labels.Add(new Label(_strings.Intern(key), _strings.Intern(value), 0, 0));
        }
        _labelOffsets.Add(_labels.Count);
        return this;
    }

    public Profile Build(long timeNanos, long durationNanos)
    {
        var strings = new string[_strings.Count];
        for (var i = 0; i < strings.Length; i++)
        {
            strings[i] = _strings[i];
        }
        var locations = new Location[_functions.Count];
        var lines = new Line[_functions.Count];
        for (var i = 0; i < locations.Length; i++)
        {
            locations[i] = new Location((ulong)i + 1, 0, 0x1000 + (ulong)i * 16, i, 1, false);
            lines[i] = new Line((ulong)i + 1, 10 + i, 0);
        }
        var profile = new Profile
        {
            Strings = strings,
            SampleTypes = [.. _sampleTypes.Select(t => new TypeAndUnit(t.Type, t.Unit))],
            SampleLocationIds = [.. _locationIds],
            SampleLocationOffsets = [.. _offsets],
            SampleValues = [.. _values],
            SampleLabels = [.. _labels],
            SampleLabelOffsets = [.. _labelOffsets],
            Locations = locations,
            Lines = lines,
            Functions = [.. _functions],
            PeriodType = new TypeAndUnit(_periodType.Type, _periodType.Unit),
            Period = _period,
            TimeNanos = timeNanos,
            DurationNanos = durationNanos,
        };
        ProfileValidator.Validate(profile, "built profile");
        return profile;
    }

    private ulong FunctionId(string name)
    {
        if (!_functionOf.TryGetValue(name, out var id))
        {
            id = (ulong)_functions.Count + 1;
            var file = name.Contains('/', StringComparison.Ordinal) ? name[..name.LastIndexOf('/')] + ".go" : "main.go";
            _functions.Add(new Function(id, _strings.Intern(name), _strings.Intern(name), _strings.Intern(file), 1));
            _functionOf.Add(name, id);
        }
        return id;
    }
}
