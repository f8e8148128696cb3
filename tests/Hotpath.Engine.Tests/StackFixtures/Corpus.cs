using NUnit.Framework;
namespace Hotpath.Engine.Tests.StackFixtures;

/// <summary>Finds the shared profile corpus through HOTPATH_CORPUS; tests that need it are ignored without it.</summary>
internal static class Corpus
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
}
