using System.Runtime.InteropServices;

namespace Hotpath.Engine.Stacks;

/// <summary>
/// Fills a <see cref="StackSet"/> with deduplicated stacks: adding a frame sequence that is already
/// present adds to its value. Open addressing over stack indices, with each stack's hash kept beside
/// it, so lookups compare frames only on a hash match.
/// </summary>
public sealed class StackSetBuilder
{
    private int[] _buckets;          // stack index + 1; 0 = empty
    private int[] _hashes;           // per stack
    private int _mask;

    public StackSetBuilder(NameTable names, int stackCapacity = 1024, int frameCapacity = 16 * 1024)
    {
        Stacks = new StackSet(names, stackCapacity, frameCapacity);
        var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, stackCapacity * 2));
        _buckets = new int[size];
        _mask = size - 1;
        _hashes = new int[Math.Max(stackCapacity, 16)];
    }

    /// <summary>The stacks built so far (live: later adds show through).</summary>
    public StackSet Stacks { get; }

    public NameTable Names => Stacks.Names;

    /// <summary>Adds <paramref name="value"/> to the stack <paramref name="framesRootFirst"/>; returns its index.</summary>
    public int Add(ReadOnlySpan<int> framesRootFirst, long value)
    {
        var hash = Hash(framesRootFirst);
        var slot = hash & _mask;
        while (true)
        {
            var entry = _buckets[slot];
            if (entry == 0)
            {
                break;
            }
            var stack = entry - 1;
            if (_hashes[stack] == hash && Stacks.FramesOf(stack).SequenceEqual(framesRootFirst))
            {
                Stacks.AddValue(stack, value);
                return stack;
            }
            slot = (slot + 1) & _mask;
        }

        var index = Stacks.Add(framesRootFirst, value);
        if (index >= _hashes.Length)
        {
            Array.Resize(ref _hashes, _hashes.Length * 2);
        }
        _hashes[index] = hash;
        _buckets[slot] = index + 1;
        if ((long)Stacks.Count * 2 > _buckets.Length)
        {
            Rehash();
        }
        return index;
    }

    private void Rehash()
    {
        var size = _buckets.Length * 2;
        _buckets = new int[size];
        _mask = size - 1;
        for (var stack = 0; stack < Stacks.Count; stack++)
        {
            var slot = _hashes[stack] & _mask;
            while (_buckets[slot] != 0)
            {
                slot = (slot + 1) & _mask;
            }
            _buckets[slot] = stack + 1;
        }
    }

    private static int Hash(ReadOnlySpan<int> frames)
    {
        // 64-bit multiply-rotate over the ids; ample spread for a linear-probing table.
        ulong h = 0x9E3779B97F4A7C15UL ^ (ulong)frames.Length;
        foreach (var f in MemoryMarshal.Cast<int, uint>(frames))
        {
            h = (System.Numerics.BitOperations.RotateLeft(h, 23) ^ f) * 0xFF51AFD7ED558CCDUL;
        }
        h ^= h >> 29;
        return (int)(h & 0x7FFFFFFF);
    }
}
