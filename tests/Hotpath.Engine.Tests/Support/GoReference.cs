using System.Diagnostics;
using System.Text;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.Support;

/// <summary>
/// The reference implementation the folded tests compare against: tests/reference/folded, a small Go
/// program on google/pprof's own parser and Merge (Debian's golang-github-google-pprof-dev), built
/// once per test run. Needs `go` on PATH (or HOTPATH_GO) and the pprof sources under GOPATH
/// (HOTPATH_GOPATH, default /usr/share/gocode). Without them the tests are ignored, except under
/// CI=true, where they fail.
/// </summary>
public static class GoReference
{
    private static readonly Lazy<string> Binary = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Folded records per sample type index of the merge of <paramref name="files"/>, as pprof sees them.</summary>
    public static Dictionary<int, ReferenceStacks> Folded(params string[] files)
    {
        var binary = Binary.Value;
        var (exit, stdout, stderr) = Run(binary, files, null);
        if (exit != 0)
        {
            throw new InvalidOperationException($"reference failed ({exit}): {Encoding.UTF8.GetString(stderr)}");
        }
        return Parse(stdout);
    }

    /// <summary>Runs `go` with the reference environment (used to build test programs too).</summary>
    public static (int Exit, byte[] Stdout, byte[] Stderr) Go(string workingDirectory, params string[] args)
    {
        var go = Environment.GetEnvironmentVariable("HOTPATH_GO") is { Length: > 0 } g ? g : "go";
        return Run(go, args, workingDirectory);
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "tests", "reference", "folded", "main.go")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (tests/reference/folded/main.go) above " + AppContext.BaseDirectory);
    }

    /// <summary>A fresh temporary directory for built programs and generated profiles.</summary>
    public static string TempDirectory(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"hotpath-tests-{Environment.ProcessId}", name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string Build()
    {
        RequireGo();
        var output = Path.Combine(TempDirectory("reference"), "folded");
        var source = Path.Combine(RepositoryRoot(), "tests", "reference", "folded");
        var (exit, _, stderr) = Go(source, "build", "-o", output, ".");
        if (exit != 0)
        {
            throw new InvalidOperationException("building tests/reference/folded failed: " + Encoding.UTF8.GetString(stderr));
        }
        return output;
    }

    public static void RequireGo()
    {
        var (exit, _, _) = TryGo();
        if (exit == 0)
        {
            return;
        }
        var message = "go tool pprof reference unavailable: install golang-go and golang-github-google-pprof-dev (or set HOTPATH_GO / HOTPATH_GOPATH)";
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail(message);
        }
        Assert.Ignore(message);
    }

    private static (int, byte[], byte[]) TryGo()
    {
        try
        {
            return Go(Path.GetTempPath(), "version");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, [], []);
        }
    }

    public static (int Exit, byte[] Stdout, byte[] Stderr) Run(string file, IEnumerable<string> args, string? workingDirectory)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        info.Environment["GOPATH"] = Environment.GetEnvironmentVariable("HOTPATH_GOPATH") is { Length: > 0 } p ? p : "/usr/share/gocode";
        info.Environment["GO111MODULE"] = "off";
        info.Environment["GOFLAGS"] = "";
        info.Environment["GOTOOLCHAIN"] = "local";
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("GOCACHE")) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("HOME")))
        {
            // CI containers may run without HOME; go needs somewhere for its build cache.
            info.Environment["GOCACHE"] = Path.Combine(Path.GetTempPath(), "hotpath-go-build-cache");
        }
        using var process = Process.Start(info)!;
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var errCopy = process.StandardError.BaseStream.CopyToAsync(stderr);
        process.StandardOutput.BaseStream.CopyTo(stdout);
        errCopy.Wait();
        process.WaitForExit();
        return (process.ExitCode, stdout.ToArray(), stderr.ToArray());
    }

    private static Dictionary<int, ReferenceStacks> Parse(byte[] output)
    {
        var result = new Dictionary<int, ReferenceStacks>();
        ReferenceStacks? current = null;
        var pos = 0;
        while (pos < output.Length)
        {
            if (output[pos] == (byte)'@')
            {
                var end = Array.IndexOf(output, (byte)'\n', pos);
                var header = Encoding.UTF8.GetString(output, pos, end - pos).Split(' ', 3);
                current = new ReferenceStacks(header[2], []);
                result[int.Parse(header[1])] = current;
                pos = end + 1;
                continue;
            }
            var colon = Array.IndexOf(output, (byte)':', pos);
            var length = int.Parse(Encoding.ASCII.GetString(output, pos, colon - pos));
            // Decoding each record with .NET's UTF-8 decoder maps invalid bytes exactly as the
            // engine's string-table decoding does.
            current!.Lines.Add(Encoding.UTF8.GetString(output, colon + 1, length));
            pos = colon + 1 + length + 1;
        }
        return result;
    }
}

/// <summary>The folded lines of one sample type ("type/unit"), unsorted.</summary>
public sealed record ReferenceStacks(string SampleType, List<string> Lines);
