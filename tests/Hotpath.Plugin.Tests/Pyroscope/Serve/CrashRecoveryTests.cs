using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using FluentAssertions;
using Google.Protobuf;
using Hotpath.Plugin.Pyroscope.Wire.Push;
using Hotpath.Plugin.Pyroscope.Wire.Types;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Pyroscope.Serve;

/// <summary>
/// kill -9 in the middle of a stream of pushes (Push and /ingest, four clients at once), restart on
/// the same --data, twice in a row: every push that was acknowledged with a 200 is there.
/// </summary>
[NonParallelizable]
public sealed class CrashRecoveryTests
{
    private readonly ConcurrentDictionary<string, byte> _acknowledged = new();

    [Test]
    public async Task Every_acknowledged_push_survives_SIGKILL()
    {
        var data = ServeProcess.NewDataPath();
        var cpu = GoProfiles.Cpu;
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        try
        {
            for (var round = 0; round < 2; round++)
            {
                await using var server = await ServeProcess.StartAsync(data);
                var before = _acknowledged.Count;
                using var stop = new CancellationTokenSource();
                var pushers = Enumerable.Range(0, 4).Select(p => Task.Run(() => PushUntilFailureAsync(server.Url, round, p, cpu, stop.Token))).ToArray();
                // Let a stream build up, then kill while requests are in flight.
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (_acknowledged.Count < before + 40 && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(20);
                }
                server.KillHard();
                await stop.CancelAsync();
                await Task.WhenAll(pushers);
                (_acknowledged.Count - before).Should().BeGreaterThanOrEqualTo(40, "pushes were acknowledged before the kill");
            }

            await using var restarted = await ServeProcess.StartAsync(data);
            using var client = new PyroscopeClient(restarted.Url, json: false);
            var end = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 60_000;
            var stored = new HashSet<string>();
            foreach (var service in new[] { "crash-push", "crash-ingest" })
            {
                stored.UnionWith((await client.LabelValuesAsync("seq", start, end, $"{{service_name=\"{service}\"}}")).Names.Select(s => service + "/" + s));
            }
            stored.Should().Contain(_acknowledged.Keys);
            for (var i = 0; i < 50 && !restarted.Stderr.Contains("embedded store at", StringComparison.Ordinal); i++)
            {
                await Task.Delay(100);
            }
            restarted.Stderr.Should().Contain("integrity ok", "the store checked itself after an unclean stop");

            // The folded uploads' own frames are there too, with their values.
            var flame = await client.FlameGraphAsync(PyroscopeClient.CpuType, "{service_name=\"crash-ingest\"}", start, end, maxNodes: 1 << 20);
            foreach (var key in _acknowledged.Keys.Where(k => k.StartsWith("crash-ingest/", StringComparison.Ordinal)))
            {
                flame.Names.Should().Contain("step_" + key["crash-ingest/".Length..].Replace('-', '_'));
            }
        }
        finally
        {
            ServeProcess.DeleteData(data);
        }
    }

    private async Task PushUntilFailureAsync(Uri url, int round, int pusher, byte[] cpu, CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var seq = $"{round}-{pusher}-{n}";
            try
            {
                HttpResponseMessage response;
                string key;
                if (pusher % 2 == 0)
                {
                    var series = new RawProfileSeries();
                    series.Labels.Add(new LabelPair { Name = "__name__", Value = "process_cpu" });
                    series.Labels.Add(new LabelPair { Name = "service_name", Value = "crash-push" });
                    series.Labels.Add(new LabelPair { Name = "seq", Value = seq });
                    series.Samples.Add(new RawSample { RawProfile = ByteString.CopyFrom(cpu) });
                    var push = new PushRequest();
                    push.Series.Add(series);
                    var content = new ByteArrayContent(push.ToByteArray());
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/proto");
                    response = await http.PostAsync("/push.v1.PusherService/Push", content, CancellationToken.None);
                    key = "crash-push/" + seq;
                }
                else
                {
                    var content = new StringContent($"main;work;step_{seq.Replace('-', '_')} {n + 1}\n");
                    var from = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                    response = await http.PostAsync($"/ingest?name=crash-ingest%7Bseq%3D{seq}%7D&format=folded&from={from}", content, CancellationToken.None);
                    key = "crash-ingest/" + seq;
                }
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    _acknowledged[key] = 0;
                }
                else
                {
                    Assert.Fail($"push {seq} answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
            catch (HttpRequestException)
            {
                return; // the server is gone: this push was never acknowledged
            }
            catch (TaskCanceledException)
            {
                return;
            }
        }
    }
}
