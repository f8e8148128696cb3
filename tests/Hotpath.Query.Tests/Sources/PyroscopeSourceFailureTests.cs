using System.Diagnostics;
using FluentAssertions;
using Google.Protobuf;
using Hotpath.Engine.Errors;
using Hotpath.Pyroscope.Client;
using Hotpath.Query.Sources;
using NUnit.Framework;
using WirePprof = Hotpath.Plugin.Pyroscope.Wire.Pprof;

namespace Hotpath.Query.Tests.Sources;

/// <summary>
/// The Pyroscope source when its server misbehaves: every failure is a <see cref="SourceException"/>
/// of the right kind whose message names the source and never its secrets. Calls a script does not
/// break are forwarded to the real serve of <see cref="TwoSources"/>.
/// </summary>
public class PyroscopeSourceFailureTests
{
    private const string Password = "pw-Sup3r-s3cret";
    private const string Token = "tok-ABCDEF-123456";
    private static readonly string BasicCredentials = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("admin:" + Password));
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly HttpClient _http = new();
    private TwoSources _two = null!;

    private static readonly PyroscopeClientOptions Quick = new()
    {
        MaxRetries = 2,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        TotalTimeout = TimeSpan.FromSeconds(20),
        BreakerMinimumThroughput = 100,
    };

    [OneTimeSetUp]
    public async Task SetUp() => _two = await TwoSources.GetAsync();

    [OneTimeTearDown]
    public void TearDown() => _http.Dispose();

    private PyroscopeSource Source(Uri url, PyroscopeClientOptions? options = null, TimeSpan? timeout = null, bool bearer = false) =>
        new("prod", new PyroscopeClient(_http,
            new PyroscopeEndpoint(url, "tenant-7", bearer ? null : "admin", bearer ? null : Password, bearer ? Token : null, timeout ?? TimeSpan.FromSeconds(10)),
            TimeProvider.System, options ?? Quick), TimeProvider.System);

    private static async Task<SourceException> FailureOf(Func<Task> call) => (await call.Should().ThrowAsync<SourceException>()).Which;

    private static void NamesTheSourceWithoutSecrets(SourceException error, Uri url)
    {
        error.Message.Should().Contain("'prod'").And.Contain(url.Authority);
        error.Message.Should().NotContain(Password).And.NotContain(Token).And.NotContain(BasicCredentials);
    }

    [Test]
    public async Task Slower_than_the_timeout_is_a_downstream_timeout()
    {
        using var server = new ScriptedPyroscope(_two.ServeUrl, (_, _) => Reply.Proto([]) with { Delay = TimeSpan.FromSeconds(3) });
        var source = Source(server.Url, Quick with { MaxRetries = 0 }, timeout: TimeSpan.FromMilliseconds(300));

        // The server does answer, 3 s late: a failure at all means the call gave up before it.
        var error = await FailureOf(() => source.LabelNamesAsync("{}", TwoSources.Range, None));

        error.Kind.Should().Be(ErrorKind.DownstreamTimeout);
        error.Message.Should().Contain("LabelNames").And.Contain("no answer within 0.3 s");
        NamesTheSourceWithoutSecrets(error, server.Url);
    }

    [Test]
    public async Task A_500_is_a_downstream_failure_not_retried_and_echoed_secrets_are_blanked()
    {
        using var server = new ScriptedPyroscope(_two.ServeUrl, (_, _) => Reply.ConnectError(500, "internal", $"boom: Basic {BasicCredentials} {Password}"));
        var source = Source(server.Url);

        var error = await FailureOf(() => source.SelectSeriesAsync(new SeriesRequest(TwoSources.Cpu, "{}", TwoSources.Range, 60), None));

        error.Kind.Should().Be(ErrorKind.Downstream);
        error.Message.Should().Contain("SelectSeries").And.Contain("500").And.Contain("boom");
        NamesTheSourceWithoutSecrets(error, server.Url);
        server.CallsTo("SelectSeries").Should().Be(1);
    }

    [Test]
    public async Task A_429_with_retry_after_is_waited_out_and_then_answers_like_the_embedded_store()
    {
        using var server = new ScriptedPyroscope(_two.ServeUrl, (rpc, attempt) =>
            attempt == 1 ? Reply.ConnectError(429, "resource_exhausted", "slow down") with { Headers = new Dictionary<string, string> { ["Retry-After"] = "1" } } : null);
        var source = Source(server.Url);
        var watch = Stopwatch.StartNew();

        var values = await source.LabelValuesAsync("service_name", "{}", TwoSources.Range, None);

        watch.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9));
        values.Should().Equal(await _two.Embedded.LabelValuesAsync("service_name", "{}", TwoSources.Range, None));
        server.CallsTo("LabelValues").Should().Be(2);
    }

    [Test]
    public async Task Garbage_bytes_are_a_downstream_failure()
    {
        using var server = new ScriptedPyroscope(_two.ServeUrl, (_, _) => Reply.Proto([0xff, 0xff, 0xff, 0xff, 0x0f, 0x12, 0x99]));
        var source = Source(server.Url);

        var error = await FailureOf(() => source.MergeStacksAsync(new MergeRequest(TwoSources.Cpu, "{}", TwoSources.Range), None));

        error.Kind.Should().Be(ErrorKind.Downstream);
        error.Message.Should().Contain("SelectMergeProfile").And.Contain("not a valid");
        NamesTheSourceWithoutSecrets(error, server.Url);
    }

    [Test]
    public async Task A_well_formed_answer_that_is_not_a_valid_profile_is_a_downstream_failure_naming_the_source()
    {
        // Decodes as a Profile message, but its sample points at a location the profile does not have.
        var broken = new WirePprof.Profile
        {
            StringTable = { "", "cpu", "nanoseconds" },
            SampleType = { new WirePprof.ValueType { Type = 1, Unit = 2 } },
            Sample = { new WirePprof.Sample { LocationId = { 99 }, Value = { 5 } } },
        };
        using var server = new ScriptedPyroscope(_two.ServeUrl, (_, _) => Reply.Proto(broken.ToByteArray()));
        var source = Source(server.Url);

        var error = await FailureOf(() => source.MergeProfileAsync(new MergeRequest(TwoSources.Cpu, "{}", TwoSources.Range), None));

        error.Kind.Should().Be(ErrorKind.Downstream);
        error.Message.Should().Contain("cannot read").And.Contain("99");
        NamesTheSourceWithoutSecrets(error, server.Url);
    }

    [Test]
    public async Task An_empty_merge_answer_is_the_empty_merge_with_the_requested_sample_type()
    {
        using var server = new ScriptedPyroscope(_two.ServeUrl, (_, _) => Reply.Proto([]));
        var source = Source(server.Url);
        var request = new MergeRequest(TwoSources.AllocBytes, "{}", TwoSources.Range);

        var stacks = await source.MergeStacksAsync(request, None);
        var profile = await source.MergeProfileAsync(request, None);

        stacks.Count.Should().Be(0);
        profile.SampleCount.Should().Be(0);
        profile.SampleTypes.Should().ContainSingle();
        profile.Strings[profile.SampleTypes[0].Type].Should().Be("alloc_space");
        profile.Strings[profile.SampleTypes[0].Unit].Should().Be("bytes");
    }

    [Test]
    public async Task Html_instead_of_protobuf_is_a_downstream_failure()
    {
        using var server = new ScriptedPyroscope(_two.ServeUrl, (_, _) => new Reply(200, "text/html", "<html>login</html>"u8.ToArray()));
        var source = Source(server.Url, bearer: true);

        var error = await FailureOf(() => source.ProfileTypesAsync(TwoSources.Range, None));

        error.Kind.Should().Be(ErrorKind.Downstream);
        error.Message.Should().Contain("text/html");
        NamesTheSourceWithoutSecrets(error, server.Url);
    }

    [Test]
    public async Task Connection_refused_is_a_downstream_failure()
    {
        var url = new Uri($"http://127.0.0.1:{ScriptedPyroscope.FreePort()}/");
        var source = Source(url, Quick with { MaxRetries = 1 });

        var error = await FailureOf(() => source.StatsAsync(None));

        error.Kind.Should().Be(ErrorKind.Downstream);
        error.Message.Should().Contain("unreachable");
        NamesTheSourceWithoutSecrets(error, url);
    }

    [Test]
    public async Task A_400_is_a_bad_request_carrying_pyroscopes_message()
    {
        using var server = new ScriptedPyroscope(_two.ServeUrl, (_, _) => Reply.ConnectError(400, "invalid_argument", "the query time range exceeds the limit (max_query_length, actual: 48h0m0s, limit: 24h0m0s)"));
        var source = Source(server.Url);

        var error = await FailureOf(() => source.SeriesLabelsAsync("{}", ["service_name"], TwoSources.Range, None));

        error.Kind.Should().Be(ErrorKind.BadRequest);
        error.Message.Should().Contain("max_query_length").And.Contain("Series");
        NamesTheSourceWithoutSecrets(error, server.Url);
        server.CallsTo("Series").Should().Be(1);
    }

    [Test]
    public async Task An_open_circuit_is_a_downstream_failure_without_a_call()
    {
        using var server = new ScriptedPyroscope(_two.ServeUrl, (_, _) => Reply.ConnectError(503, "unavailable", "down"));
        var source = Source(server.Url, Quick with { MaxRetries = 0, BreakerMinimumThroughput = 2, BreakerFailureRatio = 0.5 });
        for (var i = 0; i < 3; i++)
        {
            await FailureOf(() => source.LabelNamesAsync("{}", TwoSources.Range, None));
        }
        var sent = server.Requests.Count;

        var error = await FailureOf(() => source.LabelNamesAsync("{}", TwoSources.Range, None));

        error.Kind.Should().Be(ErrorKind.Downstream);
        error.Message.Should().Contain("suspended");
        server.Requests.Count.Should().Be(sent);
    }

    [Test]
    public async Task A_reversed_range_is_refused_before_anything_is_sent()
    {
        using var server = new ScriptedPyroscope(_two.ServeUrl, (_, _) => null);
        var source = Source(server.Url);

        var error = await FailureOf(() => source.LabelNamesAsync("{}", new Engine.Selection.TimeRange(2_000, 1_000), None));

        error.Kind.Should().Be(ErrorKind.BadRequest);
        error.Message.Should().Contain("start=2000").And.Contain("end=1000");
        server.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task Requests_carry_the_tenant_credentials_and_the_utf8_label_capability()
    {
        using var server = new ScriptedPyroscope(_two.ServeUrl, (_, _) => null);

        await Source(server.Url, bearer: true).LabelNamesAsync("{}", TwoSources.Range, None);

        var (rpc, headers) = server.Requests.Single();
        rpc.Should().Be("LabelNames");
        headers["X-Scope-OrgID"].Should().Be("tenant-7");
        headers["Authorization"].Should().Be("Bearer " + Token);
        headers["Accept"].Should().Contain("allow-utf8-labelnames=true");
    }
}
