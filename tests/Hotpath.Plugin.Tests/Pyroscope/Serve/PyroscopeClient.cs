using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FluentAssertions;
using Google.Protobuf;
using Hotpath.Plugin.Pyroscope.Wire.Push;
using Hotpath.Plugin.Pyroscope.Wire.Querier;
using Hotpath.Plugin.Pyroscope.Wire.Types;

namespace Hotpath.Plugin.Tests.Pyroscope.Serve;

/// <summary>
/// A Connect client for the standalone server, in either codec, written from the protocol (not
/// Hotpath's own codec), so the tests check what goes over the wire.
/// </summary>
internal sealed class PyroscopeClient(Uri baseUrl, bool json) : IDisposable
{
    public const string CpuType = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";

    private static readonly JsonParser Json = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
    private readonly HttpClient _http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };

    public bool UsesJson => json;

    public HttpClient Http => _http;

    /// <summary>Calls <c>/querier.v1.QuerierService/<paramref name="method"/></c>; fails the test on a non-200 answer.</summary>
    public async Task<TResponse> QueryAsync<TResponse>(string method, IMessage request, MessageParser<TResponse> parser, bool utf8LabelNames = false)
        where TResponse : IMessage<TResponse>
    {
        var (status, body) = await CallAsync("/querier.v1.QuerierService/" + method, request, utf8LabelNames);
        status.Should().Be(HttpStatusCode.OK, $"{method} answered {System.Text.Encoding.UTF8.GetString(body)}");
        return json ? (TResponse)Json.Parse(System.Text.Encoding.UTF8.GetString(body), parser.ParseFrom(ByteString.Empty).Descriptor) : parser.ParseFrom(body);
    }

    /// <summary>The status and the Connect error body of a call expected to fail.</summary>
    public async Task<(HttpStatusCode Status, string Code, string Message)> FailAsync(string path, IMessage request)
    {
        var (status, body) = await CallAsync(path, request, false);
        var (code, message) = Error(body);
        return (status, code, message);
    }

    public static (string Code, string Message) Error(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        return (doc.RootElement.GetProperty("code").GetString()!, doc.RootElement.GetProperty("message").GetString()!);
    }

    public async Task PushAsync(PushRequest push)
    {
        var (status, body) = await CallAsync("/push.v1.PusherService/Push", push, false);
        status.Should().Be(HttpStatusCode.OK, System.Text.Encoding.UTF8.GetString(body));
    }

    public async Task<(HttpStatusCode Status, byte[] Body)> CallAsync(string path, IMessage request, bool utf8LabelNames)
    {
        using var content = json
            ? new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(request)))
            : new ByteArrayContent(request.ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue(json ? "application/json" : "application/proto");
        using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        message.Headers.Add("Connect-Protocol-Version", "1");
        if (utf8LabelNames)
        {
            message.Headers.TryAddWithoutValidation("Accept", "application/json; allow-utf8-labelnames=true");
        }
        using var response = await _http.SendAsync(message);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    public Task<LabelValuesResponse> LabelValuesAsync(string name, long startMs, long endMs, params string[] matchers)
    {
        var request = new LabelValuesRequest { Name = name, Start = startMs, End = endMs };
        request.Matchers.AddRange(matchers);
        return QueryAsync("LabelValues", request, LabelValuesResponse.Parser);
    }

    public Task<FlameGraph> FlameGraphAsync(string profileType, string selector, long startMs, long endMs, long maxNodes = 0) =>
        QueryAsync("SelectMergeStacktraces",
            new SelectMergeStacktracesRequest { ProfileTypeID = profileType, LabelSelector = selector, Start = startMs, End = endMs, MaxNodes = maxNodes },
            SelectMergeStacktracesResponse.Parser).ContinueWith(t => t.Result.Flamegraph, TaskScheduler.Default);

    public Task<SelectSeriesResponse> SeriesAsync(string profileType, string selector, long startMs, long endMs, double stepSeconds, params string[] groupBy)
    {
        var request = new SelectSeriesRequest { ProfileTypeID = profileType, LabelSelector = selector, Start = startMs, End = endMs, Step = stepSeconds };
        request.GroupBy.AddRange(groupBy);
        return QueryAsync("SelectSeries", request, SelectSeriesResponse.Parser);
    }

    public void Dispose() => _http.Dispose();
}
