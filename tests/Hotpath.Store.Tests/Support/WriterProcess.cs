using System.Diagnostics;
using System.Globalization;
using NUnit.Framework;

namespace Hotpath.Store.Tests.Support;

/// <summary>
/// Hotpath.Store.CrashWriter running as a separate process: it opens the store as its writer and
/// ingests in a loop, printing "ack i" once write i is durable. Killed with SIGKILL on dispose.
/// </summary>
public sealed class WriterProcess : IDisposable
{
    private readonly Process _process;

    private WriterProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    /// <summary>Sweeps (with "sweep") that deleted profiles and collected stacks, seen so far by <see cref="NextAckAsync"/>.</summary>
    public int Collections { get; private set; }

    public static WriterProcess Start(string folder, long startMs, int writers, int seriesEvery = 0, bool sweep = false)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Dll());
        foreach (var arg in new[] { folder, startMs.ToString(CultureInfo.InvariantCulture), writers.ToString(CultureInfo.InvariantCulture), seriesEvery.ToString(CultureInfo.InvariantCulture), sweep ? "sweep" : "" })
        {
            start.ArgumentList.Add(arg);
        }
        return new WriterProcess(Process.Start(start)!);
    }

    /// <summary>The next acknowledged write's number; fails the test when the writer exited.</summary>
    public async Task<int> NextAckAsync()
    {
        while (true)
        {
            var line = await _process.StandardOutput.ReadLineAsync();
            if (line is null)
            {
                Assert.Fail("the writer process exited early: " + await _process.StandardError.ReadToEndAsync());
            }
            if (line!.StartsWith("ack ", StringComparison.Ordinal))
            {
                return int.Parse(line[4..], CultureInfo.InvariantCulture);
            }
            if (line.StartsWith("sweep ", StringComparison.Ordinal) && line.Split(' ') is [_, var profiles, var stacks] && profiles != "0" && stacks != "0")
            {
                Collections++;
            }
        }
    }

    /// <summary>SIGKILL (no finalizers, no checkpoint); returns the acks that reached the pipe before it.</summary>
    public async Task<List<int>> KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        var acked = new List<int>();
        var rest = await _process.StandardOutput.ReadToEndAsync();
        foreach (var line in rest.Split('\n'))
        {
            if (line.StartsWith("ack ", StringComparison.Ordinal))
            {
                acked.Add(int.Parse(line[4..], CultureInfo.InvariantCulture));
            }
        }
        await _process.WaitForExitAsync();
        return acked;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }

    private static string Dll()
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
}
