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

    /// <summary>
    /// Folded records per case, then per sample type index: the merge of <paramref name="files"/> read
    /// afresh for each case, filtered by google/pprof's FilterSamplesByName and aggregated by its
    /// Aggregate as go tool pprof does with the case's options, then folded (see tests/reference/folded).
    /// </summary>
    public static List<Dictionary<int, ReferenceStacks>> Folded(IReadOnlyList<FilterCase> cases, params string[] files)
    {
        var binary = Binary.Value;
        var args = cases.SelectMany(c => new[] { "-case", System.Text.Json.JsonSerializer.Serialize(c) }).Concat(files);
        var (exit, stdout, stderr) = Run(binary, args, null);
        if (exit != 0)
        {
            throw new InvalidOperationException($"reference failed ({exit}): {Encoding.UTF8.GetString(stderr)}");
        }
        var result = new List<Dictionary<int, ReferenceStacks>>();
        var pos = 0;
        while (pos < stdout.Length)
        {
            // "## <index>\n" opens a case; its records run to the next case line.
            var end = Array.IndexOf(stdout, (byte)'\n', pos);
            pos = end + 1;
            var next = pos;
            while (next < stdout.Length && !(stdout[next] == (byte)'#' && stdout[next + 1] == (byte)'#'))
            {
                next = SkipRecord(stdout, next);
            }
            result.Add(Parse(stdout[pos..next]));
            pos = next;
        }
        return result;
    }

    /// <summary>Profiles made now by Go's runtime/pprof (tests/reference/goprofiler): cpu.pb.gz and heap.pb.gz in the returned folder.</summary>
    public static string FreshGoProfiles() => Fresh.Value;

    private static readonly Lazy<string> Fresh = new(GenerateFresh, LazyThreadSafetyMode.ExecutionAndPublication);

    private static string GenerateFresh()
    {
        RequireGo();
        var dir = TempDirectory("fresh-go-profiles");
        var source = Path.Combine(RepositoryRoot(), "tests", "reference", "goprofiler");
        var binary = Path.Combine(dir, "goprofiler");
        var (exit, _, stderr) = Go(source, "build", "-o", binary, ".");
        if (exit != 0)
        {
            throw new InvalidOperationException("building tests/reference/goprofiler failed: " + Encoding.UTF8.GetString(stderr));
        }
        (exit, _, stderr) = Run(binary, [dir], dir);
        if (exit != 0)
        {
            throw new InvalidOperationException("tests/reference/goprofiler failed: " + Encoding.UTF8.GetString(stderr));
        }
        return dir;
    }

    private static int SkipRecord(byte[] output, int pos)
    {
        if (output[pos] == (byte)'@')
        {
            return Array.IndexOf(output, (byte)'\n', pos) + 1;
        }
        var colon = Array.IndexOf(output, (byte)':', pos);
        var length = int.Parse(Encoding.ASCII.GetString(output, pos, colon - pos));
        return colon + 1 + length + 1;
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

/// <summary>
/// Options of go tool pprof for one reference run: -focus, -ignore, -hide, -show (null: not set) and
/// the granularity (functions, filefunctions, lines, files; null: functions).
/// </summary>
public sealed record FilterCase(string? Focus = null, string? Ignore = null, string? Hide = null, string? Show = null, string? Granularity = null)
{
    /// <summary>
    /// The cases the agreement tests run on every profile: each filter alone and together, every
    /// granularity, and a pattern that matches the empty string (pprof matches it against empty
    /// file names too). Written in the syntax RE2 and .NET read alike.
    /// </summary>
    public static readonly FilterCase[] Standard =
    [
        new(Focus: @"main\.|runtime\.|java|Thread", Granularity: "lines"),
        new(Ignore: @"runtime\.(mallocgc|gcBgMarkWorker)|GC", Hide: @"^runtime\.|\.so|libc"),
        new(Show: @"main\.|com\.|\.go$|java", Granularity: "filefunctions"),
        new(Focus: "^$", Granularity: "files"),
        new(Focus: @"\.", Ignore: "(?i)idle|park|sleep", Hide: @"^runtime\.|^java\.lang", Show: "[a-z]", Granularity: "lines"),
    ];

    /// <summary>The same options as CLI arguments.</summary>
    public IEnumerable<string> CliArguments()
    {
        foreach (var (name, value) in new[] { ("--focus", Focus), ("--ignore", Ignore), ("--hide", Hide), ("--show", Show), ("--granularity", Granularity) })
        {
            if (value is not null)
            {
                yield return name + "=" + value;
            }
        }
    }

    public override string ToString() => string.Join(' ', CliArguments());
}

/// <summary>The folded lines of one sample type ("type/unit"), unsorted.</summary>
public sealed record ReferenceStacks(string SampleType, List<string> Lines);
