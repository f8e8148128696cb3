using System.Diagnostics;
using Hotpath.Engine.Model;
using Hotpath.Engine.Pprof;

namespace Hotpath.Benchmarks;

/// <summary>
/// `quick-decode [FILE]`: a few-second decode throughput check that reports MB per wall second and
/// per CPU second of this process (the latter is what counts on a shared machine).
/// </summary>
internal static class QuickDecode
{
    public static void Run(string relative)
    {
        var message = BenchmarkInputs.Uncompressed(relative);
        Measure("read (decode + validate)", message, () => PprofReader.Read(message, relative));
        Measure("wire decode only", message, () => PprofDecoder.Decode(message, relative));
        Measure("Google.Protobuf generated", message, () => Hotpath.Plugin.Pyroscope.Wire.Pprof.Profile.Parser.ParseFrom(message));
        var decoded = PprofDecoder.Decode(message, relative);
        Measure("validate only", message, () => ProfileValidator.Validate(decoded, relative));
        var compressed = BenchmarkInputs.Compressed(relative);
        Measure("gunzip (output MB/s)", message, () => Decompression.Inflate(compressed, relative, PprofReadOptions.DefaultMaxDecompressedBytes));
        var profile = PprofReader.Read(message, relative);
        Measure("merge default type", message, () =>
        {
            var merger = new Hotpath.Engine.Merge.ProfileMerger();
            merger.Add(profile, profile.DefaultSampleTypeIndex());
        });
    }

    private static void Measure(string what, byte[] message, Action action)
    {
        for (var i = 0; i < 20; i++)
        {
            action();
        }
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var runs = 0;
        while (clock.ElapsedMilliseconds < 2000)
        {
            action();
            runs++;
        }
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
        var bytes = (double)message.Length * runs;
        Console.WriteLine($"{what,-26} {bytes / clock.Elapsed.TotalSeconds / 1e6,7:F0} MB/s wall  {bytes / cpu / 1e6,7:F0} MB/s per CPU-second  {cpu * 1000 / runs,6:F2} ms CPU per run  ({runs} runs of {message.Length} bytes)");
    }
}
