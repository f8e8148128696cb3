using Hotpath.Engine.Pprof;

namespace Hotpath.Benchmarks;

/// <summary>Corpus profiles the benchmarks run on, found through HOTPATH_CORPUS.</summary>
internal static class BenchmarkInputs
{
    public const string Heap = "grafana-pyroscope/pkg/pprof/testdata/heap";
    public const string LargeCpu = "google-pprof/internal/proftest/testdata/large.cpu";
    public const string MostSamples = "grafana-pyroscope/pkg/pprof/testdata/gotruncatefix/heap_go_truncated_3.pb.gz";

    public static string Corpus =>
        Environment.GetEnvironmentVariable("HOTPATH_CORPUS") is { Length: > 0 } root
            ? root
            : throw new InvalidOperationException("set HOTPATH_CORPUS to the corpus folder");

    public static byte[] Compressed(string relative) => File.ReadAllBytes(Path.Combine(Corpus, relative));

    public static byte[] Uncompressed(string relative) =>
        Decompression.Inflate(Compressed(relative), relative, PprofReadOptions.DefaultMaxDecompressedBytes).ToArray();
}
