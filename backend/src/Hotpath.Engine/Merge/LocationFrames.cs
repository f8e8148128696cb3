using Hotpath.Engine.Collections;
using Hotpath.Engine.Model;
using Hotpath.Engine.Stacks;

namespace Hotpath.Engine.Merge;

/// <summary>
/// The frame-name ids of each location of one profile, caller first, computed on first use and
/// cached, so each location and function name is interned once per profile, not once per sample.
/// </summary>
internal sealed class LocationFrames : IDisposable
{
    private readonly Profile _profile;
    private readonly NameTable _names;
    private readonly int[] _functionNames;   // name id per function index; -1 = not yet, -2 = empty name
    private readonly int[] _start;           // per location: offset in _frames, -1 = not yet
    private readonly int[] _count;
    private readonly ArrayBuilder<int> _frames;

    public LocationFrames(Profile profile, NameTable names)
    {
        _profile = profile;
        _names = names;
        _functionNames = new int[profile.Functions.Length];
        Array.Fill(_functionNames, -1);
        _start = new int[profile.Locations.Length];
        Array.Fill(_start, -1);
        _count = new int[profile.Locations.Length];
        _frames = new ArrayBuilder<int>(profile.Locations.Length * 2);
    }

    public void Dispose() => _frames.Dispose();

    public ReadOnlySpan<int> Of(int location)
    {
        if (_start[location] < 0)
        {
            Compute(location);
        }
        return _frames.AsSpan().Slice(_start[location], _count[location]);
    }

    private void Compute(int index)
    {
        ref readonly var location = ref _profile.Locations[index];
        var start = _frames.Count;
        if (location.LineCount == 0)
        {
            _frames.Add(AddressName(location.Address));
        }
        else
        {
            var lineFunctions = _profile.ResolvedLineFunctions;
            var addressName = -1;
            // Lines are innermost first in the file; frames are caller first.
            for (var l = location.FirstLine + location.LineCount - 1; l >= location.FirstLine; l--)
            {
                var name = FunctionName(lineFunctions[l]);
                if (name == -2)
                {
                    name = addressName >= 0 ? addressName : addressName = AddressName(location.Address);
                }
                _frames.Add(name);
            }
        }
        _start[index] = start;
        _count[index] = _frames.Count - start;
    }

    private int FunctionName(int function)
    {
        var id = _functionNames[function];
        if (id == -1)
        {
            var name = _profile.Strings[_profile.Functions[function].Name];
            id = name.Length == 0 ? -2 : _names.Intern(name);
            _functionNames[function] = id;
        }
        return id;
    }

    private int AddressName(ulong address) => _names.Intern(FrameNames.Address(address));
}
