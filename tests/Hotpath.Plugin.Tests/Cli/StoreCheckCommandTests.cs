using FluentAssertions;
using Hotpath.Store.Labels;
using Hotpath.Store.Storage;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Cli;

/// <summary><c>gpx_hotpath store check --data DIR</c> (the check itself is tested in Hotpath.Store.Tests).</summary>
public sealed class StoreCheckCommandTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("hotpath-store-check-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task An_intact_store_checks_ok_even_while_a_writer_has_it_open()
    {
        await using var store = ProfileStore.Open(_folder, new StoreOptions { SweepInterval = null });
        var profile = new Hotpath.Store.Demo.ProfileBuilder([("cpu", "nanoseconds")], ("cpu", "nanoseconds"), 10_000_000)
            .Add(["main", "work"], [5]).Build(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000, 1_000_000_000);
        await store.IngestAsync(new IngestItem(LabelSet.Of(("service_name", "api")), profile));

        var (exit, stdout, stderr) = Cli.Run("store", "check", "--data", _folder);

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("1 series, 1 profiles, 1 stacks, 2 frame names").And.Contain("every row matches its checksum");
    }

    [Test]
    public void A_folder_without_a_store_is_bad_input_naming_it()
    {
        var (exit, _, stderr) = Cli.Run("store", "check", "--data", _folder);

        exit.Should().Be(1);
        stderr.Should().StartWith($"gpx_hotpath: no store in '{_folder}'");
    }
}
