using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using FluentAssertions;
using Hotpath.Plugin.Tests.Standalone;

namespace Hotpath.Plugin.Tests.Pyroscope.Serve;

/// <summary>
/// <c>gpx_hotpath serve</c> as users run it: the real executable in its own process on a loopback
/// port, with its embedded store in <see cref="DataPath"/>. Stderr is collected for failure messages.
/// </summary>
internal sealed partial class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private ServeProcess(Process process, string dataPath, Uri url)
    {
        _process = process;
        DataPath = dataPath;
        Url = url;
    }

    public string DataPath { get; }

    public Uri Url { get; }

    public int Id => _process.Id;

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    [GeneratedRegex(@"^Hotpath is serving on (https?://127\.0\.0\.1:\d+)$")]
    private static partial Regex ServingLine();

    public static string NewDataPath() => Path.Combine(Path.GetTempPath(), "hotpath-pyro-serve-" + Guid.NewGuid().ToString("N"));

    public static async Task<ServeProcess> StartAsync(string dataPath, params string[] extra)
    {
        var process = StandaloneServerTests.Start(["serve", "--listen", "127.0.0.1:0", "--data", dataPath, "--web", Path.Combine(dataPath, "no-frontend"), .. extra]);
        var stderr = new StringBuilder();
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(120));
        var match = ServingLine().Match(line ?? "");
        if (!match.Success)
        {
            var error = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));
            process.Kill();
            throw new InvalidOperationException($"serve did not start: stdout '{line}', stderr: {error}");
        }
        var server = new ServeProcess(process, dataPath, new Uri(match.Groups[1].Value));
        _ = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } l)
            {
                lock (server._stderr)
                {
                    server._stderr.AppendLine(l);
                }
            }
        });
        return server;
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or an OOM kill.</summary>
    public void KillHard()
    {
        _process.Kill();
        _process.WaitForExit(10_000).Should().BeTrue();
    }

    /// <summary>SIGTERM and wait for a clean exit (the store checkpoints and closes).</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }
        Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _process.WaitForExitAsync(timeout.Token);
        _process.ExitCode.Should().Be(0, Stderr);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    public static void DeleteData(string dataPath)
    {
        if (Directory.Exists(dataPath))
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }
}
