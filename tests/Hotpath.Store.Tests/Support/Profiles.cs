using Hotpath.Engine.Model;
using Hotpath.Engine.Pprof;
using Hotpath.Store.Demo;

namespace Hotpath.Store.Tests.Support;

/// <summary>Small profiles with known content, passed through the pprof writer and reader like real uploads.</summary>
public static class Profiles
{
    public const long Second = 1_000_000_000;

    /// <summary>A Go-style CPU profile (samples/count + cpu/nanoseconds) from (folded stack, samples) pairs.</summary>
    public static Profile Cpu(long timeNs, params (string Stack, long Samples)[] stacks) =>
        Cpu(timeNs, stacks.Select(s => (s.Stack, s.Samples, (IReadOnlyList<(string, string)>?)null)).ToArray());

    public static Profile Cpu(long timeNs, (string Stack, long Samples, IReadOnlyList<(string, string)>? Labels)[] stacks)
    {
        var b = new ProfileBuilder([("samples", "count"), ("cpu", "nanoseconds")], ("cpu", "nanoseconds"), 10_000_000);
        foreach (var (stack, samples, labels) in stacks)
        {
            b.Add(stack.Split(';'), [samples, samples * 10_000_000], labels);
        }
        return RoundTrip(b.Build(timeNs, 10 * Second));
    }

    public static Profile RoundTrip(Profile p) => PprofReader.Read(PprofWriter.Write(p), "test profile");
}
