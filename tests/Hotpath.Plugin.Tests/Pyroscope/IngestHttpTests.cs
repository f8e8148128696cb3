using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using Google.Protobuf;
using Hotpath.Plugin.Pyroscope.Http;
using Hotpath.Plugin.Pyroscope.Wire.Push;
using Hotpath.Plugin.Pyroscope.Wire.Types;
using Hotpath.Query.Ingest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Pyroscope;

/// <summary>
/// The ingest endpoints over real HTTP (Kestrel on loopback, wired through <see cref="PyroscopeHttp"/>
/// as the standalone server wires them), with real clients: HttpClient and the @pyroscope/nodejs agent.
/// </summary>
[NonParallelizable]
public sealed class IngestHttpTests
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private readonly List<IngestBatch> _stored = [];

    [OneTimeSetUp]
    public async Task Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1024);
        _app = builder.Build();
        var intake = Intake.Default(limits: new IngestLimits { MaxRequestBytes = 8 * 1024 * 1024 });
        var push = new PushParser(intake);
        var ingest = new LegacyIngestParser(intake, TimeProvider.System, MultipartProfile.ReadAsync);
        var store = new Recorder(_stored);
        _app.MapPost("/push.v1.PusherService/Push", http => PyroscopeHttp.PushAsync(http, push, store));
        _app.MapPost("/ingest", http => PyroscopeHttp.IngestAsync(http, ingest, store));
        _app.MapPost("/querier.v1.QuerierService/LabelNames", http => PyroscopeHttp.UnaryAsync(http, LabelNamesRequest.Parser, LabelNames));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    private static Task<IMessage> LabelNames(LabelNamesRequest request, CancellationToken cancellationToken)
    {
        Hotpath.Query.Querier.QueryChecks.TimeRange(request.Start, request.End);
        return Task.FromResult<IMessage>(new LabelNamesResponse { Names = { "__name__", "service_name" } });
    }

    /// <summary>Keeps every batch it is handed.</summary>
    private sealed class Recorder(List<IngestBatch> stored) : IIngestTarget
    {
        public Task WriteAsync(IngestBatch batch, CancellationToken cancellationToken)
        {
            lock (stored)
            {
                stored.Add(batch);
            }
            return Task.CompletedTask;
        }
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private int StoredCount()
    {
        lock (_stored)
        {
            return _stored.Count;
        }
    }

    private static PushRequest Push(byte[] profile, params (string, string)[] labels)
    {
        var series = new RawProfileSeries { Samples = { new RawSample { RawProfile = ByteString.CopyFrom(profile) } } };
        series.Labels.AddRange(labels.Select(l => new LabelPair { Name = l.Item1, Value = l.Item2 }));
        return new PushRequest { Series = { series } };
    }

    [Test]
    public async Task A_gzip_binary_push_as_pyroscope_rs_sends_it_is_stored_and_answered_with_an_empty_message()
    {
        var before = StoredCount();
        var content = new ByteArrayContent(GoProfiles.Gzip(Push(GoProfiles.Cpu, ("__name__", "process_cpu"), ("service_name", "rs-app")).ToByteArray()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/proto");
        content.Headers.ContentEncoding.Add("gzip");
        var response = await _client.PostAsync("/push.v1.PusherService/Push", content);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/proto");
        (await response.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
        StoredCount().Should().Be(before + 1);
    }

    [Test]
    public async Task A_json_push_is_answered_with_an_empty_json_object()
    {
        var json = JsonFormatter.Default.Format(Push(GoProfiles.Heap, ("__name__", "memory"), ("service_name", "json-app")));
        var response = await _client.PostAsync("/push.v1.PusherService/Push", new StringContent(json, Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Trim().Should().Be("{ }");
    }

    [Test]
    public async Task A_refused_push_stores_nothing_and_answers_the_connect_error()
    {
        var before = StoredCount();
        var content = new ByteArrayContent(Push(GoProfiles.Gzip(new byte[40 * 1024 * 1024]), ("__name__", "process_cpu"), ("service_name", "bomb")).ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/proto");
        var response = await _client.PostAsync("/push.v1.PusherService/Push", content);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("code").GetString().Should().Be("invalid_argument");
        body.RootElement.GetProperty("message").GetString().Should().Be("uncompressed profile payload size exceeds limit of 4.2 MB");
        StoredCount().Should().Be(before);
    }

    [Test]
    public async Task Oversized_and_wrongly_typed_pushes_get_413_and_415()
    {
        var big = new ByteArrayContent(new byte[9 * 1024 * 1024]);
        big.Headers.ContentType = new MediaTypeHeaderValue("application/proto");
        var tooLarge = await _client.PostAsync("/push.v1.PusherService/Push", big);
        tooLarge.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge, "the same answer as /ingest's for a body over the limit");
        (await tooLarge.Content.ReadAsStringAsync()).Should().Be("{\"code\":\"resource_exhausted\",\"message\":\"request body too large: limit 8388608 bytes\"}");

        var text = await _client.PostAsync("/push.v1.PusherService/Push", new StringContent("hello", Encoding.UTF8, "text/plain"));
        text.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        text.Headers.GetValues("Accept-Post").Single().Should().Be("application/proto, application/json");
    }

    [Test]
    public async Task Ingest_errors_carry_their_status_and_json_body()
    {
        var before = StoredCount();
        var response = await _client.PostAsync("/ingest?name=app{region=eu", new StringContent("a;b 1"));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Be("{\"code\":\"invalid_argument\",\"message\":\"name: missing '}' after the labels in \\\"app{region=eu\\\"\"}");

        var jfr = await _client.PostAsync("/ingest?name=app&format=jfr", new ByteArrayContent([1, 2, 3]));
        jfr.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await jfr.Content.ReadAsStringAsync()).Should().Contain("format jfr is not supported");

        var big = await _client.PostAsync("/ingest?name=app", new ByteArrayContent(new byte[9 * 1024 * 1024]));
        big.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await big.Content.ReadAsStringAsync()).Should().Be("{\"code\":\"resource_exhausted\",\"message\":\"request body too large: limit 8388608 bytes\"}");
        StoredCount().Should().Be(before);
    }

    [Test]
    public async Task A_query_rpc_answers_json_with_json_and_bad_requests_with_the_connect_error()
    {
        var ok = await _client.PostAsync("/querier.v1.QuerierService/LabelNames", new StringContent("{\"start\":\"1\",\"end\":2}", Encoding.UTF8, "application/json"));
        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        using (var body = JsonDocument.Parse(await ok.Content.ReadAsStringAsync()))
        {
            body.RootElement.GetProperty("names").EnumerateArray().Select(n => n.GetString()).Should().Equal("__name__", "service_name");
        }

        var proto = new ByteArrayContent(new LabelNamesRequest().ToByteArray());
        proto.Headers.ContentType = new MediaTypeHeaderValue("application/proto");
        var missing = await _client.PostAsync("/querier.v1.QuerierService/LabelNames", proto);
        missing.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await missing.Content.ReadAsStringAsync()).Should().Be("{\"code\":\"invalid_argument\",\"message\":\"missing time range in the query\"}");
    }

    [Test]
    public async Task The_nodejs_agent_pushes_through_http_and_every_upload_is_stored()
    {
        var before = StoredCount();
        var dir = NodeAgentTests.PrepareAgent();
        var address = _client.BaseAddress!.ToString().TrimEnd('/');
        NodeAgentTests.Run("node", dir, "agent.js", address, "http-node-agent");
        await Task.Delay(200);
        lock (_stored)
        {
            var mine = _stored.Skip(before).SelectMany(b => b.Profiles).Where(p => p.Label("service_name") == "http-node-agent").ToList();
            mine.Select(p => p.Label("__name__")).Distinct().Should().BeEquivalentTo(["wall", "memory"]);
        }
    }
}
