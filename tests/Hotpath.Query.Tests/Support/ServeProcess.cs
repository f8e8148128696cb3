using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Hotpath.Query.Tests;

/// <summary>A real <c>gpx_hotpath serve</c> in its own process on a free loopback port, over a store folder it does not own.</summary>
internal sealed partial class ServeProcess : IDisposable
{
    private readonly Process _process;

    private ServeProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    [GeneratedRegex(@"serving on (http://[0-9.]+:\d+)")]
    private static partial Regex ServingLine();

    public static async Task<ServeProcess> StartAsync(string dataFolder)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] args = ["exec", Path.Combine(AppContext.BaseDirectory, "gpx_hotpath.dll"), "serve", "--listen", "127.0.0.1:0", "--data", dataFolder,
            "--web", Path.Combine(dataFolder, "no-frontend"), "--log-level", "warn"];
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        // Grafana sets this when it starts a plugin; the process must run as the standalone server.
        info.Environment.Remove("grafana_plugin_type");
        var process = Process.Start(info)!;
        var serve = new StringBuilder();
        // stderr carries the logs; drained so that the server never blocks on a full pipe.
        process.ErrorDataReceived += (_, e) =>
        {
            lock (serve)
            {
                serve.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var match = ServingLine().Match(line ?? "");
        if (!match.Success)
        {
            process.Kill();
            process.WaitForExit(10_000);
            string log;
            lock (serve)
            {
                log = serve.ToString();
            }
            throw new InvalidOperationException($"gpx_hotpath serve did not start: '{line}'; stderr: {log}");
        }
        return new ServeProcess(process, new Uri(match.Groups[1].Value + "/"));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }
}
