using NUnit.Framework;

namespace Hotpath.Query.Tests.Routes.Support;

/// <summary>The shared corpus of real profiles, found through HOTPATH_CORPUS; tests that need it are skipped without it.</summary>
internal static class Corpus
{
    public static string File(string relative)
    {
        var corpus = Environment.GetEnvironmentVariable("HOTPATH_CORPUS");
        if (string.IsNullOrEmpty(corpus) || !Directory.Exists(corpus))
        {
            Assert.Ignore("HOTPATH_CORPUS is not set to the corpus folder; corpus tests skipped");
        }
        var path = Path.Combine(corpus!, relative);
        if (!System.IO.File.Exists(path))
        {
            Assert.Ignore($"corpus file {relative} is missing");
        }
        return path;
    }
}
