using BenchmarkDotNet.Attributes;
using Hotpath.Engine.CallTrees;
using Hotpath.Engine.FlameGraphs;
using Hotpath.Engine.FunctionTables;
using Hotpath.Engine.Stacks;

namespace Hotpath.Benchmarks;

/// <summary>
/// Flame graph of one million distinct stacks truncated to 16,384 nodes (target: under 1 s;
/// Pyroscope needs 3.6 s for 3 M stacks). Measures the whole output path from a merged stack set:
/// sorting stacks into tree order, cut-off, truncation and flamebearer encoding.
/// </summary>
[MemoryDiagnoser]
public class FlameGraphBenchmarks
{
    private StackSet _stacks = null!;

    [Params(1_000_000)]
    public int Stacks { get; set; }

    [GlobalSetup]
    public void Setup() => _stacks = SyntheticStacks(Stacks, seed: 1);

    /// <summary>The query path: stacks → truncated tree (no full tree) → flamebearer.</summary>
    [Benchmark(Baseline = true)]
    public Flamebearer Flamebearer_16k_nodes() => Flamebearer.From(NestedSetFlameGraph.FromStacks([_stacks], 16_384));

    /// <summary>The same via the full call tree (what sandwich and function views start from).</summary>
    [Benchmark]
    public Flamebearer Flamebearer_16k_nodes_via_full_tree() => Flamebearer.Build(CallTree.FromStacks(_stacks), 16_384);

    /// <summary>Exact self and total of every function over the same stacks (the top table).</summary>
    [Benchmark]
    public FunctionTable FunctionTable_exact() => FunctionTable.Build(_stacks);

    /// <summary>
    /// Distinct stacks shaped like a busy service's merged profile: 20,000 function names; each
    /// frame picks its callee among up to 16 call sites of its caller with a geometric skew (the
    /// first site half the time), so hot paths share long prefixes and rare ones fan out; depth
    /// 6–64; values skewed. Tails are mostly unique, so 1 M stacks make about 15 M tree nodes: a
    /// harsher shape than most real profiles, chosen so the figure is an upper bound.
    /// </summary>
    internal static StackSet SyntheticStacks(int count, int seed)
    {
        const int functions = 20_000;
        var rng = new Random(seed);
        var names = new NameTable(functions);
        for (var i = 0; i < functions; i++)
        {
            names.Intern($"github.com/example/service/pkg{i % 97}.(*Type{i % 13}).Method{i}");
        }
        var set = new StackSet(names, count, count * 24);
        var seen = new HashSet<ulong>(count);
        var frames = new int[64];
        while (set.Count < count)
        {
            var current = rng.Next(4);
            var depth = 0;
            var hash = 14695981039346656037UL;
            while (true)
            {
                frames[depth++] = current;
                hash = (hash ^ (uint)current) * 1099511628211UL;
                if (depth == frames.Length || (depth >= 6 && rng.Next(20) == 0))
                {
                    break;
                }
                var site = 0;
                while (site < 15 && rng.Next(4) == 0)
                {
                    site++;
                }
                current = (int)(((ulong)current * 2654435761UL + (ulong)site * 40503UL + 17) % functions);
            }
            if (!seen.Add(hash))
            {
                continue;
            }
            var value = rng.Next(20) == 0 ? rng.Next(1, 1_000_000) : rng.Next(1, 1_000);
            set.Add(frames.AsSpan(0, depth), value);
        }
        return set;
    }
}
