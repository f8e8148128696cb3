using System.Text;
using System.Text.Json;
using FluentAssertions;
using Google.Protobuf;
using Grpc.Core;
using Hotpath.Plugin.Pyroscope.Connect;
using Hotpath.Plugin.Pyroscope.Wire.Push;
using Hotpath.Plugin.Pyroscope.Wire.Querier;
using Hotpath.Plugin.Pyroscope.Wire.Types;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Pyroscope;

public sealed class ConnectCodecTests
{
    private static ConnectRequest Json(string body, string? encoding = null, string? version = "1") =>
        new("application/json", encoding, version, Encoding.UTF8.GetBytes(body));

    [Test]
    public void Json_requests_accept_camel_case_and_proto_names_int64_as_strings_or_numbers_and_enums_by_name_or_number()
    {
        var request = Json("""
            {"profileTypeID":"process_cpu:cpu:nanoseconds:cpu:nanoseconds","label_selector":"{service_name=\"shop\"}",
             "start":"1700000000000","end":1700000060000,"groupBy":["region"],"step":15,
             "aggregation":"TIME_SERIES_AGGREGATION_TYPE_AVERAGE","limit":"10","exemplarType":2,"someFutureField":{"x":1}}
            """);
        var decoded = ConnectCodec.Decode(request, ConnectFormat.Json, SelectSeriesRequest.Parser, ConnectLimits.Default);

        decoded.ProfileTypeID.Should().Be("process_cpu:cpu:nanoseconds:cpu:nanoseconds");
        decoded.LabelSelector.Should().Be("{service_name=\"shop\"}");
        decoded.Start.Should().Be(1700000000000);
        decoded.End.Should().Be(1700000060000);
        decoded.GroupBy.Should().Equal("region");
        decoded.Step.Should().Be(15);
        decoded.Aggregation.Should().Be(TimeSeriesAggregationType.Average);
        decoded.HasLimit.Should().BeTrue();
        decoded.Limit.Should().Be(10);
        decoded.ExemplarType.Should().Be(ExemplarType.Individual);
    }

    [Test]
    public void Proto_requests_decode_with_the_field_numbers_pyroscope_uses()
    {
        // Field numbers written by hand, as a Pyroscope client puts them on the wire: SeriesRequest
        // label_names = 2, start = 3; LabelNamesRequest start = 2.
        byte[] series = [0x12, 0x0c, .. "service_name"u8.ToArray(), 0x18, 0x05];
        var decoded = ConnectCodec.Decode(new ConnectRequest("application/proto", null, null, series), ConnectFormat.Proto, SeriesRequest.Parser, ConnectLimits.Default);
        decoded.LabelNames.Should().Equal("service_name");
        decoded.Start.Should().Be(5);

        var answer = new SeriesResponse { LabelsSet = { new Labels { Labels_ = { new LabelPair { Name = "a", Value = "b" } } } } }.ToByteArray();
        answer[0].Should().Be(0x12, "SeriesResponse.labels_set is field 2, length-delimited");
    }

    [Test]
    public void Json_responses_use_camel_case_int64_strings_and_omit_defaults()
    {
        var flame = new SelectMergeStacktracesResponse
        {
            Flamegraph = new FlameGraph { Names = { "total", "main" }, Total = 11100000000, MaxSelf = 2520000000, Levels = { new Level { Values = { 0, 11100000000, 0, 0 } } } },
        };
        var response = ConnectCodec.Encode(flame, ConnectFormat.Json);

        response.Status.Should().Be(200);
        response.ContentType.Should().Be("application/json");
        using var json = JsonDocument.Parse(response.Body);
        var graph = json.RootElement.GetProperty("flamegraph");
        graph.GetProperty("total").GetString().Should().Be("11100000000");
        graph.GetProperty("maxSelf").GetString().Should().Be("2520000000");
        graph.GetProperty("levels")[0].GetProperty("values").EnumerateArray().Select(v => v.GetString()).Should().Equal("0", "11100000000", "0", "0");
        json.RootElement.TryGetProperty("tree", out _).Should().BeFalse("default-valued fields are left out");

        var point = ConnectCodec.Encode(new Point { Value = 270000000, Timestamp = 1779729327372 }, ConnectFormat.Json);
        using var pointJson = JsonDocument.Parse(point.Body);
        pointJson.RootElement.GetProperty("value").ValueKind.Should().Be(JsonValueKind.Number, "double stays a number");
        pointJson.RootElement.GetProperty("timestamp").GetString().Should().Be("1779729327372");

        var type = ConnectCodec.Encode(new ProfileType { ID = "a:b:c:d:e", SampleType = "b" }, ConnectFormat.Json);
        using var typeJson = JsonDocument.Parse(type.Body);
        typeJson.RootElement.GetProperty("ID").GetString().Should().Be("a:b:c:d:e");
        typeJson.RootElement.GetProperty("sampleType").GetString().Should().Be("b");
    }

