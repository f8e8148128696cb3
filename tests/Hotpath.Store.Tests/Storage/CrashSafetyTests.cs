using System.Diagnostics;
using System.Globalization;
using FluentAssertions;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Selection;
using Hotpath.Store.Storage;
using Hotpath.Store.Tests.Support;
using NUnit.Framework;

namespace Hotpath.Store.Tests.Storage;

/// <summary>
/// A child process ingests in a loop and prints each acknowledged write; the test kills it with
/// SIGKILL mid-stream, reopens the store and checks that every acknowledged write is there.
/// </summary>
public class CrashSafetyTests
{
    private const string SamplesType = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";

    private static string CrashWriterDll()
    {
        // Test output: artifacts/bin/Hotpath.Store.Tests/<config>/; the writer builds next to it.
        var mine = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.Combine(mine.Parent!.Parent!.FullName, "Hotpath.Store.CrashWriter", mine.Name, "Hotpath.Store.CrashWriter.dll");
        if (!File.Exists(dll))
        {
            Assert.Fail($"crash writer not built at {dll}: the test project references it, build the test project first");
        }
        return dll;
    }

    [TestCase(1, 40)]
    [TestCase(4, 120)]
    public async Task Every_acknowledged_write_survives_kill_minus_nine(int writers, int killAfterAcks)
    {
        using var folder = new TempFolder();
        var startMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000 * 1000 - 3_600_000;
        var acked = new List<int>();
        for (var round = 0; round < 2; round++)
        {
            // Two crashes in a row: the second run appends to a store recovered from the first.
            var roundStart = startMs + round * 1_000_000;
            acked.AddRange((await RunAndKill(folder.Path, roundStart, writers, killAfterAcks)).Select(i => i + round * 1000));
        }

        using var store = ProfileStore.Open(folder.Path);
        TestContext.Out.WriteLine(store.OpenReport.ToString());
        store.OpenReport.IntegrityCheck.Should().Be("ok");
        var series = await store.SelectSeriesAsync(new SeriesQuery(SamplesType, "{service_name=\"crash\"}", new TimeRange(startMs, startMs + 2_000_000), 1));
        var points = series.Single().Points.ToDictionary(p => p.TimestampMs, p => p.Value);
        foreach (var id in acked)
        {
            var i = id % 1000;
            var t = startMs + id / 1000 * 1_000_000 + i * 1000L;
            points.Should().ContainKey(t, $"write {id} was acknowledged before the kill");
            points[t].Should().Be(i + 1);
            var stacks = await store.MergeStacksAsync(SamplesType, "{}", new TimeRange(t, t));
            FoldedFormat.Lines(stacks).Should().Equal($"main;work;step{i % 50} {i + 1}");
        }
        acked.Should().HaveCountGreaterThanOrEqualTo(2 * killAfterAcks);
    }

    private static async Task<List<int>> RunAndKill(string folder, long startMs, int writers, int killAfterAcks)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(CrashWriterDll());
        start.ArgumentList.Add(folder);
        start.ArgumentList.Add(startMs.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(writers.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(start)!;
        var acked = new List<int>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (acked.Count < killAfterAcks && DateTime.UtcNow < deadline)
        {
            var line = await process.StandardOutput.ReadLineAsync();
            if (line is null)
            {
                Assert.Fail("crash writer exited early: " + await process.StandardError.ReadToEndAsync());
            }
            if (line!.StartsWith("ack ", StringComparison.Ordinal))
            {
                acked.Add(int.Parse(line[4..], CultureInfo.InvariantCulture));
            }
        }
        // SIGKILL on Linux: no finalizers, no checkpoint, whatever was in flight is cut.
        process.Kill(entireProcessTree: true);
        // Acks already printed before the kill count too: drain what reached the pipe.
        var rest = await process.StandardOutput.ReadToEndAsync();
        foreach (var line in rest.Split('\n'))
        {
            if (line.StartsWith("ack ", StringComparison.Ordinal))
            {
                acked.Add(int.Parse(line[4..], CultureInfo.InvariantCulture));
            }
        }
        await process.WaitForExitAsync();
        acked.Count.Should().BeGreaterThanOrEqualTo(killAfterAcks, "the writer must have acknowledged writes before the kill");
        return acked;
    }
}
