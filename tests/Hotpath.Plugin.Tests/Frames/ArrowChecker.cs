using System.Diagnostics;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Frames;

/// <summary>Reads Arrow frames back with the real Arrow reader (apache-arrow, from the conformance suite).</summary>
internal static class ArrowChecker
{
    /// <summary>Runs tests/conformance/arrow-check.mjs; ignores the test when node or its packages are missing.</summary>
    public static (int Exit, string Output) Run(string dir)
    {
        string conformance = FindConformanceDirectory();
        if (!Directory.Exists(Path.Combine(conformance, "node_modules", "apache-arrow")))
        {
            Unavailable($"apache-arrow is not installed: run `npm ci` in {conformance}");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = conformance,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("arrow-check.mjs");
        start.ArgumentList.Add(dir);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Unavailable("node is not on PATH; the Arrow frames are checked with the apache-arrow npm package");
            throw;
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(60_000)) { process.Kill(); Assert.Fail("arrow-check.mjs did not finish within 60 s"); }
            return (process.ExitCode, stdout + stderr.Result);
        }
    }

    /// <summary>Ignored on a developer machine without Node; a failure in CI (CI=true), where it must run.</summary>
    private static void Unavailable(string reason)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(reason);
        }

        Assert.Ignore(reason);
    }

    private static string FindConformanceDirectory()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "conformance");
            if (File.Exists(Path.Combine(candidate, "arrow-check.mjs")))
            {
                return candidate;
            }
        }
        Assert.Fail("tests/conformance/arrow-check.mjs not found above " + TestContext.CurrentContext.TestDirectory);
        return "";
    }
}
