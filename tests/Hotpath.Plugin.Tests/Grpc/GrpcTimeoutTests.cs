using FluentAssertions;
using Hotpath.Plugin.Grpc;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Grpc;

public class GrpcTimeoutTests
{
    [TestCase("2H", 2 * 3600_000.0)]
    [TestCase("3M", 180_000.0)]
    [TestCase("5S", 5_000.0)]
    [TestCase("250m", 250.0)]
    [TestCase("1500u", 1.5)]
    [TestCase("99999999n", 99.9999)]
    public void Parse_EveryUnit(string header, double milliseconds) =>
        GrpcTimeout.Parse(header)!.Value.TotalMilliseconds.Should().BeApproximately(milliseconds, 0.001);

    [Test]
    public void Parse_Absent_IsNoDeadline() => GrpcTimeout.Parse(null).Should().BeNull();

    [TestCase("S")]
    [TestCase("10")]
    [TestCase("10x")]
    [TestCase("-5S")]
    [TestCase("123456789S")]
    public void Parse_Malformed_Throws(string header) =>
        FluentActions.Invoking(() => GrpcTimeout.Parse(header)).Should().Throw<GrpcException>().Which.Message.Should().Contain(header);

    [TestCase("plain text", "plain text")]
    [TestCase("100% sure", "100%25 sure")]
    [TestCase("line\nbreak", "line%0Abreak")]
    [TestCase("café", "caf%C3%A9")]
    public void PercentEncode_EscapesWhatHttp2HeadersCannotCarry(string message, string expected) =>
        GrpcEndpoint.PercentEncode(message).Should().Be(expected);
}
