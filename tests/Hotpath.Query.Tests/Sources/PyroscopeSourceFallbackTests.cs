using FluentAssertions;
using Hotpath.Engine.Errors;
using Hotpath.Pyroscope.Client;
using Hotpath.Query.Sources;
using NUnit.Framework;

namespace Hotpath.Query.Tests.Sources;

/// <summary>
/// A Pyroscope without <c>ProfileTypes</c> or <c>GetProfileStats</c> (older versions): the source
/// falls back to series silently, answers as the embedded store does, and asks the missing RPC once.
/// Everything else is forwarded to the real serve of <see cref="TwoSources"/>.
/// </summary>
public class PyroscopeSourceFallbackTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly HttpClient _http = new();
    private TwoSources _two = null!;

    [OneTimeSetUp]
    public async Task SetUp() => _two = await TwoSources.GetAsync();

    [OneTimeTearDown]
    public void TearDown() => _http.Dispose();

    /// <summary>"Now" one step after the demo's end, so the stats fallback's last day covers the data.</summary>
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private PyroscopeSource Source(ScriptedPyroscope server) =>
        new("old", new PyroscopeClient(_http, new PyroscopeEndpoint(server.Url, null, null, null, null, TimeSpan.FromSeconds(10)), TimeProvider.System),
            new FixedTime(TwoSources.End + TimeSpan.FromSeconds(TwoSources.StepSeconds)));

    private static Func<string, int, Reply?> Missing(string rpc, Reply missing) => (called, _) => called == rpc ? missing : null;

    public static IEnumerable<TestCaseData> MissingAnswers()
    {
        yield return new TestCaseData(Reply.NotFound()).SetName("bare 404");
        yield return new TestCaseData(Reply.ConnectError(501, "unimplemented", "querier.v1.QuerierService.ProfileTypes is not implemented")).SetName("Connect unimplemented");
    }

    [TestCaseSource(nameof(MissingAnswers))]
    public async Task Without_ProfileTypes_the_types_come_from_series_and_the_rpc_is_asked_once(Reply missing)
    {
        using var server = new ScriptedPyroscope(_two.ServeUrl, Missing("ProfileTypes", missing));
        var source = Source(server);
        var expected = await _two.Embedded.ProfileTypesAsync(TwoSources.Range, None);

        var first = await source.ProfileTypesAsync(TwoSources.Range, None);
        var second = await source.ProfileTypesAsync(TwoSources.Range, None);

        first.Should().Equal(expected).And.NotBeEmpty();
        second.Should().Equal(expected);
        source.Client.Capabilities.SupportsProfileTypes.Should().BeFalse();
        server.CallsTo("ProfileTypes").Should().Be(1);
        server.CallsTo("Series").Should().Be(2);
    }

    [Test]
    public async Task A_server_with_ProfileTypes_is_remembered_as_having_it()
    {
        using var server = new ScriptedPyroscope(_two.ServeUrl, (_, _) => null);
        var source = Source(server);

        await source.ProfileTypesAsync(TwoSources.Range, None);

        source.Client.Capabilities.SupportsProfileTypes.Should().BeTrue();
        server.CallsTo("Series").Should().Be(0);
    }

    [TestCaseSource(nameof(MissingAnswers))]
    public async Task Without_GetProfileStats_the_stats_come_from_the_last_day_of_series_to_within_a_minute(Reply missing)
    {
        using var server = new ScriptedPyroscope(_two.ServeUrl, Missing("GetProfileStats", missing));
        var source = Source(server);
        var expected = await _two.Embedded.StatsAsync(None);

        var first = await source.StatsAsync(None);
        var second = await source.StatsAsync(None);

        first.DataIngested.Should().BeTrue();
        first.OldestProfileTimeMs.Should().BeInRange(expected.OldestProfileTimeMs, expected.OldestProfileTimeMs + 60_000);
        first.NewestProfileTimeMs.Should().BeInRange(expected.NewestProfileTimeMs, expected.NewestProfileTimeMs + 60_000);
        second.Should().Be(first);
        source.Client.Capabilities.SupportsProfileStats.Should().BeFalse();
        server.CallsTo("GetProfileStats").Should().Be(1);
    }

    [Test]
    public async Task Without_GetProfileStats_and_no_series_in_the_last_day_there_is_no_data()
    {
        using var server = new ScriptedPyroscope(_two.ServeUrl, Missing("GetProfileStats", Reply.NotFound()));
        var source = new PyroscopeSource("old", new PyroscopeClient(_http, new PyroscopeEndpoint(server.Url, null, null, null, null, TimeSpan.FromSeconds(10)), TimeProvider.System),
            new FixedTime(TwoSources.End + TimeSpan.FromDays(3)));

        (await source.StatsAsync(None)).Should().Be(new SourceStats(false, 0, 0));
    }

    [Test]
    public async Task Another_failure_of_ProfileTypes_is_not_taken_for_a_missing_rpc()
    {
        using var server = new ScriptedPyroscope(_two.ServeUrl, Missing("ProfileTypes", Reply.ConnectError(400, "invalid_argument", "bad range")));
        var source = Source(server);

        var error = (await FluentActions.Awaiting(() => source.ProfileTypesAsync(TwoSources.Range, None)).Should().ThrowAsync<SourceException>()).Which;

        error.Kind.Should().Be(ErrorKind.BadRequest);
        source.Client.Capabilities.SupportsProfileTypes.Should().BeNull();
    }
}
