namespace Hotpath.Engine.Stacks;

/// <summary>
/// Deduplicated call stacks with one summed value each, for one sample type: the seam between
/// merging (which fills it) and every output (folded, top table, call tree, flame graph, diff).
/// </summary>
/// <remarks>
/// Stack <c>i</c> is <c>Frames[Offsets[i]..Offsets[i + 1]]</c>, frame-name ids root first
/// (caller before callee), and its value is <c>Values[i]</c>. Stacks are distinct as frame
/// sequences; zero values may be present and outputs decide whether to show them.
/// Storage is flat so that millions of stacks cost a handful of arrays, not objects.
/// </remarks>
public sealed class StackSet
{
    private int[] _frames;
    private int[] _offsets;
    private long[] _values;
    private int _frameCount;
    private int _count;

    public StackSet(NameTable names, int stackCapacity = 16, int frameCapacity = 256)
    {
        Names = names;
        _frames = new int[Math.Max(frameCapacity, 1)];
        _offsets = new int[Math.Max(stackCapacity, 1) + 1];
        _values = new long[Math.Max(stackCapacity, 1)];
    }

    public NameTable Names { get; }

    /// <summary>Number of stacks.</summary>
    public int Count => _count;

    public ReadOnlySpan<int> FramesOf(int stack) => _frames.AsSpan(_offsets[stack], _offsets[stack + 1] - _offsets[stack]);

    public long ValueOf(int stack) => _values[stack];

    public ReadOnlySpan<long> Values => _values.AsSpan(0, _count);

    /// <summary>
    /// Appends a stack as given. The caller guarantees it is not already present (merging code
    /// deduplicates before adding); use a dictionary keyed on frames when that is not known.
    /// </summary>
    public int Add(ReadOnlySpan<int> framesRootFirst, long value)
    {
        if (_count == _values.Length)
        {
            // Kept in step: _offsets always has one slot more than _values.
            Array.Resize(ref _values, _values.Length * 2);
            Array.Resize(ref _offsets, _values.Length + 1);
        }
        if (_frameCount + framesRootFirst.Length > _frames.Length)
        {
            Array.Resize(ref _frames, Math.Max(_frames.Length * 2, _frameCount + framesRootFirst.Length));
        }
        framesRootFirst.CopyTo(_frames.AsSpan(_frameCount));
        _frameCount += framesRootFirst.Length;
        _values[_count] = value;
        _count++;
        _offsets[_count] = _frameCount;
        return _count - 1;
    }

    /// <summary>
    /// Adds <paramref name="delta"/> to the value of an existing stack. A sum past the 64-bit range
    /// throws <see cref="OverflowException"/> rather than wrapping to a wrong value.
    /// </summary>
    public void AddValue(int stack, long delta) => _values[stack] = checked(_values[stack] + delta);
}
