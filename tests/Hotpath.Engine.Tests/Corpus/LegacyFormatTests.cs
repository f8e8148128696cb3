using System.Text.Json;
using FluentAssertions;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.Tests.Support;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.Corpus;

/// <summary>
/// Hotpath reads pprof protobuf only. The legacy formats google/pprof still parses (gperftools text
/// and binary CPU profiles) and the two .NET files google/pprof itself refuses must fail with one
/// clear line, never be misread as protobuf.
/// </summary>
public sealed class LegacyFormatTests
{
    [Test]
    public void Legacy_and_invalid_profiles_are_refused_with_a_clear_error()
    {
        var root = CorpusFiles.RequireRoot();
        var refused = 0;
        foreach (var line in File.ReadLines(Path.Combine(root, "truth", "summary.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            var format = doc.RootElement.GetProperty("format").GetString()!;
            var rc = doc.RootElement.GetProperty("raw_rc").GetInt32();
            if (!format.StartsWith("legacy", StringComparison.Ordinal) && rc == 0)
            {
                continue;
            }
            var file = doc.RootElement.GetProperty("file").GetString()!;
            var act = () => PprofReader.Read(File.ReadAllBytes(Path.Combine(root, file)), file);
            var error = act.Should().Throw<PprofFormatException>(file).Which;
            error.Message.Should().StartWith(file + ": ").And.NotContain("\n");
            if (format == "legacy-text")
            {
                error.Reason.Should().Contain("input is text");
            }
            if (rc != 0)
            {
                error.Reason.Should().Contain("reserved id 0", "google/pprof refuses it for the same reason");
            }
            refused++;
        }
        refused.Should().BeGreaterThan(20);
    }
}
