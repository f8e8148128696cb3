using System.Text.Json;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.Support;

/// <summary>
/// The shared corpus of real profiles, found through HOTPATH_CORPUS. Tests that need it are ignored
/// with a clear message when the variable is unset or points nowhere.
/// </summary>
public static class CorpusFiles
{
    public const string Variable = "HOTPATH_CORPUS";

    public static string? Root
    {
        get
        {
            var root = Environment.GetEnvironmentVariable(Variable);
            return !string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, "truth", "summary.jsonl")) ? Path.GetFullPath(root) : null;
        }
    }

    public static string RequireRoot() =>
        Root ?? Ignore<string>($"corpus not found: set {Variable} to the corpus folder (it holds truth/summary.jsonl)");

    public static string PathOf(string relative) => Path.Combine(RequireRoot(), relative);

    public static byte[] Read(string relative) => File.ReadAllBytes(PathOf(relative));

    /// <summary>One row of truth/summary.jsonl.</summary>
    public sealed record Summary(string File, string Format, int RawRc, string[] SampleTypes, long[] FileTotals);

    /// <summary>
    /// Every pprof protobuf file (gzip or raw) that google/pprof reads, per truth/summary.jsonl;
    /// legacy text and binary formats are left out (Hotpath reads protobuf only).
    /// </summary>
    public static IReadOnlyList<Summary> ReadablePprofFiles()
    {
        var root = Root;
        if (root is null)
        {
            return [];
        }
        var rows = new List<Summary>();
        foreach (var line in File.ReadLines(Path.Combine(root, "truth", "summary.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement;
            var format = e.GetProperty("format").GetString()!;
            var rc = e.GetProperty("raw_rc").GetInt32();
            if (rc != 0 || format is not ("gzip+pprof-proto" or "pprof-proto"))
            {
                continue;
            }
            rows.Add(new Summary(
                e.GetProperty("file").GetString()!,
                format,
                rc,
                [.. e.GetProperty("sample_types").EnumerateArray().Select(x => x.GetString()!)],
                [.. e.GetProperty("file_totals").EnumerateArray().Select(x => x.GetInt64())]));
        }
        return rows;
    }

    /// <summary>Test cases for NUnit: one per readable pprof file, or a single ignored case without a corpus.</summary>
    public static IEnumerable<TestCaseData> Cases()
    {
        var files = ReadablePprofFiles();
        if (files.Count == 0)
        {
            yield return new TestCaseData((object?)null).SetName("corpus absent").Ignore($"corpus not found: set {Variable}");
            yield break;
        }
        foreach (var file in files)
        {
            yield return new TestCaseData(file).SetName(file.File);
        }
    }

    private static T Ignore<T>(string message)
    {
        Assert.Ignore(message);
        throw new InvalidOperationException("unreachable");
    }
}
