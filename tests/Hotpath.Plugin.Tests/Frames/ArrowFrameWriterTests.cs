using System.Buffers.Binary;
using System.Text;
using FluentAssertions;
using Hotpath.Plugin.Frames.Arrow;
using Hotpath.Query.Frames;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Frames;

public class ArrowFrameWriterTests
{
    private static readonly (string Stem, Func<DataFrame> Build)[] Samples =
    [
        ("all_types", FrameSamples.AllTypes),
        ("nullable", FrameSamples.Nullable),
        ("empty", FrameSamples.Empty),
        ("no_fields", FrameSamples.NoFields),
        ("large", () => FrameSamples.Large(50_000)),
    ];

    private string _dir = "";

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "hotpath-arrow-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    /// <summary>Set HOTPATH_KEEP_ARROW_SAMPLES=1 to keep the written files for inspection.</summary>
    [TearDown]
    public void RemoveDirectory()
    {
        if (Environment.GetEnvironmentVariable("HOTPATH_KEEP_ARROW_SAMPLES") is { Length: > 0 })
        {
            TestContext.Out.WriteLine($"Arrow samples kept in {_dir}");
        }
        else
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Test]
    public void Every_sample_frame_reads_back_through_apache_arrow_with_types_metadata_and_values()
    {
        foreach (var (stem, build) in Samples)
        {
            WriteSample(stem, build());
        }

        var (exit, output) = ArrowChecker.Run(_dir);

        exit.Should().Be(0, output);
        output.Should().Contain($"{Samples.Length} file(s), 0 failure(s)");
    }

    [Test]
    public void The_checker_reports_a_value_that_differs_from_the_expectation()
    {
        DataFrame frame = FrameSamples.AllTypes();
        File.WriteAllBytes(Path.Combine(_dir, "changed.arrow"), ArrowFrameWriter.Write(frame));
        string expectation = FrameExpectation.ToJson(frame).Replace("\"9007199254740993\"", "\"9007199254740992\"", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_dir, "changed.expect.json"), expectation);

        var (exit, output) = ArrowChecker.Run(_dir);

        exit.Should().Be(1);
        output.Should().Contain("field 'level' values").And.Contain("9007199254740993");
    }

    [Test]
    public void The_checker_rejects_a_file_without_its_footer()
    {
        DataFrame frame = FrameSamples.Nullable();
        byte[] bytes = ArrowFrameWriter.Write(frame);
        File.WriteAllBytes(Path.Combine(_dir, "truncated.arrow"), bytes.AsSpan(0, bytes.Length - 10).ToArray());
        File.WriteAllText(Path.Combine(_dir, "truncated.expect.json"), FrameExpectation.ToJson(frame));

        var (exit, output) = ArrowChecker.Run(_dir);

        exit.Should().Be(1);
        output.Should().Contain("truncated.arrow: does not end with \"ARROW1\"");
    }

    /// <summary>
    /// Field.Enum refuses such a frame, so the file is written with Apache.Arrow directly: the checker must
    /// still catch an index Grafana cannot show, whoever wrote the file.
    /// </summary>
    [Test]
    public void The_checker_rejects_an_enum_index_outside_its_text_table()
    {
        var metadata = new Dictionary<string, string> { ["tstype"] = "enum", ["config"] = """{"type":{"enum":{"text":["a","b"]}}}""" };
        var schema = new Apache.Arrow.Schema(
            [new Apache.Arrow.Field("label", Apache.Arrow.Types.UInt16Type.Default, false, metadata)],
            new Dictionary<string, string> { ["name"] = "bad", ["refId"] = "A" });
        var column = new Apache.Arrow.UInt16Array.Builder().AppendRange([0, 1, 5]).Build();
        using (var file = File.Create(Path.Combine(_dir, "bad_enum.arrow")))
        using (var batch = new Apache.Arrow.RecordBatch(schema, [column], 3))
        using (var writer = new Apache.Arrow.Ipc.ArrowFileWriter(file, schema))
        {
            writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        }
        File.WriteAllText(Path.Combine(_dir, "bad_enum.expect.json"), "{}");

        var (exit, output) = ArrowChecker.Run(_dir);

        exit.Should().Be(1);
        output.Should().Contain("field 'label': row 2 has enum index 5 but the text table has 2 entries");
    }

    [Test]
    public void The_file_is_framed_with_magic_aligned_messages_and_a_footer()
    {
        byte[] bytes = ArrowFrameWriter.Write(FrameSamples.AllTypes());

        Encoding.ASCII.GetString(bytes, 0, 8).Should().Be("ARROW1\0\0");
        Encoding.ASCII.GetString(bytes, bytes.Length - 6, 6).Should().Be("ARROW1");

        // Schema message at 8, record batch right after it, both with the continuation token and 8-aligned metadata.
        BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)).Should().Be(0xFFFFFFFF);
        int schemaLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12));
        (schemaLength % 8).Should().Be(0);
        int batchAt = 16 + schemaLength;
        BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(batchAt)).Should().Be(0xFFFFFFFF);
        (BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(batchAt + 4)) % 8).Should().Be(0);

        int footerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(bytes.Length - 10));
        int footerStart = bytes.Length - 10 - footerLength;
        footerStart.Should().BeGreaterThan(batchAt);
        (footerStart % 8).Should().Be(0);
        // End-of-stream marker right before the footer.
        bytes.AsSpan(footerStart - 8, 8).ToArray().Should().Equal(0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0);
    }

    [Test]
    public void Writing_is_deterministic()
    {
        ArrowFrameWriter.Write(FrameSamples.AllTypes()).Should().Equal(ArrowFrameWriter.Write(FrameSamples.AllTypes()));
    }

    [Test]
    public void A_frame_whose_fields_differ_in_length_is_refused_naming_both_fields()
    {
        var act = () => new DataFrame("bad", [Field.Int64("level", [1, 2, 3]), Field.String("label", ["a", "b"])]);

        act.Should().Throw<ArgumentException>().WithMessage("*'label' has 2 rows but field 'level' has 3*");
    }

    [Test]
    public void An_enum_index_outside_its_text_table_is_refused_naming_the_row()
    {
        var act = () => Field.Enum("label", [0, 1, 5], ["a", "b"]);

        act.Should().Throw<ArgumentException>().WithMessage("*'label': row 2 has index 5 but the text table has 2 entries*");
    }

    [Test]
    public void An_enum_with_more_texts_than_UInt16_can_index_is_refused()
    {
        var text = Enumerable.Range(0, 65_537).Select(i => $"f{i}").ToArray();

        var act = () => Field.Enum("label", [0], text);

        act.Should().Throw<ArgumentException>().WithMessage("*'label': 65537 texts*at most 65536*");
    }

    [Test]
    public void Time_fields_count_nanoseconds_since_the_Unix_epoch()
    {
        var field = Field.Time("time", [DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123).AddTicks(4)]);

        ((long[])field.Values)[0].Should().Be(1_700_000_000_123_000_400);
    }

    private void WriteSample(string stem, DataFrame frame)
    {
        File.WriteAllBytes(Path.Combine(_dir, stem + ".arrow"), ArrowFrameWriter.Write(frame));
        File.WriteAllText(Path.Combine(_dir, stem + ".expect.json"), FrameExpectation.ToJson(frame));
    }
}
