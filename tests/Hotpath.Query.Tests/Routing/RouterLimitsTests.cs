using System.Text.Json;
using FluentAssertions;
using Hotpath.Engine.Errors;
using Hotpath.Query.Routing;
using Hotpath.Query.Settings;
using Hotpath.Query.Sources;
using NUnit.Framework;

namespace Hotpath.Query.Tests.Routing;

/// <summary>The router's time limit and its translation of source failures, shared by every route.</summary>
public class RouterLimitsTests
{
    private static RequestContext Context(TimeSpan timeout) =>
        new(1, null, new HotpathInstance(HotpathSettings.Embedded("/tmp/unused") with { Limits = QueryLimits.Default with { RequestTimeout = timeout } }));

    private static ResourceRequest Request(string path, TimeSpan timeout) =>
        new("GET", path, new Dictionary<string, string>(), new Dictionary<string, IReadOnlyList<string>>(), ReadOnlyMemory<byte>.Empty, Context(timeout));

    [Test]
    public async Task RouteOverItsTimeLimit_Is504NamingTheRoute()
    {
        var router = new Router().Map("GET", "slow/thing", async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return ResourceResponse.Text("never");
        });

        var response = await router.DispatchAsync(Request("slow/thing", TimeSpan.FromMilliseconds(100)), CancellationToken.None);

        response.Status.Should().Be(504);
        var body = JsonDocument.Parse(response.Body).RootElement;
        body.GetProperty("kind").GetString().Should().Be("downstream_timeout");
        body.GetProperty("message").GetString().Should().Be("route 'slow/thing' did not finish within its time limit of 0.1 s");
    }

    [Test]
    public async Task RouteIgnoringItsToken_StillAnswers504InTime()
    {
        var never = new TaskCompletionSource<ResourceResponse>();
        var router = new Router().Map("GET", "stuck", (_, _) => never.Task);

        // The handler never completes, so any answer at all comes from the router's time limit.
        var response = await router.DispatchAsync(Request("stuck", TimeSpan.FromMilliseconds(100)), CancellationToken.None);

        response.Status.Should().Be(504);
    }

    [Test]
    public async Task CallerCancellation_Propagates()
    {
        var router = new Router().Map("GET", "slow", async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return ResourceResponse.Text("never");
        });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        var act = () => router.DispatchAsync(Request("slow", TimeSpan.FromMinutes(1)), cancel.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [TestCase(ErrorKind.BadRequest, 400, "bad_request")]
    [TestCase(ErrorKind.Downstream, 502, "downstream")]
    [TestCase(ErrorKind.DownstreamTimeout, 504, "downstream_timeout")]
    public async Task SourceFailures_MapToTheirStatus(ErrorKind kind, int status, string wire)
    {
        var router = new Router().Map("GET", "failing", (_, _) => throw new SourceException(kind, "Production (prod): answered something"));

        var response = await router.DispatchAsync(Request("failing", TimeSpan.FromMinutes(1)), CancellationToken.None);

        response.Status.Should().Be(status);
        var body = JsonDocument.Parse(response.Body).RootElement;
        body.GetProperty("kind").GetString().Should().Be(wire);
        body.GetProperty("message").GetString().Should().Be("Production (prod): answered something");
    }

    [Test]
    public async Task SourceFailureAfterAnAwait_MapsToo()
    {
        var router = new Router().Map("GET", "failing", async (_, token) =>
        {
            await Task.Yield();
            throw new SourceException(ErrorKind.Downstream, "prod: refused");
        });

        var response = await router.DispatchAsync(Request("failing", TimeSpan.FromMinutes(1)), CancellationToken.None);

        response.Status.Should().Be(502);
    }
}
