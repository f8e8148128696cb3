using FluentAssertions;
using Hotpath.Plugin.Cli;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Standalone;

/// <summary><c>serve --retention AGE --retention-size SIZE</c>: what they accept and how they refuse.</summary>
public sealed class ServeRetentionOptionsTests
{
    [TestCase("90m", 90 * 60)]
    [TestCase("48h", 48 * 3600)]
    [TestCase("7d", 7 * 86400)]
    [TestCase("2w", 14 * 86400)]
    public void Ages(string text, long seconds) =>
        ServeCommand.Parse(["--retention", text]).RetentionAge.Should().Be(TimeSpan.FromSeconds(seconds));

    [TestCase("500MB", 500_000_000L)]
    [TestCase("10GB", 10_000_000_000L)]
    [TestCase("2GiB", 2L << 30)]
    [TestCase("64MiB", 64L << 20)]
    [TestCase("1048576", 1L << 20)]
    public void Sizes(string text, long bytes) =>
        ServeCommand.Parse(["--retention-size", text]).RetentionBytes.Should().Be(bytes);

    [Test]
    public void Unset_keeps_everything()
    {
        var options = ServeCommand.Parse([]);
        options.RetentionAge.Should().BeNull();
        options.RetentionBytes.Should().BeNull();
    }

    [TestCase("7", "--retention '7' is not an age such as 90m, 48h, 7d or 2w")]
    [TestCase("0d", "--retention '0d' is not an age such as 90m, 48h, 7d or 2w")]
    [TestCase("-1h", "--retention '-1h' is not an age such as 90m, 48h, 7d or 2w")]
    [TestCase("1y", "--retention '1y' is not an age such as 90m, 48h, 7d or 2w")]
    public void Bad_ages_are_named(string text, string message) =>
        FluentActions.Invoking(() => ServeCommand.Parse(["--retention", text])).Should().Throw<ArgumentException>().WithMessage(message);

    [TestCase("10kB")]
    [TestCase("1000")]
    [TestCase("GB")]
    [TestCase("99999999999999999GB")]
    public void Bad_sizes_are_named(string text) =>
        FluentActions.Invoking(() => ServeCommand.Parse(["--retention-size", text])).Should().Throw<ArgumentException>()
            .WithMessage($"--retention-size '{text}' is not a size of at least 1 MiB such as 500MB, 10GB or 2GiB");

    [Test]
    public void A_missing_value_is_named() =>
        FluentActions.Invoking(() => ServeCommand.Parse(["--retention"])).Should().Throw<ArgumentException>().WithMessage("--retention needs a value");
}
