using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Hotpath.Pyroscope.Tests;

/// <summary>A real <c>gpx_hotpath serve --demo</c> in its own process on a free loopback port, with a temporary store.</summary>
internal sealed partial class DemoServe : IDisposable
{
    private readonly Process _process;
    private readonly string _data;

    private DemoServe(Process process, string data, Uri url)
    {
        _process = process;
        _data = data;
        Url = url;
    }

    public Uri Url { get; }

    [GeneratedRegex(@"serving on (http://[0-9.]+:\d+)")]
    private static partial Regex ServingLine();

    public static async Task<DemoServe> StartAsync()
    {
        var data = Path.Combine(Path.GetTempPath(), "hotpath-pyroclient-" + Guid.NewGuid().ToString("N"));
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["exec", Path.Combine(AppContext.BaseDirectory, "gpx_hotpath.dll"), "serve", "--listen", "127.0.0.1:0", "--data", data, "--demo", "--web", Path.Combine(data, "no-frontend")])
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment.Remove("grafana_plugin_type");
        var process = Process.Start(info)!;
        // stderr carries the logs; drain it so the server never blocks on a full pipe.
        _ = process.StandardError.ReadToEndAsync();
        // Seeding six hours of demo data happens before the server prints its address.
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(120));
        var match = ServingLine().Match(line ?? "");
        if (!match.Success)
        {
            process.Kill();
            throw new InvalidOperationException($"gpx_hotpath serve did not start: '{line}'");
        }
        return new DemoServe(process, data, new Uri(match.Groups[1].Value));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
