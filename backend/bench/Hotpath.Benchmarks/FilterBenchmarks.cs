using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Hotpath.Engine.Filters;
using Hotpath.Engine.FlameGraphs;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Model;
using Hotpath.Engine.Stacks;

namespace Hotpath.Benchmarks;

/// <summary>
/// What pprof's frame filters and granularity cost a flame graph of one million distinct stacks
/// (budget: at most 1.5× the unfiltered flame graph). From a profile: merge → flame graph of
/// 16,384 nodes, without options (baseline) and with focus + ignore + hide at function, line and file
/// granularity. From names-only stacks (stored or folded): flame graph with and without the same filters.
/// </summary>
[MemoryDiagnoser]
public class FilterBenchmarks
{
    private Profile _profile = null!;
    private StackSet _stacks = null!;
    private FrameFilters _filters = null!;

    [Params(1_000_000)]
    public int Stacks { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _stacks = FlameGraphBenchmarks.SyntheticStacks(Stacks, seed: 1);
        _profile = SyntheticProfile(_stacks);
        // Focus on 3 of 97 packages (about half the stacks by estimate), ignore 10 of 20,000 functions, hide one frame in 13.
        _filters = FrameFilters.Parse(@"service/pkg(1|2|3)\.", @"Method1234[0-9]$", @"\(\*Type7\)", null);
    }

    [Benchmark(Baseline = true)]
    public Flamebearer Profile_merge_and_flame_graph() => Graph(_profile);

    [Benchmark]
    public Flamebearer Profile_filtered_merge_and_flame_graph() =>
        Graph(ProfileFilter.Apply(_profile, new StackOptions(_filters, Granularity.Functions)));

    [Benchmark]
    public Flamebearer Profile_filtered_lines_merge_and_flame_graph() =>
        Graph(ProfileFilter.Apply(_profile, new StackOptions(_filters, Granularity.Lines)));

    [Benchmark]
    public Flamebearer Profile_filtered_files_merge_and_flame_graph() =>
        Graph(ProfileFilter.Apply(_profile, new StackOptions(_filters, Granularity.Files)));

    [Benchmark]
    public Flamebearer Stacks_flame_graph() => Flamebearer.From(NestedSetFlameGraph.FromStacks([_stacks], 16_384));

    [Benchmark]
    public Flamebearer Stacks_filtered_flame_graph() =>
        Flamebearer.From(NestedSetFlameGraph.FromStacks([StackFilter.Apply(_stacks, _filters)], 16_384));

    /// <summary>
    /// <c>-- filters [ROUNDS]</c>: the same five cases timed with a stopwatch, interleaved round by
    /// round so that a busy machine slows them alike; prints each case's median and its ratio to the
    /// baseline. For when BenchmarkDotNet's runs cannot finish (one op is seconds long).
    /// </summary>
    public static void Quick(int rounds)
    {
        var bench = new FilterBenchmarks { Stacks = 1_000_000 };
        bench.Setup();
        (string Name, Func<Flamebearer> Run)[] cases =
        [
            ("profile: merge + flame graph (baseline)", bench.Profile_merge_and_flame_graph),
            ("profile: filters + merge + flame graph", bench.Profile_filtered_merge_and_flame_graph),
            ("profile: filters + lines + merge + flame graph", bench.Profile_filtered_lines_merge_and_flame_graph),
            ("profile: filters + files + merge + flame graph", bench.Profile_filtered_files_merge_and_flame_graph),
            ("stacks: flame graph (baseline)", bench.Stacks_flame_graph),
            ("stacks: filters + flame graph", bench.Stacks_filtered_flame_graph),
        ];
        var times = cases.Select(_ => new List<double>()).ToArray();
        for (var r = 0; r < rounds; r++)
        {
            for (var c = 0; c < cases.Length; c++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var watch = Stopwatch.StartNew();
                cases[c].Run();
                times[c].Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        var medians = times.Select(t => t.Order().ElementAt(t.Count / 2)).ToArray();
        for (var c = 0; c < cases.Length; c++)
        {
            var baseline = medians[c < 4 ? 0 : 4];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{cases[c].Name,-48} median {medians[c],8:0} ms  ×{medians[c] / baseline:0.00}  (runs: {string.Join(", ", times[c].Select(t => t.ToString("0", CultureInfo.InvariantCulture)))})"));
        }
    }

    private static Flamebearer Graph(Profile profile)
    {
        var merger = new ProfileMerger();
        merger.Add(profile, 0);
        return Flamebearer.From(NestedSetFlameGraph.FromStacks([merger.Stacks], 16_384));
    }

    /// <summary>
    /// A profile whose merge gives <paramref name="stacks"/> (up to line detail): each function in one of
    /// 97 files, each frame at one of 4 call-site lines of its function (so line granularity has 4×
    /// the distinct frames), one sample per stack.
    /// </summary>
    private static Profile SyntheticProfile(StackSet stacks)
    {
        const int linesPerFunction = 4;
        var names = stacks.Names;
        var strings = new List<string> { "", "cpu", "nanoseconds" };
        var functions = new Function[names.Count];
        var locations = new Location[names.Count * linesPerFunction];
        var lines = new Line[locations.Length];
        for (var f = 0; f < names.Count; f++)
        {
            strings.Add(names[f]);
            strings.Add($"/src/github.com/example/service/pkg{f % 97}/file{f % 7}.go");
            functions[f] = new Function((ulong)f + 1, strings.Count - 2, 0, strings.Count - 1, 0);
            for (var l = 0; l < linesPerFunction; l++)
            {
                var i = f * linesPerFunction + l;
                lines[i] = new Line((ulong)f + 1, 10 + l * 7, 0);
                locations[i] = new Location((ulong)i + 1, 0, 0x1000 + (ulong)i * 16, i, 1, false);
            }
        }
        var total = 0;
        for (var s = 0; s < stacks.Count; s++)
        {
            total += stacks.FramesOf(s).Length;
        }
        var ids = new ulong[total];
        var offsets = new int[stacks.Count + 1];
        var values = new long[stacks.Count];
        var n = 0;
        for (var s = 0; s < stacks.Count; s++)
        {
            var frames = stacks.FramesOf(s);
            for (var i = frames.Length - 1; i >= 0; i--)
            {
                ids[n++] = (ulong)(frames[i] * linesPerFunction + i % linesPerFunction) + 1;
            }
            offsets[s + 1] = n;
            values[s] = stacks.ValueOf(s);
        }
        var profile = new Profile
        {
            Strings = [.. strings],
            SampleTypes = [new TypeAndUnit(1, 2)],
            SampleLocationIds = ids,
            SampleLocationOffsets = offsets,
            SampleValues = values,
            SampleLabelOffsets = new int[offsets.Length],
            Locations = locations,
            Lines = lines,
            Functions = functions,
        };
        ProfileValidator.Validate(profile, "synthetic profile");
        return profile;
    }
}
