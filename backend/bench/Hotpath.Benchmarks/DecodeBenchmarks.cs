using BenchmarkDotNet.Attributes;
using Hotpath.Engine.Model;
using Hotpath.Engine.Pprof;

namespace Hotpath.Benchmarks;

/// <summary>
/// Decoding uncompressed pprof (wire decode + validation), one core. Throughput = input bytes /
/// mean time; the target is 300 MB/s. Decode alone and validation alone are split out to show
/// where time goes; Google.Protobuf's generated parser on the same bytes is the yardstick for the
/// hand-written wire decoder.
/// </summary>
[MemoryDiagnoser]
public class DecodeBenchmarks
{
    private byte[] _message = [];
    private Profile _decoded = null!;

    [Params(BenchmarkInputs.Heap, BenchmarkInputs.LargeCpu, BenchmarkInputs.MostSamples)]
    public string File { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _message = BenchmarkInputs.Uncompressed(File);
        _decoded = PprofDecoder.Decode(_message, File);
    }

    [Benchmark]
    public Profile ReadUncompressed() => PprofReader.Read(_message, File);

    /// <summary>The same bytes through Google.Protobuf generated code (no validation, no linking).</summary>
    [Benchmark]
    public object GoogleProtobufGenerated() => Hotpath.Plugin.Pyroscope.Wire.Pprof.Profile.Parser.ParseFrom(_message);

    [Benchmark]
    public Profile WireDecodeOnly() => PprofDecoder.Decode(_message, File);

    [Benchmark]
    public void ValidateOnly() => ProfileValidator.Validate(_decoded, File);
}