    [Test]
    public void Gzip_request_bodies_are_inflated()
    {
        var push = new PushRequest { Series = { new RawProfileSeries { Labels = { new LabelPair { Name = "service_name", Value = "shop" } } } } };
        var gz = GoProfiles.Gzip(push.ToByteArray());
        var decoded = ConnectCodec.Decode(new ConnectRequest("application/proto", "gzip", null, gz), ConnectFormat.Proto, PushRequest.Parser, ConnectLimits.Default);
        decoded.Should().Be(push);
    }

    [Test]
    public void A_gzip_bomb_is_refused_as_resource_exhausted_without_inflating_it_all()
    {
        var bomb = GoProfiles.Gzip(new byte[64 * 1024 * 1024]);
        bomb.Length.Should().BeLessThan(1024 * 1024);
        var act = () => ConnectCodec.Decode(new ConnectRequest("application/proto", "gzip", null, bomb), ConnectFormat.Proto, PushRequest.Parser, new ConnectLimits { MaxBytes = 1024 * 1024 });
        act.Should().Throw<ConnectException>().Where(e => e.Code == StatusCode.ResourceExhausted && e.Message.Contains("1048576"));
    }

    [TestCase(new byte[] { 0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }, TestName = "Corrupt gzip")]
    [TestCase(new byte[] { 0x41, 0x42, 0x43 }, TestName = "Not gzip at all")]
    public void Corrupt_gzip_bodies_are_invalid_argument(byte[] body)
    {
        var act = () => ConnectCodec.Decode(new ConnectRequest("application/proto", "gzip", null, body), ConnectFormat.Proto, PushRequest.Parser, ConnectLimits.Default);
        act.Should().Throw<ConnectException>().Where(e => e.Code == StatusCode.InvalidArgument && e.Message.StartsWith("decompress gzip request body"));
    }

    [Test]
    public void A_truncated_gzip_body_is_refused()
    {
        var gz = GoProfiles.Gzip(new PushRequest { Series = { new RawProfileSeries() } }.ToByteArray());
        var act = () => ConnectCodec.Decode(new ConnectRequest("application/proto", "gzip", null, gz[..^6]), ConnectFormat.Proto, PushRequest.Parser, ConnectLimits.Default);
        act.Should().Throw<ConnectException>().Where(e => e.Code == StatusCode.InvalidArgument);
    }

    [Test]
    public void Garbage_protobuf_is_invalid_argument_naming_the_message_type()
    {
        var act = () => ConnectCodec.Decode(new ConnectRequest("application/proto", null, null, new byte[] { 0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01 }), ConnectFormat.Proto, PushRequest.Parser, ConnectLimits.Default);
        act.Should().Throw<ConnectException>().Where(e => e.Code == StatusCode.InvalidArgument && e.Message.StartsWith("unmarshal into push.v1.PushRequest: "));
    }

    [TestCase("", "zero-length payload")]
    [TestCase("{\"start\":\"soon\"}", "unmarshal into querier.v1.SeriesRequest")]
    [TestCase("[1,2]", "unmarshal into querier.v1.SeriesRequest")]
    [TestCase("{\"start\":", "unmarshal into querier.v1.SeriesRequest")]
    public void Malformed_json_is_invalid_argument(string body, string expected)
    {
        var act = () => ConnectCodec.Decode(Json(body), ConnectFormat.Json, SeriesRequest.Parser, ConnectLimits.Default);
        act.Should().Throw<ConnectException>().Where(e => e.Code == StatusCode.InvalidArgument && e.Message.Contains(expected));
    }

    [Test]
    public void A_protocol_version_other_than_1_is_refused_and_a_missing_one_is_accepted()
    {
        var act = () => ConnectCodec.Decode(Json("{}", version: "2"), ConnectFormat.Json, SeriesRequest.Parser, ConnectLimits.Default);
        act.Should().Throw<ConnectException>().Where(e => e.Code == StatusCode.InvalidArgument && e.Message.Contains("\"2\""));
        ConnectCodec.Decode(Json("{}", version: null), ConnectFormat.Json, SeriesRequest.Parser, ConnectLimits.Default).Should().Be(new SeriesRequest());
    }

    [Test]
    public void Unknown_compression_is_unimplemented()
    {
        var act = () => ConnectCodec.Decode(Json("{}", encoding: "br"), ConnectFormat.Json, SeriesRequest.Parser, ConnectLimits.Default);
        act.Should().Throw<ConnectException>().Where(e => e.Code == StatusCode.Unimplemented && e.Message.Contains("\"br\""));
    }

