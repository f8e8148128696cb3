using System.Diagnostics;

namespace Hotpath.Query.Tests.Routes.Support;

/// <summary>The real command line (<c>gpx_hotpath</c>, built next to the tests) run as a process.</summary>
internal static class Cli
{
    public static async Task<string> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "gpx_hotpath.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment.Remove("grafana_plugin_type");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"gpx_hotpath {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}");
        }
        return await stdout;
    }
}
