using FluentAssertions;
using Hotpath.Engine.Folded;
using Hotpath.Engine.FunctionTables;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.Tests.Support;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.Pprof;

/// <summary>
/// Damaged real profiles (truncated, bytes changed, compressed stream damaged): reading either
/// succeeds and every output can be computed, or fails with a <see cref="PprofFormatException"/>
/// naming the source. Never another exception, never a hang.
/// </summary>
[Parallelizable(ParallelScope.Children)]
public sealed class MutationTests
{
    private static IEnumerable<TestCaseData> Files()
    {
        var files = CorpusFiles.ReadablePprofFiles();
        if (files.Count == 0)
        {
            yield return new TestCaseData((object?)null).SetName("corpus absent").Ignore($"corpus not found: set {CorpusFiles.Variable}");
            yield break;
        }
        var root = CorpusFiles.Root!;
        var bySize = files.Select(f => (f, size: new FileInfo(Path.Combine(root, f.File)).Length)).OrderBy(x => x.size).ThenBy(x => x.f.File, StringComparer.Ordinal).ToList();
        var chosen = bySize.Where(x => x.f.Format == "gzip+pprof-proto" && x.size > 600).Take(6)
            .Concat(bySize.Where(x => x.f.Format == "pprof-proto" && x.size < 200_000).Take(3));
        foreach (var (file, _) in chosen)
        {
            yield return new TestCaseData(file).SetName(file.File);
        }
    }

    [TestCaseSource(nameof(Files))]
    public void Damaged_profiles_fail_cleanly_or_read_fully(CorpusFiles.Summary file)
    {
        var original = CorpusFiles.Read(file.File);
        var raw = Decompression.Inflate(original, file.File, PprofReadOptions.DefaultMaxDecompressedBytes).ToArray();
        var random = new Random(raw.Length);
        var rejected = 0;
        var total = 0;

        void Try(byte[] input, string what)
        {
            total++;
            if (!Exercise(input, $"{file.File} ({what})"))
            {
                rejected++;
            }
        }

        for (var i = 1; i <= 64; i++)
        {
            var cut = (int)((long)raw.Length * i / 65);
            Try(raw[..cut], $"truncated to {cut} bytes");
        }
        for (var i = 0; i < 300; i++)
        {
            var copy = (byte[])raw.Clone();
            var at = random.Next(copy.Length);
            copy[at] = (byte)random.Next(256);
            Try(copy, $"byte {at} set to {copy[at]}");
        }
        var gz = PprofReaderErrorTests.Gzip(raw);
        for (var i = 0; i < 60; i++)
        {
            var copy = (byte[])gz.Clone();
            var at = 10 + random.Next(copy.Length - 10);
            copy[at] ^= (byte)(1 << random.Next(8));
            Try(copy, $"gzip byte {at} flipped");
        }
        for (var i = 1; i <= 16; i++)
        {
            var cut = (int)((long)gz.Length * i / 17);
            Try(gz[..cut], $"gzip truncated to {cut} bytes");
        }

        rejected.Should().BeGreaterThan(total / 10, "most damage must be detected, not silently read");
    }

    /// <summary>True when the input read; false when it was rejected with a clear error.</summary>
    private static bool Exercise(byte[] input, string source)
    {
        try
        {
            var profile = PprofReader.Read(input, source);
            for (var t = 0; t < profile.SampleTypes.Length; t++)
            {
                var merger = new ProfileMerger();
                merger.Add(profile, t);
                FoldedFormat.Lines(merger.Stacks);
                FunctionTable.Build(merger.Stacks).SortedByName();
            }
            PprofReader.Read(PprofWriter.Write(profile), source + " rewritten");
            return true;
        }
        catch (PprofFormatException e)
        {
            e.Message.Should().StartWith(source + ": ");
            e.Message.Should().NotContain("\n");
            return false;
        }
        catch (Exception e)
        {
            Assert.Fail($"{source}: unexpected {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            return false;
        }
    }
}
