using FluentAssertions;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.ProfileTypes;
using Hotpath.Engine.Tests.Support;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.Corpus;

/// <summary>
/// Profiles made now by @datadog/pprof in Node (tests/reference/nodeprofiler, installed with npm at
/// test time) read and merge exactly as google/pprof reads them, and get Pyroscope's ids for raw
/// DataDog profiles. Needs node and npm (ignored without them, failed under CI=true).
/// </summary>
[NonParallelizable]
public sealed class FreshNodeProfileTests
{
    private static readonly Lazy<string> Profiles = new(Generate);

    [TestCase("wall.pb.gz")]
    [TestCase("heap.pb.gz")]
    public void Folded_stacks_of_a_fresh_node_profile_equal_google_pprof(string name)
    {
        var path = Path.Combine(Profiles.Value, name);
        var profile = PprofReader.Read(File.ReadAllBytes(path), path);
        var reference = GoReference.Folded(path);
        profile.SampleCount.Should().BeGreaterThan(0);
        for (var t = 0; t < profile.SampleTypes.Length; t++)
        {
            var merger = new ProfileMerger();
            merger.Add(profile, t);
            var expected = reference[t].Lines.ToArray();
            Array.Sort(expected, StringComparer.Ordinal);
            FoldedFormat.Lines(merger.Stacks).Should().Equal(expected, reference[t].SampleType);
        }
    }

    [TestCase("wall.pb.gz", new[] { "wall:sample:count:wall:nanoseconds", "wall:wall:nanoseconds:wall:nanoseconds" })]
    // @datadog/pprof 5.20 already names heap types inuse_*, which gives the ids Pyroscope lists for @pyroscope/nodejs heap.
    [TestCase("heap.pb.gz", new[] { "memory:inuse_objects:count:inuse_space:bytes", "memory:inuse_space:bytes:inuse_space:bytes" })]
    public void Raw_datadog_profiles_get_pyroscopes_ids(string name, string[] ids)
    {
        var path = Path.Combine(Profiles.Value, name);
        var profile = PprofReader.Read(File.ReadAllBytes(path), path);
        ProfileTypeMapping.All(profile).Select(id => id.ToString()).Should().Equal(ids);
    }

    [Test]
    public void The_recursive_workload_is_in_the_wall_profile()
    {
        var path = Path.Combine(Profiles.Value, "wall.pb.gz");
        var profile = PprofReader.Read(File.ReadAllBytes(path), path);
        var merger = new ProfileMerger();
        merger.Add(profile, SampleTypeChoice.Resolve(profile, "wall", path));
        FoldedFormat.Lines(merger.Stacks).Should().Contain(line => line.Contains(";fib;fib;", StringComparison.Ordinal));
    }

    private static string Generate()
    {
        var dir = GoReference.TempDirectory("fresh-node-profiles");
        var source = Path.Combine(GoReference.RepositoryRoot(), "tests", "reference", "nodeprofiler");
        var work = Path.Combine(dir, "nodeprofiler");
        Directory.CreateDirectory(work);
        foreach (var file in (string[])["package.json", "package-lock.json", "profile.js"])
        {
            File.Copy(Path.Combine(source, file), Path.Combine(work, file));
        }
        if (!Succeeds("npm", work, "--version") || !Succeeds("node", work, "--version"))
        {
            const string message = "node/npm not found: install Node.js to make fresh @datadog/pprof profiles";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(message);
            }
            Assert.Ignore(message);
        }
        Run("npm", work, "ci", "--no-audit", "--no-fund");
        Run("node", work, "profile.js", dir);
        return dir;
    }

    private static bool Succeeds(string file, string directory, params string[] args)
    {
        try
        {
            return GoReference.Run(file, args, directory).Exit == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static void Run(string file, string directory, params string[] args)
    {
        var (exit, stdout, stderr) = GoReference.Run(file, args, directory);
        exit.Should().Be(0, $"{file} {string.Join(' ', args)}: {System.Text.Encoding.UTF8.GetString(stdout)} {System.Text.Encoding.UTF8.GetString(stderr)}");
    }
}
