using FluentAssertions;
using Hotpath.Engine.Pprof;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.Pprof;

public sealed class WireFormatTests
{
    private static readonly ulong[] Edges =
        [0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, uint.MaxValue, (ulong)long.MaxValue, ulong.MaxValue, 0x8000_0000_0000_0000];

    [Test]
    public void Packed_runs_decode_every_varint_length_back_to_what_was_written()
    {
        var random = new Random(7);
        var values = Edges.Concat(Enumerable.Range(0, 5000).Select(_ => (ulong)random.NextInt64() >> random.Next(64))).ToArray();
        var writer = new WireWriter();
        foreach (var v in values)
        {
            writer.Varint(v);
        }
        var target = new ulong[writer.Length];
        var count = PackedVarints.Decode(writer.Written, target, 0);
        target[..count].Should().Equal(values);

        var reader = new WireReader(writer.Written);
        foreach (var v in values)
        {
            reader.ReadVarint().Should().Be(v);
        }
        reader.End.Should().BeTrue();
    }

    [TestCase(new byte[] { 0x80 }, "truncated message")]
    [TestCase(new byte[] { 0x05, 0xFF, 0xFF }, "truncated message")]
    [TestCase(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F }, "varint overflow")]
    [TestCase(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, "varint overflow")]
    public void Bad_packed_runs_fail_with_the_fault_and_its_offset(byte[] payload, string reason)
    {
        var act = () => PackedVarints.Decode(payload, new ulong[payload.Length], 100);
        act.Should().Throw<WireFormatException>().Which.Reason.Should().Contain(reason);
        act.Should().Throw<WireFormatException>().Which.Offset.Should().BeInRange(100, 100 + payload.Length);
    }
}
