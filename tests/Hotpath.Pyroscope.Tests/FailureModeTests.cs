using System.Diagnostics;
using System.Net;
using System.Text;
using FluentAssertions;
using Google.Protobuf;
using Hotpath.Engine.Errors;
using Hotpath.Plugin.Pyroscope.Wire.Querier;
using Hotpath.Plugin.Pyroscope.Wire.Types;
using Hotpath.Pyroscope.Client;
using NUnit.Framework;

namespace Hotpath.Pyroscope.Tests;

/// <summary>The client against a loopback server that is slow, failing, throttling, or speaking garbage.</summary>
public class FailureModeTests
{
    private const string Password = "pw-Sup3r-s3cret";
    private const string Token = "tok-ABCDEF-123456";
    private static readonly PyroscopeTimeRange Range = new(1_700_000_000_000, 1_700_003_600_000);
    private readonly HttpClient _http = new();

    /// <summary>Fast retries so the tests measure behaviour, not waits; no retries unless a test asks.</summary>
    private static readonly PyroscopeClientOptions Quick = new()
    {
        MaxRetries = 0,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        TotalTimeout = TimeSpan.FromSeconds(20),
        BreakerMinimumThroughput = 100,
    };

    [OneTimeTearDown]
    public void Dispose() => _http.Dispose();

    private PyroscopeClient Client(Uri url, PyroscopeClientOptions options, TimeSpan? timeout = null, string? bearer = null) =>
        new(_http, new PyroscopeEndpoint(url, "tenant-7", bearer is null ? "admin" : null, bearer is null ? Password : null, bearer, timeout ?? TimeSpan.FromSeconds(5)), TimeProvider.System, options);

    private static byte[] ProfileTypesAnswer() =>
        new ProfileTypesResponse { ProfileTypes = { new ProfileType { ID = "process_cpu:cpu:nanoseconds:cpu:nanoseconds", Name = "process_cpu" } } }.ToByteArray();

    private static Task Proto(HttpListenerContext c, byte[] body) => LoopbackServer.WriteAsync(c, 200, "application/proto", body);

    private static Task ConnectError(HttpListenerContext c, int status, string code, string message) =>
        LoopbackServer.WriteAsync(c, status, "application/json", Encoding.UTF8.GetBytes($$"""{"code":"{{code}}","message":"{{message}}"}"""));

    private static async Task<PyroscopeException> FailureOf(Func<Task> call) => (await call.Should().ThrowAsync<PyroscopeException>()).Which;

