using NUnit.Framework;

namespace Hotpath.Store.Tests.Support;

/// <summary>The shared corpus of real profiles, found through HOTPATH_CORPUS; tests are ignored without it.</summary>
public static class Corpus
{
    public const string Variable = "HOTPATH_CORPUS";

    public static string PathOf(string relative)
    {
        var root = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(root) || !Directory.Exists(root))
        {
            Assert.Ignore($"corpus not found: set {Variable} to the corpus folder");
        }
        var path = Path.Combine(root!, relative);
        if (!File.Exists(path))
        {
            Assert.Ignore($"corpus file {relative} is not in this copy of the corpus");
        }
        return path;
    }
}
