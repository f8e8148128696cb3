extern alias plugin;
using BenchmarkDotNet.Attributes;
using Hotpath.Engine.FlameGraphs;
using Hotpath.Query.DataQueries;
using Hotpath.Query.Frames;
using Hotpath.Query.Sources;
using plugin::Hotpath.Plugin.Frames.Arrow;

namespace Hotpath.Benchmarks;

/// <summary>
/// Encoding QueryData frames as Arrow IPC files, the last step before the gRPC answer: a flame graph
/// frame truncated to maxNodes = 16,384 (Grafana's Pyroscope default) built by QueryFrames from
/// 200,000 synthetic stacks — 23,879 rows, since ties at the cut-off and "other" nodes are kept — and a
/// one-day series frame at 15 s steps (5,760 points).
/// </summary>
[MemoryDiagnoser]
public class FrameEncodingBenchmarks
{
    private const string CpuType = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";

    private DataFrame _flameGraph = null!;
    private DataFrame _series = null!;

    [GlobalSetup]
    public void Setup()
    {
        var graph = NestedSetFlameGraph.FromStacks([FlameGraphBenchmarks.SyntheticStacks(200_000, seed: 1)], 16_384);
        _flameGraph = QueryFrames.FlameGraph(graph, CpuType).WithRefId("A");
        if (_flameGraph.RowCount < 16_384)
        {
            throw new InvalidOperationException($"expected at least 16,384 flame graph rows, built {_flameGraph.RowCount}");
        }

        const int points = 5_760;
        var timestamps = new long[points];
        var values = new double[points];
        for (var i = 0; i < points; i++)
        {
            timestamps[i] = 1_700_000_000_000 + i * 15_000L;
            values[i] = 1e9 + i % 97 * 1e7;
        }
        var labels = new SeriesLabels([new("region", "eu-west-1"), new("service_name", "checkout")]);
        _series = QueryFrames.Series([new SeriesData(labels, timestamps, values)], CpuType).Single().WithRefId("A");
    }

    [Benchmark(Baseline = true)]
    public byte[] FlameGraph_16k_nodes() => ArrowFrameWriter.Write(_flameGraph);

    [Benchmark]
    public byte[] Series_5760_points() => ArrowFrameWriter.Write(_series);
}
