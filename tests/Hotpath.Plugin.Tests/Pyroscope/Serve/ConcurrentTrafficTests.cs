using FluentAssertions;
using Google.Protobuf;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Pprof;
using Hotpath.Plugin.Pyroscope.Wire.Push;
using Hotpath.Plugin.Pyroscope.Wire.Types;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Pyroscope.Serve;

/// <summary>
/// Pushes and queries at the same time on one <c>serve</c>: every request succeeds, every query sees
/// at least what was acknowledged before it started, and the end state is the sum of all pushes.
/// </summary>
[NonParallelizable]
public sealed class ConcurrentTrafficTests
{
    private const int Pushers = 4;
    private const int PushesEach = 15;

    [Test]
    public async Task Pushes_and_queries_interleave_and_every_acknowledged_push_is_visible()
    {
        var cpu = GoProfiles.Cpu;
        var profile = PprofReader.Read(cpu, "cpu");
        var merger = new ProfileMerger();
        merger.Add(profile, profile.SampleTypeIndex("cpu"));
        var cpuTotal = merger.Stacks.Values.ToArray().Sum();
        var data = ServeProcess.NewDataPath();
        await using var server = await ServeProcess.StartAsync(data);
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 3_600_000;
        var end = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 600_000;
        var acknowledged = 0;
        var pushing = true;

        async Task Push(int pusher)
        {
            using var client = new PyroscopeClient(server.Url, json: false);
            for (var n = 0; n < PushesEach; n++)
            {
                var series = new RawProfileSeries();
                series.Labels.Add(new LabelPair { Name = "__name__", Value = "process_cpu" });
                series.Labels.Add(new LabelPair { Name = "service_name", Value = "busy" });
                series.Labels.Add(new LabelPair { Name = "pusher", Value = $"p{pusher}" });
                series.Samples.Add(new RawSample { RawProfile = ByteString.CopyFrom(cpu) });
                var push = new PushRequest();
                push.Series.Add(series);
                await client.PushAsync(push);
                Interlocked.Increment(ref acknowledged);
            }
        }

        async Task<int> Query(bool json)
        {
            using var client = new PyroscopeClient(server.Url, json);
            var queries = 0;
            while (Volatile.Read(ref pushing))
            {
                var seen = Volatile.Read(ref acknowledged);
                var flame = await client.FlameGraphAsync(PyroscopeClient.CpuType, "{service_name=\"busy\"}", start, end);
                flame.Total.Should().BeGreaterThanOrEqualTo(seen * cpuTotal, "a push acknowledged before the query started is visible to it");
                flame.Total.Should().Be(flame.Total / cpuTotal * cpuTotal, "whole pushes only: a push is stored entirely or not at all");
                var series = await client.SeriesAsync(PyroscopeClient.CpuType, "{service_name=\"busy\"}", start, end, 60);
                series.Series.SelectMany(s => s.Points).Sum(p => p.Value).Should().BeGreaterThanOrEqualTo(seen * cpuTotal);
                queries++;
            }
            return queries;
        }

        var queriers = new[] { Task.Run(() => Query(false)), Task.Run(() => Query(true)) };
        await Task.WhenAll(Enumerable.Range(0, Pushers).Select(p => Task.Run(() => Push(p))));
        Volatile.Write(ref pushing, false);
        var answered = await Task.WhenAll(queriers);

        answered.Should().OnlyContain(q => q > 0, "queries ran while pushes were going on");
        using var check = new PyroscopeClient(server.Url, json: false);
        var final = await check.SeriesAsync(PyroscopeClient.CpuType, "{service_name=\"busy\"}", start, end, 3600, "pusher");
        final.Series.Select(s => s.Labels.Single().Value).Should().Equal("p0", "p1", "p2", "p3");
        final.Series.Should().OnlyContain(s => s.Points.Sum(p => p.Value) == PushesEach * cpuTotal);
        (await check.FlameGraphAsync(PyroscopeClient.CpuType, "{}", start, end)).Total.Should().Be(Pushers * PushesEach * cpuTotal);
        await server.StopAsync();
        ServeProcess.DeleteData(data);
    }
}