    [Test]
    public void Oversized_bodies_are_resource_exhausted()
    {
        var act = () => ConnectCodec.Decode(Json(new string(' ', 2000) + "{}"), ConnectFormat.Json, SeriesRequest.Parser, new ConnectLimits { MaxBytes = 1000 });
        act.Should().Throw<ConnectException>().Where(e => e.Code == StatusCode.ResourceExhausted && e.Message == "request body too large: limit 1000 bytes");
    }

    [TestCase(StatusCode.Cancelled, 499, "canceled")]
    [TestCase(StatusCode.Unknown, 500, "unknown")]
    [TestCase(StatusCode.InvalidArgument, 400, "invalid_argument")]
    [TestCase(StatusCode.DeadlineExceeded, 504, "deadline_exceeded")]
    [TestCase(StatusCode.NotFound, 404, "not_found")]
    [TestCase(StatusCode.AlreadyExists, 409, "already_exists")]
    [TestCase(StatusCode.PermissionDenied, 403, "permission_denied")]
    [TestCase(StatusCode.ResourceExhausted, 429, "resource_exhausted")]
    [TestCase(StatusCode.FailedPrecondition, 400, "failed_precondition")]
    [TestCase(StatusCode.Aborted, 409, "aborted")]
    [TestCase(StatusCode.OutOfRange, 400, "out_of_range")]
    [TestCase(StatusCode.Unimplemented, 501, "unimplemented")]
    [TestCase(StatusCode.Internal, 500, "internal")]
    [TestCase(StatusCode.Unavailable, 503, "unavailable")]
    [TestCase(StatusCode.DataLoss, 500, "data_loss")]
    [TestCase(StatusCode.Unauthenticated, 401, "unauthenticated")]
    public void Errors_carry_the_connect_status_and_json_body(StatusCode code, int status, string name)
    {
        var response = ConnectCodec.Error(new ConnectException(code, "missing time range in the query \"quoted\""));
        response.Status.Should().Be(status);
        response.ContentType.Should().Be("application/json");
        using var json = JsonDocument.Parse(response.Body);
        json.RootElement.GetProperty("code").GetString().Should().Be(name);
        json.RootElement.GetProperty("message").GetString().Should().Be("missing time range in the query \"quoted\"");
    }

    [Test]
    public async Task A_call_answers_in_the_request_codec_and_errors_in_json()
    {
        Task<IMessage> Names(LabelNamesRequest r, CancellationToken _) => r.Start == 0
            ? throw ConnectException.InvalidArgument("missing time range in the query")
            : Task.FromResult<IMessage>(new LabelNamesResponse { Names = { "__name__", "service_name" } });

        var proto = await ConnectCodec.HandleAsync(new ConnectRequest("application/proto", null, null, new LabelNamesRequest { Start = 1, End = 2 }.ToByteArray()),
            LabelNamesRequest.Parser, Names, null, CancellationToken.None);
        proto.Status.Should().Be(200);
        proto.ContentType.Should().Be("application/proto");
        LabelNamesResponse.Parser.ParseFrom(proto.Body).Names.Should().Equal("__name__", "service_name");

        var json = await ConnectCodec.HandleAsync(Json("{\"start\":\"1\",\"end\":\"2\"}"), LabelNamesRequest.Parser, Names, null, CancellationToken.None);
        json.ContentType.Should().Be("application/json");
        Encoding.UTF8.GetString(json.Body).Should().Contain("\"names\"");

        var failed = await ConnectCodec.HandleAsync(new ConnectRequest("application/proto", null, null, Array.Empty<byte>()), LabelNamesRequest.Parser, Names, null, CancellationToken.None);
        failed.Status.Should().Be(400);
        failed.ContentType.Should().Be("application/json");
        Encoding.UTF8.GetString(failed.Body).Should().Be("{\"code\":\"invalid_argument\",\"message\":\"missing time range in the query\"}");
    }

    [TestCase("text/plain")]
    [TestCase(null)]
    [TestCase("application/grpc")]
    public async Task Unsupported_content_types_get_415_with_accept_post(string? contentType)
    {
        var response = await ConnectCodec.HandleAsync(new ConnectRequest(contentType, null, null, Array.Empty<byte>()), LabelNamesRequest.Parser,
            (_, _) => Task.FromResult<IMessage>(new LabelNamesResponse()), null, CancellationToken.None);
        response.Status.Should().Be(415);
        response.Headers.Should().Contain(new KeyValuePair<string, string>("Accept-Post", "application/proto, application/json"));
    }

    [Test]
    public void Json_content_type_parameters_are_ignored()
    {
        ConnectCodec.TryGetFormat("application/json; charset=utf-8", out var format).Should().BeTrue();
        format.Should().Be(ConnectFormat.Json);
        ConnectCodec.TryGetFormat("Application/Proto", out format).Should().BeTrue();
        format.Should().Be(ConnectFormat.Proto);
    }
}