    [Test]
    public async Task Success_SendsBinaryProtoWithTenantAndCredentials()
    {
        using var server = new LoopbackServer((c, _) => Proto(c, ProfileTypesAnswer()));

        var types = await Client(server.Url, Quick).ProfileTypesAsync(Range);

        types.Single().Name.Should().Be("process_cpu");
        var (path, headers) = server.Requests.Single();
        path.Should().Be("/querier.v1.QuerierService/ProfileTypes");
        headers["Content-Type"].Should().Be("application/proto");
        headers["X-Scope-OrgID"].Should().Be("tenant-7");
        headers["Authorization"].Should().Be("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + Password)));
    }

    [Test]
    public async Task Slow_IsADownstreamTimeoutAfterThePerCallTimeout()
    {
        // The server does answer, 5 s late: a failure at all means the call gave up before it.
        using var server = new LoopbackServer(async (c, _) => { await Task.Delay(5000); await Proto(c, ProfileTypesAnswer()); });

        var error = await FailureOf(() => Client(server.Url, Quick, TimeSpan.FromMilliseconds(300)).ProfileTypesAsync(Range));

        error.Kind.Should().Be(ErrorKind.DownstreamTimeout);
        error.Message.Should().Contain("ProfileTypes").And.Contain("0.3 s");
    }

    [Test]
    public async Task Slow_WithRetries_StopsAtTheTotalBound()
    {
        using var server = new LoopbackServer(async (c, _) => { await Task.Delay(5000); await Proto(c, ProfileTypesAnswer()); });
        var options = Quick with { MaxRetries = 10, TotalTimeout = TimeSpan.FromMilliseconds(1000) };

        var error = await FailureOf(() => Client(server.Url, options, TimeSpan.FromMilliseconds(300)).ProfileTypesAsync(Range));

        error.Kind.Should().Be(ErrorKind.DownstreamTimeout);
        error.Message.Should().Contain("total bound");
        server.Attempts.Should().BeInRange(2, 4, "attempts of 0.3 s with short backoffs fit about three times in 1 s");
    }

    [Test]
    public async Task CallerCancellation_WhileWaiting_IsCancellationNotATimeout()
    {
        using var server = new LoopbackServer(async (c, _) => { await Task.Delay(5000); await Proto(c, ProfileTypesAnswer()); });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var act = () => Client(server.Url, Quick with { MaxRetries = 3 }).ProfileTypesAsync(Range, cancel.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        server.Attempts.Should().Be(1, "a cancelled call is not retried");
    }

    [Test]
    public async Task ServerError500_IsDownstreamWithTheConnectMessage_AndNotRetried()
    {
        using var server = new LoopbackServer((c, _) => ConnectError(c, 500, "internal", "store exploded"));

        var error = await FailureOf(() => Client(server.Url, Quick with { MaxRetries = 3 }).LabelNamesAsync([], Range));

        error.Kind.Should().Be(ErrorKind.Downstream);
        error.IsDownstream.Should().BeTrue();
        error.HttpStatus.Should().Be(500);
        error.ConnectCode.Should().Be("internal");
        error.Rpc.Should().Be("LabelNames");
        error.Message.Should().Contain("store exploded").And.Contain(server.Url.Authority);
        server.Attempts.Should().Be(1, "a 500 is the server's considered answer, not a passing fault");
    }

    [Test]
    public async Task Throttled429_WaitsForRetryAfterThenSucceeds()
    {
        using var server = new LoopbackServer((c, attempt) =>
        {
            if (attempt == 1)
            {
                c.Response.AddHeader("Retry-After", "1");
                return ConnectError(c, 429, "resource_exhausted", "slow down");
            }
            return Proto(c, ProfileTypesAnswer());
        });
        var watch = Stopwatch.StartNew();

        var types = await Client(server.Url, Quick with { MaxRetries = 2 }).ProfileTypesAsync(Range);

        types.Should().ContainSingle();
        server.Attempts.Should().Be(2);
        watch.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(900), "Retry-After: 1 overrides the 10 ms backoff");
    }

    [Test]
    public async Task Unavailable503_IsRetriedWithBackoffUntilItAnswers()
    {
        using var server = new LoopbackServer((c, attempt) => attempt <= 2 ? ConnectError(c, 503, "unavailable", "restarting") : Proto(c, ProfileTypesAnswer()));

        var types = await Client(server.Url, Quick with { MaxRetries = 3 }).ProfileTypesAsync(Range);

        types.Should().ContainSingle();
        server.Attempts.Should().Be(3);
    }

    [Test]
    public async Task Throttled429_WhenRetriesRunOut_IsDownstream()
    {
        using var server = new LoopbackServer((c, _) => ConnectError(c, 429, "resource_exhausted", "tenant over its query limit"));

        var error = await FailureOf(() => Client(server.Url, Quick with { MaxRetries = 2 }).ProfileTypesAsync(Range));

        error.Kind.Should().Be(ErrorKind.Downstream);
        error.Message.Should().Contain("tenant over its query limit");
        server.Attempts.Should().Be(3);
    }

    [Test]
    public async Task BadRequest400_IsBadRequestWithPyroscopesMessage()
    {
        using var server = new LoopbackServer((c, _) => ConnectError(c, 400, "invalid_argument", "parse error at line 1, col 14"));

        var error = await FailureOf(() => Client(server.Url, Quick with { MaxRetries = 3 }).LabelValuesAsync("service_name", ["{bad"], Range));

        error.Kind.Should().Be(ErrorKind.BadRequest);
        error.IsDownstream.Should().BeFalse();
        error.Message.Should().Contain("invalid_argument").And.Contain("parse error at line 1, col 14").And.Contain("LabelValues");
        server.Attempts.Should().Be(1);
    }

    [Test]
    public async Task GarbageBytes_AreDownstreamNamingTheMessage()
    {
        using var server = new LoopbackServer((c, _) => Proto(c, Enumerable.Repeat((byte)0xFF, 32).ToArray()));

        var error = await FailureOf(() => Client(server.Url, Quick).ProfileTypesAsync(Range));

        error.Kind.Should().Be(ErrorKind.Downstream);
        error.Message.Should().Contain("32 bytes that are not a valid ProfileTypesResponse");
    }

    [Test]
    public async Task HtmlInsteadOfProto_IsDownstreamNamingTheContentType()
    {
        using var server = new LoopbackServer((c, _) => LoopbackServer.WriteAsync(c, 200, "text/html", "<html>login page</html>"u8.ToArray()));

        var error = await FailureOf(() => Client(server.Url, Quick).ProfileTypesAsync(Range));

        error.Kind.Should().Be(ErrorKind.Downstream);
        error.Message.Should().Contain("'text/html'").And.Contain("login page");
    }

    [Test]
    public async Task ConnectionRefused_IsDownstreamAndRetried()
    {
        var closed = new Uri($"http://127.0.0.1:{LoopbackServer.FreePort()}/");

        var error = await FailureOf(() => Client(closed, Quick with { MaxRetries = 2 }).GetProfileStatsAsync());

        error.Kind.Should().Be(ErrorKind.Downstream);
        error.Message.Should().Contain("unreachable").And.Contain("ConnectionRefused").And.Contain(closed.Authority);
    }

    [Test]
    public async Task RepeatedFailures_OpenTheCircuit_AndLaterCallsAreNotSent()
    {
        using var server = new LoopbackServer((c, _) => ConnectError(c, 500, "internal", "down"));
        var client = Client(server.Url, Quick with { BreakerMinimumThroughput = 3, BreakerFailureRatio = 0.5, BreakDuration = TimeSpan.FromSeconds(30) });
        for (var i = 0; i < 3; i++)
        {
            (await FailureOf(() => client.ProfileTypesAsync(Range))).Kind.Should().Be(ErrorKind.Downstream);
        }

        var error = await FailureOf(() => client.ProfileTypesAsync(Range));

        error.Kind.Should().Be(ErrorKind.Downstream);
        error.CircuitOpen.Should().BeTrue();
        error.Message.Should().Contain("suspended").And.Contain("ProfileTypes");
        server.Attempts.Should().Be(3);
    }

    [Test]
    public async Task BadRequests_DoNotOpenTheCircuit()
    {
        using var server = new LoopbackServer((c, _) => ConnectError(c, 400, "invalid_argument", "no"));
        var client = Client(server.Url, Quick with { BreakerMinimumThroughput = 3 });
        for (var i = 0; i < 5; i++)
        {
            (await FailureOf(() => client.ProfileTypesAsync(Range))).Kind.Should().Be(ErrorKind.BadRequest);
        }
        server.Attempts.Should().Be(5);
    }

    [Test]
    public async Task DiffMissing_ReturnsNullOnce_ThenIsNotAskedAgain()
    {
        using var server = new LoopbackServer((c, _) => LoopbackServer.WriteAsync(c, 404, "text/plain", "404 page not found"u8.ToArray()));
        var client = Client(server.Url, Quick);
        var side = new PyroscopeMergeQuery("process_cpu:cpu:nanoseconds:cpu:nanoseconds", "{}", Range);
        client.Capabilities.SupportsDiff.Should().BeNull();

        (await client.TryDiffAsync(side, side)).Should().BeNull();
        (await client.TryDiffAsync(side, side)).Should().BeNull();

        client.Capabilities.SupportsDiff.Should().BeFalse();
        server.Attempts.Should().Be(1);
    }

    [Test]
    public async Task DiffUnimplemented_IsReportedAsUnsupported()
    {
        using var server = new LoopbackServer((c, _) => ConnectError(c, 501, "unimplemented", "querier.v1.QuerierService.Diff is not implemented"));
        var client = Client(server.Url, Quick with { MaxRetries = 3 });
        var side = new PyroscopeMergeQuery("process_cpu:cpu:nanoseconds:cpu:nanoseconds", "{}", Range);

        (await client.TryDiffAsync(side, side)).Should().BeNull();

        client.Capabilities.SupportsDiff.Should().BeFalse();
        server.Attempts.Should().Be(1);
    }

    [Test]
    public async Task ProfileTypesAndStatsMissing_ReturnNullOnce_ThenAreNotAskedAgain()
    {
        using var server = new LoopbackServer((c, _) => c.Request.Url!.AbsolutePath.EndsWith("/ProfileTypes", StringComparison.Ordinal)
            ? LoopbackServer.WriteAsync(c, 404, "text/plain", "404 page not found"u8.ToArray())
            : ConnectError(c, 501, "unimplemented", "querier.v1.QuerierService.GetProfileStats is not implemented"));
        var client = Client(server.Url, Quick with { MaxRetries = 3 });
        client.Capabilities.SupportsProfileTypes.Should().BeNull();
        client.Capabilities.SupportsProfileStats.Should().BeNull();

        (await client.TryProfileTypesAsync(Range)).Should().BeNull();
        (await client.TryProfileTypesAsync(Range)).Should().BeNull();
        (await client.TryGetProfileStatsAsync()).Should().BeNull();
        (await client.TryGetProfileStatsAsync()).Should().BeNull();

        client.Capabilities.SupportsProfileTypes.Should().BeFalse();
        client.Capabilities.SupportsProfileStats.Should().BeFalse();
        server.Attempts.Should().Be(2);
    }

    [Test]
    public async Task ProfileTypesFailingOtherwise_IsAnErrorAndLeavesTheCapabilityUnknown()
    {
        using var server = new LoopbackServer((c, _) => ConnectError(c, 400, "invalid_argument", "query start time is after end time"));
        var client = Client(server.Url, Quick);

        (await FailureOf(() => client.TryProfileTypesAsync(Range))).Kind.Should().Be(ErrorKind.BadRequest);

        client.Capabilities.SupportsProfileTypes.Should().BeNull();
    }

    [Test]
    public async Task SelectSeries_SendsCallSiteAndAverage_AndAsksForUtf8LabelNames()
    {
        SelectSeriesRequest? seen = null;
        using var server = new LoopbackServer(async (c, _) =>
        {
            seen = SelectSeriesRequest.Parser.ParseFrom(c.Request.InputStream);
            await Proto(c, new SelectSeriesResponse().ToByteArray());
        });
        var query = new PyroscopeSeriesQuery("process_cpu:cpu:nanoseconds:cpu:nanoseconds", "{}", Range, 15)
        {
            CallSite = ["main", "serve"],
            Aggregation = PyroscopeAggregation.Average,
        };

        await Client(server.Url, Quick).SelectSeriesAsync(query);

        seen!.StackTraceSelector.CallSite.Select(l => l.Name).Should().Equal("main", "serve");
        seen.HasAggregation.Should().BeTrue();
        seen.Aggregation.Should().Be(TimeSeriesAggregationType.Average);
        server.Requests.Single().Headers["Accept"].Should().Contain("allow-utf8-labelnames=true");
    }

    [Test]
    public async Task SelectSeries_WholeProfilesAndSum_LeaveTheOptionalFieldsUnset()
    {
        SelectSeriesRequest? seen = null;
        using var server = new LoopbackServer(async (c, _) =>
        {
            seen = SelectSeriesRequest.Parser.ParseFrom(c.Request.InputStream);
            await Proto(c, new SelectSeriesResponse().ToByteArray());
        });

        await Client(server.Url, Quick).SelectSeriesAsync(new PyroscopeSeriesQuery("process_cpu:cpu:nanoseconds:cpu:nanoseconds", "{}", Range, 15));

        seen!.StackTraceSelector.Should().BeNull();
        seen.HasAggregation.Should().BeFalse("older servers need not know the field");
    }

    [Test]
    public async Task Secrets_NeverAppearInErrors_EvenWhenTheServerEchoesThem()
    {
        // The server echoes the Authorization header, and basic credentials decoded, as a careless proxy might.
        using var server = new LoopbackServer((c, _) =>
        {
            var header = c.Request.Headers["Authorization"] ?? "";
            var decoded = header.StartsWith("Basic ", StringComparison.Ordinal) ? Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])) : "";
            return ConnectError(c, 401, "unauthenticated", $"bad credentials: {header} ({decoded})");
        });
        var withUserInfo = new UriBuilder(server.Url) { UserName = "admin", Password = Password, Query = "token=" + Token }.Uri;

        var basic = await FailureOf(() => Client(withUserInfo, Quick).ProfileTypesAsync(Range));
        var bearer = await FailureOf(() => Client(server.Url, Quick, bearer: Token).ProfileTypesAsync(Range));

        foreach (var error in new[] { basic, bearer })
        {
            error.Kind.Should().Be(ErrorKind.BadRequest);
            error.Message.Should().Contain("check the tenant and credentials");
            var everything = error.ToString() + error.Source;
            everything.Should().NotContain(Password).And.NotContain(Token).And.NotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + Password)));
        }
        basic.Message.Should().Contain("Basic ***");
        bearer.Message.Should().Contain("Bearer ***");
    }
}
