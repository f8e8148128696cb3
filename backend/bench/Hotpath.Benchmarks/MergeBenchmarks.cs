using BenchmarkDotNet.Attributes;
using Hotpath.Engine.FunctionTables;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Model;
using Hotpath.Engine.Pprof;

namespace Hotpath.Benchmarks;

/// <summary>Merging one decoded profile into stacks, and the function table over the result.</summary>
[MemoryDiagnoser]
public class MergeBenchmarks
{
    private Profile _profile = null!;

    [Params(BenchmarkInputs.Heap, BenchmarkInputs.LargeCpu)]
    public string File { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _profile = PprofReader.Read(BenchmarkInputs.Compressed(File), File);

    [Benchmark]
    public int MergeDefaultSampleType()
    {
        var merger = new ProfileMerger();
        merger.Add(_profile, _profile.DefaultSampleTypeIndex());
        return merger.Stacks.Count;
    }

    [Benchmark]
    public int MergeAndTop()
    {
        var merger = new ProfileMerger();
        merger.Add(_profile, _profile.DefaultSampleTypeIndex());
        return FunctionTable.Build(merger.Stacks).SortedByName().Length;
    }
}
