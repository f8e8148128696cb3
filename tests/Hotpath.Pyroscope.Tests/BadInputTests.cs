using FluentAssertions;
using Hotpath.Pyroscope.Client;
using NUnit.Framework;

namespace Hotpath.Pyroscope.Tests;

/// <summary>A caller's mistakes are refused before anything is sent, naming what was wrong.</summary>
public class BadInputTests
{
    private static readonly PyroscopeTimeRange Range = new(1_700_000_000_000, 1_700_003_600_000);
    private const string Cpu = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
    private readonly HttpClient _http = new();
    private LoopbackServer _server = null!;
    private PyroscopeClient _client = null!;

    [SetUp]
    public void Start()
    {
        _server = new LoopbackServer((c, _) => LoopbackServer.WriteAsync(c, 500, "text/plain", "should not be asked"u8.ToArray()));
        _client = new PyroscopeClient(_http, Endpoint(_server.Url, TimeSpan.FromSeconds(5)), TimeProvider.System);
    }

    [TearDown]
    public void Stop()
    {
        _server.Attempts.Should().Be(0, "bad input is refused before a request is made");
        _server.Dispose();
    }

    [OneTimeTearDown]
    public void Dispose() => _http.Dispose();

    private static PyroscopeEndpoint Endpoint(Uri url, TimeSpan timeout) => new(url, null, null, null, null, timeout);

    [Test]
    public async Task BackwardsRange_NamesBothEnds()
    {
        var act = () => _client.ProfileTypesAsync(new PyroscopeTimeRange(2000, 1000));

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("start=2000, end=1000").And.Contain("range");
    }

    [TestCase("cpu")]
    [TestCase("")]
    [TestCase("a:b:c:d")]
    public async Task MalformedProfileTypeId_IsNamed(string id)
    {
        var act = () => _client.SelectMergeStacktracesAsync(new PyroscopeMergeQuery(id, "{}", Range));

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain($"got '{id}'").And.Contain("name:sample_type");
    }

    [TestCase(0)]
    [TestCase(-60)]
    [TestCase(double.NaN)]
    public async Task NonPositiveStep_IsNamed(double step)
    {
        var act = () => _client.SelectSeriesAsync(new PyroscopeSeriesQuery(Cpu, "{}", Range, step));

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("step must be a positive").And.Contain($"got {step}");
    }

    [Test]
    public async Task ZeroMaxNodes_IsNamedOnEitherDiffSide()
    {
        var good = new PyroscopeMergeQuery(Cpu, "{}", Range);
        var act = () => _client.TryDiffAsync(good, good with { MaxNodes = 0 });

        var error = (await act.Should().ThrowAsync<ArgumentException>()).Which;
        error.ParamName.Should().Be("right");
        error.Message.Should().Contain("maxNodes must be positive; got 0");
    }

    [Test]
    public void OptionsOutOfRange_AreNamed()
    {
        var act = () => new PyroscopeClient(_http, Endpoint(_server.Url, TimeSpan.FromSeconds(5)), TimeProvider.System, new PyroscopeClientOptions { BreakerMinimumThroughput = 1 });

        act.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain("BreakerMinimumThroughput must be >= 2; got 1");
    }

    [Test]
    public void NonHttpUrl_IsRefusedWithoutItsSecrets()
    {
        var act = () => new PyroscopeClient(_http, Endpoint(new Uri("ftp://user:hunter2@example.com/"), TimeSpan.FromSeconds(5)), TimeProvider.System);

        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("absolute http or https").And.NotContain("hunter2");
    }

    [Test]
    public async Task CallerCancellation_IsCancellationNotAFailure()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var act = () => _client.GetProfileStatsAsync(cancelled.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }
}
