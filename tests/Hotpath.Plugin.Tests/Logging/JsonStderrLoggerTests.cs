using System.Text;
using System.Text.Json;
using FluentAssertions;
using Hotpath.Plugin.Logging;
using Microsoft.Extensions.Logging;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Logging;

public class JsonStderrLoggerTests
{
    private static (JsonStderrLoggerProvider Provider, MemoryStream Output) Provider(LogLevel minimum = LogLevel.Trace)
    {
        var output = new MemoryStream();
        return (new JsonStderrLoggerProvider(output, minimum), output);
    }

    private static List<JsonElement> Lines(MemoryStream output) =>
        Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();

    [TestCase(LogLevel.Trace, "trace")]
    [TestCase(LogLevel.Debug, "debug")]
    [TestCase(LogLevel.Information, "info")]
    [TestCase(LogLevel.Warning, "warn")]
    [TestCase(LogLevel.Error, "error")]
    [TestCase(LogLevel.Critical, "error")]
    public void Log_WritesOneJsonLineWithTheLevelGoPluginKnows(LogLevel level, string expected)
    {
        var (provider, output) = Provider();

        provider.CreateLogger("Test").Log(level, "hello {Who} on port {Port}", "grafana", 4040);

        var line = Lines(output).Should().ContainSingle().Subject;
        line.GetProperty("@level").GetString().Should().Be(expected);
        line.GetProperty("@message").GetString().Should().Be("hello grafana on port 4040");
        line.GetProperty("Who").GetString().Should().Be("grafana");
        line.GetProperty("Port").GetInt32().Should().Be(4040);
        line.GetProperty("logger").GetString().Should().Be("Test");
        line.TryGetProperty("@timestamp", out _).Should().BeFalse("Grafana stamps plugin lines itself");
    }

    [Test]
    public void Log_BelowTheMinimum_WritesNothing()
    {
        var (provider, output) = Provider(LogLevel.Warning);

        provider.CreateLogger("Test").LogInformation("quiet");
        provider.CreateLogger("Test").LogWarning("loud");

        Lines(output).Select(l => l.GetProperty("@message").GetString()).Should().Equal("loud");
    }

    [Test]
    public void Log_ExceptionAndNewlines_StayOnOneLine()
    {
        var (provider, output) = Provider();

        provider.CreateLogger("Test").LogError(new InvalidOperationException("bad\nthing"), "failed\nbadly");

        var text = Encoding.UTF8.GetString(output.ToArray());
        text.TrimEnd('\n').Should().NotContain("\n");
        var line = Lines(output).Single();
        line.GetProperty("@message").GetString().Should().Be("failed\nbadly");
        line.GetProperty("error").GetString().Should().Contain("InvalidOperationException: bad\nthing");
    }

    [Test]
    public void StrayOutput_BecomesJsonLogLinesWholeLinesAtATime()
    {
        var (provider, output) = Provider();
        var writer = new StrayOutputWriter(provider);

        writer.Write("partial ");
        writer.WriteLine("line");
        writer.Write("unterminated");
        writer.Flush();

        var lines = Lines(output);
        lines.Select(l => l.GetProperty("@message").GetString()).Should().Equal("partial line", "unterminated");
        lines.Should().OnlyContain(l => l.GetProperty("stream").GetString() == "stdout" && l.GetProperty("@level").GetString() == "info");
    }

    [TestCase("debug", LogLevel.Debug)]
    [TestCase(" WARN ", LogLevel.Warning)]
    [TestCase("warning", LogLevel.Warning)]
    [TestCase("info", LogLevel.Information)]
    [TestCase("nonsense", null)]
    [TestCase(null, null)]
    public void ParseLevel_ReadsGrafanaSpelling(string? text, LogLevel? expected) =>
        JsonStderrLoggerProvider.ParseLevel(text).Should().Be(expected);
}
