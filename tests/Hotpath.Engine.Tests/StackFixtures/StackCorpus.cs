using NUnit.Framework;
namespace Hotpath.Engine.Tests.StackFixtures;

/// <summary>Finds the shared profile corpus through HOTPATH_CORPUS; tests that need it are ignored without it.</summary>
internal static class StackCorpus
{
    public static string Root
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("HOTPATH_CORPUS");
            if (string.IsNullOrEmpty(root) || !Directory.Exists(root))
            {
                Assert.Ignore("HOTPATH_CORPUS is not set to the profile corpus directory; corpus tests skipped.");
            }
            return Path.GetFullPath(root!);
        }
    }

    /// <summary>The folded-stack files of the corpus (Brendan Gregg's FlameGraph test results).</summary>
    public static string[] FoldedFiles()
    {
        var dir = Path.Combine(Root, "flamegraph", "test", "results");
        if (!Directory.Exists(dir))
        {
            Assert.Ignore($"corpus has no folded stacks at {dir}");
        }
        var files = Directory.GetFiles(dir, "*collapsed*.txt");
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    /// <summary>
    /// Pyroscope's expected per-series collapsed stacks for its JFR converter tests (real Java
    /// stacks, deep recursion included): one (file:series, folded text) pair per series.
    /// </summary>
    public static IEnumerable<(string Name, string Folded)> PyroscopeCollapsedSeries()
    {
        var dir = Path.Combine(Root, "grafana-pyroscope", "pkg", "og", "convert", "jfr", "testdata");
        if (!Directory.Exists(dir))
        {
            Assert.Ignore($"corpus has no Pyroscope collapsed-stack expectations at {dir}");
        }
        var files = Directory.GetFiles(dir, "*.json.gz");
        Array.Sort(files, StringComparer.Ordinal);
        foreach (var file in files)
        {
            using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(file), System.IO.Compression.CompressionMode.Decompress);
            using var json = System.Text.Json.JsonDocument.Parse(gzip);
            foreach (var series in json.RootElement.EnumerateObject())
            {
                yield return ($"{Path.GetFileName(file)}:{series.Name}", series.Value.GetString() ?? "");
            }
        }
    }
}
