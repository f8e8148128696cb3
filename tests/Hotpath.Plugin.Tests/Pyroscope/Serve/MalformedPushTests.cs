using System.Net;
using System.Net.Http.Headers;
using FluentAssertions;
using Google.Protobuf;
using Hotpath.Plugin.Pyroscope.Wire.Push;
using Hotpath.Plugin.Pyroscope.Wire.Querier;
using Hotpath.Plugin.Pyroscope.Wire.Types;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Pyroscope.Serve;

/// <summary>
/// Malformed pushes to a real <c>serve</c> are answered 4xx with Pyroscope's messages, and nothing
/// of them is stored — checked through the query API once all of them have been sent.
/// </summary>
[NonParallelizable]
public sealed class MalformedPushTests
{
    private ServeProcess _server = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _server = await ServeProcess.StartAsync(ServeProcess.NewDataPath());
        _http = new HttpClient { BaseAddress = _server.Url };
    }

    /// <summary>After every refusal: nothing at all is stored (a failed TearDown fails the test).</summary>
    [TearDown]
    public async Task NothingWasStored()
    {
        using var client = new PyroscopeClient(_server.Url, json: true);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var stats = await client.QueryAsync("GetProfileStats", new GetProfileStatsRequest(), GetProfileStatsResponse.Parser);
        stats.DataIngested.Should().BeFalse("no refused push may leave data behind");
        (await client.LabelValuesAsync("service_name", now - 86_400_000, now + 600_000)).Names.Should().BeEmpty();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        ServeProcess.DeleteData(_server.DataPath);
    }

    private static RawProfileSeries Series(byte[] profile, params (string Name, string Value)[] labels)
    {
        var series = new RawProfileSeries();
        foreach (var (name, value) in labels)
        {
            series.Labels.Add(new LabelPair { Name = name, Value = value });
        }
        series.Samples.Add(new RawSample { RawProfile = ByteString.CopyFrom(profile) });
        return series;
    }

    private async Task<(HttpStatusCode Status, string Code, string Message)> PushAsync(byte[] body, string contentType = "application/proto", string? encoding = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (encoding is not null)
        {
            content.Headers.ContentEncoding.Add(encoding);
        }
        var response = await _http.PostAsync("/push.v1.PusherService/Push", content);
        var (code, message) = PyroscopeClient.Error(await response.Content.ReadAsByteArrayAsync());
        return (response.StatusCode, code, message);
    }

    private Task<(HttpStatusCode Status, string Code, string Message)> PushAsync(params RawProfileSeries[] series)
    {
        var push = new PushRequest();
        push.Series.AddRange(series);
        return PushAsync(push.ToByteArray());
    }

    [Test]
    public async Task Corrupt_gzip_profile()
    {
        var broken = GoProfiles.Cpu[..200];
        var (status, code, message) = await PushAsync(Series(broken, ("__name__", "process_cpu"), ("service_name", "bad-gzip")));

        status.Should().Be(HttpStatusCode.BadRequest);
        code.Should().Be("invalid_argument");
        message.Should().StartWith("failed to decompress profile: ");
    }

    [Test]
    public async Task Garbage_protobuf_body()
    {
        var (status, code, message) = await PushAsync([0xff, 0xff, 0xff, 0x01, 0x02]);

        status.Should().Be(HttpStatusCode.BadRequest);
        code.Should().Be("invalid_argument");
        message.Should().StartWith("unmarshal into push.v1.PushRequest: ");
    }

    [Test]
    public async Task Profile_that_is_not_pprof()
    {
        var (status, _, message) = await PushAsync(Series("this is not a profile"u8.ToArray(), ("__name__", "process_cpu"), ("service_name", "not-pprof")));

        status.Should().Be(HttpStatusCode.BadRequest);
        message.Should().StartWith("failed to parse profile: ");
    }

    [Test]
    public async Task Profile_inflating_past_the_limit()
    {
        var bomb = GoProfiles.Gzip(new byte[5 * 1024 * 1024]);
        var (status, _, message) = await PushAsync(Series(bomb, ("__name__", "process_cpu"), ("service_name", "bomb")));

        status.Should().Be(HttpStatusCode.BadRequest);
        message.Should().Be("uncompressed profile payload size exceeds limit of 4.2 MB");
    }

    [Test]
    public async Task Duplicate_label_refuses_the_whole_request_with_its_good_series()
    {
        var good = Series(GoProfiles.Cpu, ("__name__", "process_cpu"), ("service_name", "good-in-bad-request"));
        var bad = Series(GoProfiles.Cpu, ("__name__", "process_cpu"), ("service_name", "dup"), ("pod", "a"), ("pod", "b"));

        var (status, _, message) = await PushAsync(good, bad);

        status.Should().Be(HttpStatusCode.BadRequest);
        message.Should().Be("profile with labels '{__name__=\"process_cpu\", pod=\"a\", pod=\"b\", service_name=\"dup\"}' has duplicate label name: 'pod'");
    }

    [Test]
    public async Task Missing_metric_name()
    {
        var (status, _, message) = await PushAsync(Series(GoProfiles.Cpu, ("service_name", "no-name")));

        status.Should().Be(HttpStatusCode.BadRequest);
        message.Should().Be("invalid labels '{service_name=\"no-name\"}' with error: invalid metric name");
    }

    [Test]
    public async Task Empty_service_name()
    {
        var (status, _, message) = await PushAsync(Series(GoProfiles.Cpu, ("__name__", "process_cpu"), ("service_name", "")));

        status.Should().Be(HttpStatusCode.BadRequest);
        message.Should().Be("invalid labels '{__name__=\"process_cpu\", service_name=\"\"}' with error: service name is not provided");
    }

    [Test]
    public async Task Corrupt_gzip_request_body()
    {
        var (status, code, message) = await PushAsync([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02], "application/json", "gzip");

        status.Should().Be(HttpStatusCode.BadRequest);
        code.Should().Be("invalid_argument");
        message.Should().StartWith("decompress gzip request body: ");
    }

    [Test]
    public async Task Unsupported_content_type_is_415()
    {
        var response = await _http.PostAsync("/push.v1.PusherService/Push", new StringContent("x"));

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        response.Headers.GetValues("Accept-Post").Should().ContainSingle().Which.Should().Be("application/proto, application/json");
    }

    [TestCase("/ingest?format=folded", "main;work 1", HttpStatusCode.BadRequest, "name: service name is required")]
    [TestCase("/ingest?name=bad%7Bregion%7D&format=folded", "main;work 1", HttpStatusCode.BadRequest, "name: label \"region\" has no '=' in \"bad{region}\"")]
    [TestCase("/ingest?name=bad.nosuchtype&format=folded", "main;work 1", HttpStatusCode.BadRequest, "unknown profile type: nosuchtype")]
    [TestCase("/ingest?name=bad&format=folded&from=yesterday", "main;work 1", HttpStatusCode.BadRequest,
        "from: \"yesterday\" is not a time (Unix seconds, ms, µs or ns, YYYYMMDD, now or now-<n><unit>)")]
    [TestCase("/ingest?name=bad&format=pprof", "not a profile", HttpStatusCode.UnprocessableEntity, "failed to parse profile: *")]
    [TestCase("/pyroscope/ingest?name=bad&format=pprof", "", HttpStatusCode.UnprocessableEntity, "empty profile: the request carried no pprof bytes")]
    public async Task Legacy_ingest_refusals(string path, string body, HttpStatusCode expected, string expectedMessage)
    {
        var content = new StringContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        var response = await _http.PostAsync(path, content);

        response.StatusCode.Should().Be(expected);
        var (_, message) = PyroscopeClient.Error(await response.Content.ReadAsByteArrayAsync());
        message.Should().Match(expectedMessage);
    }

    [Test]
    public async Task Bad_queries_are_invalid_argument_with_pyroscopes_messages()
    {
        using var client = new PyroscopeClient(_server.Url, json: true);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        (await client.FailAsync("/querier.v1.QuerierService/LabelNames", new LabelNamesRequest()))
            .Should().Be((HttpStatusCode.BadRequest, "invalid_argument", "missing time range in the query"));
        (await client.FailAsync("/querier.v1.QuerierService/SelectMergeStacktraces",
                new SelectMergeStacktracesRequest { ProfileTypeID = "cpu", LabelSelector = "{}", Start = now - 1000, End = now }))
            .Message.Should().Be("profile-type selection must be of the form <name>:<sample-type>:<sample-unit>:<period-type>:<period-unit>(:delta), got(1): \"cpu\"");
        var badSelector = await client.FailAsync("/querier.v1.QuerierService/SelectMergeStacktraces",
            new SelectMergeStacktracesRequest { ProfileTypeID = PyroscopeClient.CpuType, LabelSelector = "{service_name=}", Start = now - 1000, End = now });
        badSelector.Status.Should().Be(HttpStatusCode.BadRequest);
        badSelector.Message.Should().Contain("parse error");
        (await client.FailAsync("/querier.v1.QuerierService/SelectSeries",
                new SelectSeriesRequest { ProfileTypeID = PyroscopeClient.CpuType, LabelSelector = "{}", Start = now - 1000, End = now, Step = 0 }))
            .Message.Should().Be("step must be >= 1ms");
        (await client.FailAsync("/querier.v1.QuerierService/LabelValues", new LabelValuesRequest { Start = now - 1000, End = now }))
            .Message.Should().Be("name is required");
        (await client.FailAsync("/querier.v1.QuerierService/AnalyzeQuery", new GetProfileStatsRequest()))
            .Should().Be((HttpStatusCode.NotImplemented, "unimplemented", "querier.v1.QuerierService/AnalyzeQuery is not implemented by Hotpath"));
    }
}
