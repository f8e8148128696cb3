using BenchmarkDotNet.Running;
using Hotpath.Benchmarks;

// `dotnet run -c Release -- quick-decode [FILE]` for a fast check; anything else goes to BenchmarkDotNet
// (e.g. `--filter *Decode*`). `-- store [--quick]` measures the embedded store (see StoreBench);
// `-- filters [ROUNDS]` times FilterBenchmarks' cases with a stopwatch (see FilterBenchmarks.Quick).
if (args.Length > 0 && args[0] == "quick-decode")
{
    QuickDecode.Run(args.Length > 1 ? args[1] : BenchmarkInputs.Heap);
    return;
}
if (args.Length > 0 && args[0] == "filters")
{
    FilterBenchmarks.Quick(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
    return;
}
if (args.Length > 0 && args[0] == "store-checksums")
{
    StoreChecksumBench.Run();
    return;
}
if (args.Length > 0 && args[0] == "store")
{
    await StoreBench.Run(args);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(DecodeBenchmarks).Assembly).Run(args);
