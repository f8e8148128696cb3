using FluentAssertions;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Merge;
using Hotpath.Engine.ProfileTypes;
using Hotpath.Engine.Tests.Support;
using Hotpath.Plugin.Pyroscope.Http;
using Hotpath.Query.Ingest;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Pyroscope;

/// <summary>
/// The real @pyroscope/nodejs agent (npm, pinned in Pyroscope/agent/package-lock.json) profiles a
/// workload and pushes to a loopback server; its requests, exactly as sent, go through the parser.
/// </summary>
[NonParallelizable]
public sealed class NodeAgentTests
{
    private static readonly Lazy<IReadOnlyList<CapturedRequest>> Pushes = new(RunAgent, LazyThreadSafetyMode.ExecutionAndPublication);

    [Test]
    public void The_agent_sends_raw_gzip_pprof_bodies_with_format_pprof_and_unix_seconds()
    {
        Pushes.Value.Should().NotBeEmpty();
        foreach (var push in Pushes.Value)
        {
            push.Method.Should().Be("POST");
            push.Path.Should().Be("/ingest");
            push.ContentType.Should().Be("application/octet-stream");
            push.Query["format"].Should().Be("pprof");
            push.Query["spyName"].Should().Be("nodespy");
            push.Query["from"].Should().MatchRegex("^[0-9]{10}$", "seconds since the epoch");
            push.Body[..2].Should().Equal(new byte[] { 0x1f, 0x8b });
        }
    }

    [Test]
    public async Task Every_push_parses_into_labelled_wall_or_memory_profiles()
    {
        var parser = new LegacyIngestParser(Intake.Default(), TimeProvider.System, MultipartProfile.ReadAsync);
        var names = new HashSet<string>();
        foreach (var push in Pushes.Value)
        {
            var batch = await parser.ParseAsync(new LegacyIngestRequest(push.Query, push.ContentType, push.Body));
            var profile = batch.Profiles.Should().ContainSingle().Which;
            profile.Label("service_name").Should().Be("hotpath-node-agent");
            profile.Label("region").Should().Be("eu-north");
            profile.Label("pod").Should().Be("pod-7");
            profile.Label("pyroscope_spy").Should().Be("nodespy");
            profile.Label("process.runtime.name").Should().Be("nodejs");
            profile.Label("otel.scope.name").Should().Be("com.grafana.pyroscope/nodejs");
            var name = profile.Label("__name__")!;
            names.Add(name);
            var ids = ProfileTypeMapping.All(profile.Profile, name).Select(t => t.ToString()).ToArray();
            if (name == "wall")
            {
                ids.Should().Equal("wall:samples:count:wall:nanoseconds", "wall:wall:nanoseconds:wall:nanoseconds");
            }
            else
            {
                name.Should().Be("memory");
                ids.Should().Equal("memory:inuse_objects:count:inuse_space:bytes", "memory:inuse_space:bytes:inuse_space:bytes");
            }
        }
        names.Should().BeEquivalentTo(["wall", "memory"]);
    }

    [Test]
    public async Task The_wall_profile_holds_the_workload_and_its_dynamic_labels()
    {
        var parser = new LegacyIngestParser(Intake.Default(), TimeProvider.System, MultipartProfile.ReadAsync);
        var found = false;
        foreach (var push in Pushes.Value)
        {
            var profile = (await parser.ParseAsync(new LegacyIngestRequest(push.Query, push.ContentType, push.Body))).Profiles.Single();
            if (profile.Label("__name__") != "wall")
            {
                continue;
            }
            var merger = new ProfileMerger(groupBy: ["handler"]);
            merger.Add(profile.Profile, profile.Profile.SampleTypeIndex("wall"));
            var checkout = merger.Groups.FirstOrDefault(g => g.LabelValues[0] == "checkout");
            if (checkout is null)
            {
                continue;
            }
            var all = new ProfileMerger();
            all.Add(profile.Profile, profile.Profile.SampleTypeIndex("wall"));
            // @datadog/pprof names frames "<file>:<function>:<line>"; recursion shows fib under fib.
            if (FoldedFormat.Lines(all.Stacks).Any(l => l.Split(';').Count(f => f.EndsWith("agent.js:fib:22", StringComparison.Ordinal)) >= 2))
            {
                found = true;
            }
        }
        found.Should().BeTrue("some wall profile has fib recursion and samples labelled handler=checkout");
    }

    /// <summary>A temporary folder with the agent program and its installed packages.</summary>
    internal static string PrepareAgent()
    {
        var dir = GoReference.TempDirectory("pyroscope-node-agent");
        if (File.Exists(Path.Combine(dir, "node_modules", ".package-lock.json")))
        {
            return dir;
        }
        var source = Path.Combine(GoReference.RepositoryRoot(), "tests", "Hotpath.Plugin.Tests", "Pyroscope", "agent");
        foreach (var file in (string[])["package.json", "package-lock.json", "agent.js"])
        {
            File.Copy(Path.Combine(source, file), Path.Combine(dir, file), overwrite: true);
        }
        if (!Succeeds("node", dir, "--version") || !Succeeds("npm", dir, "--version"))
        {
            const string message = "node/npm not found: install Node.js to run the @pyroscope/nodejs agent";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(message);
            }
            Assert.Ignore(message);
        }
        Run("npm", dir, "ci", "--no-audit", "--no-fund");
        return dir;
    }

    private static IReadOnlyList<CapturedRequest> RunAgent()
    {
        var dir = PrepareAgent();
        using var server = new CaptureServer();
        Run("node", dir, "agent.js", server.Address, "hotpath-node-agent");
        // The agent's last uploads finish before it exits; give the listener a moment to record them.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (server.Requests.Count < 2 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
        }
        return server.Requests;
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

    internal static void Run(string file, string directory, params string[] args)
    {
        var (exit, stdout, stderr) = GoReference.Run(file, args, directory);
        exit.Should().Be(0, $"{file} {string.Join(' ', args)}: {System.Text.Encoding.UTF8.GetString(stdout)} {System.Text.Encoding.UTF8.GetString(stderr)}");
    }
}
