using Hotpath.Engine.Collections;
using Hotpath.Engine.Model;
using Hotpath.Engine.Stacks;

namespace Hotpath.Engine.Merge;

/// <summary>
/// The frame-name ids of every location of one profile, caller first, in one flat array: location
/// <c>i</c>'s frames are <c>Frames[Start[i]..Start[i]+Count[i]]</c>. Each function name is interned
/// once per profile, not once per sample.
/// </summary>
internal sealed class LocationFrames : IDisposable
{
    private readonly Profile _profile;
    private readonly NameTable _names;
    private readonly int[] _functionNames;   // name id per function index; -1 = not yet, -2 = empty name
    private readonly ArrayBuilder<int> _frames;

    public LocationFrames(Profile profile, NameTable names)
    {
        _profile = profile;
        _names = names;
        _functionNames = new int[profile.Functions.Length];
        Array.Fill(_functionNames, -1);
        Start = new int[profile.Locations.Length];
        Count = new int[profile.Locations.Length];
        _frames = new ArrayBuilder<int>(profile.Lines.Length + profile.Locations.Length);
        for (var i = 0; i < profile.Locations.Length; i++)
        {
            Compute(i);
        }
        MaxCount = Count.Length == 0 ? 0 : Count.Max();
    }

    public int[] Start { get; }

    public int[] Count { get; }

    /// <summary>The most frames any one location has (its line count, or 1).</summary>
    public int MaxCount { get; }

    public Span<int> Frames => _frames.AsSpan();

    public void Dispose() => _frames.Dispose();

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
        Start[index] = start;
        Count[index] = _frames.Count - start;
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
