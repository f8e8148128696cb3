using FluentAssertions;
using Hotpath.Query.Settings;
using Hotpath.Query.Sources;
using Hotpath.Query.Tests.Routes.Support;
using NUnit.Framework;

namespace Hotpath.Query.Tests.Routes;

/// <summary>Every refused input of the view routes: the status, the kind, and a message naming the parameter.</summary>
public class ViewRouteErrorTests
{
    private const string Cpu = "profileType=process_cpu:cpu:nanoseconds:cpu:nanoseconds";

    private static IEnumerable<TestCaseData> BadRequests()
    {
        TestCaseData Case(string path, string query, string messageStart) =>
            new TestCaseData(path, query, messageStart).SetName($"{path}?{query} -> {messageStart}");

        yield return Case("series", "", "parameter 'profileType': is required");
        yield return Case("series", "profileType=cpu", "parameter 'profileType': 'cpu' is not a profile type id");
        yield return Case("series", "profileType=a:b:c", "parameter 'profileType': 'a:b:c' is not a profile type id");
        yield return Case("series", $"{Cpu}&selector=%7Bservice_name%3D%22x%22", "parameter 'selector':");
        yield return Case("series", $"{Cpu}&selector=service_name%3D%22x%22", "parameter 'selector':");
        yield return Case("series", $"{Cpu}&selector=%7Bpod%3D~%22(%22%7D", "parameter 'selector':");
        yield return Case("series", $"{Cpu}&from=abc", "parameter 'from': must be a whole number, not 'abc'");
        yield return Case("series", $"{Cpu}&from=2000&to=1000", "parameter 'from': 2000 is after 'to' (1000)");
        yield return Case("series", $"{Cpu}&from=-5&to=1000", "parameter 'from': must be a positive time");
        yield return Case("series", $"{Cpu}&from=1000&to=4000000000", "parameter 'from': the range");
        // Found with the resource-params fuzz target (tests/fuzz/corpus/resource-params): a range past TimeSpan's reach threw.
        yield return Case("series", $"{Cpu}&from=1&to=9223372036854775807", "parameter 'from': the range 106751991167.3 days is longer than the limit of 31 days");
        yield return Case("series", $"{Cpu}&to=1.5", "parameter 'to': must be a whole number");
        yield return Case("series", $"{Cpu}&step=0", "parameter 'step': must be a number of seconds of at least 0.001, not '0'");
        yield return Case("series", $"{Cpu}&step=-15", "parameter 'step':");
        yield return Case("series", $"{Cpu}&step=abc", "parameter 'step':");
        yield return Case("series", $"{Cpu}&step=NaN", "parameter 'step':");
        yield return Case("series", $"{Cpu}&step=0.1", "parameter 'step': a step of 0.1 s");
        // A step longer than the longest range would reach that far back before 'from'.
        yield return Case("series", $"{Cpu}&step=1e7", "parameter 'step': must be at most 2678400 s");
        yield return Case("series", $"{Cpu}&step=1e300", "parameter 'step': must be at most");
        // Points fall on whole milliseconds: 0.0019 s is a 1 ms step, 20,001 points over 20 s.
        yield return Case("series", $"{Cpu}&from=1000000&to=1020000&step=0.0019", "parameter 'step': a step of 0.001 s");
        yield return Case("series", $"{Cpu}&groupBy=pod,,region", "parameter 'groupBy':");
        yield return Case("series", $"{Cpu}&groupBy=pod,pod", "parameter 'groupBy': 'pod,pod' names a label twice");
        yield return Case("series", $"{Cpu}&groupBy=po%22d", "parameter 'groupBy':");
        yield return Case("series", $"{Cpu}&limit=0", "parameter 'limit': must be a whole number from 1 to 1000, not '0'");
        yield return Case("series", $"{Cpu}&limit=1001", "parameter 'limit': must be a whole number from 1 to 1000");
        yield return Case("series", $"{Cpu}&limit=ten", "parameter 'limit':");
        yield return Case("series", $"{Cpu}&aggregation=max", "parameter 'aggregation': must be one of sum, average, not 'max'");
        yield return Case("series", $"{Cpu}&callSite=%5B1%5D", "parameter 'callSite': must be a JSON array of strings");
        yield return Case("series", $"{Cpu}&callSite=%5B%22main%22", "parameter 'callSite': is not valid JSON");
        yield return Case("series", $"{Cpu}&callSite=%22main%22", "parameter 'callSite': must be a JSON array");
        yield return Case("series", $"{Cpu}&datasource=nope", "parameter 'datasource': no data source with uid 'nope'; configured: embedded");
        yield return Case("function-series", Cpu, "parameter 'callSite': is required");
        yield return Case("function-series", $"{Cpu}&callSite=%5B%5D", "parameter 'callSite': is required");
        yield return Case("function-series", "callSite=%5B%22main%22%5D", "parameter 'profileType': is required");
        yield return Case("service", "", "parameter 'service': is required");
        yield return Case("service", "service=cart&step=0", "parameter 'step':");
        yield return Case("service", "service=cart&selector=%7B", "parameter 'selector':");
        yield return Case("service", "service=cart&datasource=nope", "parameter 'datasource':");
        yield return Case("labels", "", "parameter 'profileType': is required");
        yield return Case("labels", $"{Cpu}&top=101", "parameter 'top': must be a whole number from 0 to 100, not '101'");
        yield return Case("labels", $"{Cpu}&top=-1", "parameter 'top':");
        yield return Case("labels", $"{Cpu}&from=5&to=1", "parameter 'from':");
        yield return Case("label-names", "profileType=bad", "parameter 'profileType': 'bad' is not a profile type id");
        yield return Case("label-names", "selector=%7Ba%3D%7D", "parameter 'selector':");
        yield return Case("label-values", "", "parameter 'name': is required");
        yield return Case("label-values", "name=a%22b", "parameter 'name': 'a\"b' is not a label name");
        yield return Case("label-values", "name=pod&from=x", "parameter 'from':");
        yield return Case("services", "from=10&to=5", "parameter 'from': 10 is after 'to' (5)");
        yield return Case("services", "datasource=nope", "parameter 'datasource':");
        yield return Case("stats", "datasource=nope", "parameter 'datasource':");
    }

    [TestCaseSource(nameof(BadRequests))]
    public async Task BadInput_Is400NamingTheParameter(string path, string query, string messageStart)
    {
        var demo = await SeededStore.SharedAsync();

        var answer = await RouteCall.GetAsync(demo.Instance(), path, query);

        answer.Status.Should().Be(400, answer.Text);
        answer.Kind.Should().Be("bad_request");
        answer.Message.Should().StartWith(messageStart);
    }

    [TestCase("stats", "POST")]
    [TestCase("services", "DELETE")]
    [TestCase("service", "PUT")]
    [TestCase("series", "POST")]
    [TestCase("function-series", "POST")]
    [TestCase("labels", "PATCH")]
    [TestCase("label-names", "POST")]
    [TestCase("label-values", "DELETE")]
    public async Task WrongMethod_Is405AllowingGet(string path, string method)
    {
        var demo = await SeededStore.SharedAsync();

        var answer = await RouteCall.GetAsync(demo.Instance(), path, "", method);

        answer.Status.Should().Be(405);
        answer.Headers["Allow"].Should().Be("GET");
        answer.Message.Should().Be($"route '{path}' does not accept {method}; it accepts GET");
    }

    [Test]
    public async Task Head_AnswersLikeGetWithoutBody()
    {
        var demo = await SeededStore.SharedAsync();

        var answer = await RouteCall.GetAsync(demo.Instance(), "services", "", "HEAD");

        answer.Status.Should().Be(200);
        answer.Text.Should().BeEmpty();
    }

    [Test]
    public async Task ConfiguredSourceThatIsNotOpen_IsAPluginError()
    {
        var instance = new HotpathInstance(HotpathSettings.Embedded("/nonexistent/hotpath"), store: null, new FixedClock(SeededStore.Now));

        var answer = await RouteCall.GetAsync(instance, "services");

        answer.Status.Should().Be(500);
        answer.Message.Should().Contain("data source 'embedded' is not available");
    }

    [Test]
    public async Task FailingStore_Is502NamingTheSource()
    {
        var store = await SmallStore.CreateAsync();
        var instance = new HotpathInstance(HotpathSettings.Embedded(store.Folder), new EmbeddedStore(store.Store), new FixedClock(SeededStore.Now));
        await store.Store.DisposeAsync();
        try
        {
            foreach (var (path, query) in new[] { ("stats", ""), ("services", ""), ("series", Cpu), ("labels", Cpu), ("label-names", ""), ("service", "service=a") })
            {
                var answer = await RouteCall.GetAsync(instance, path, query);

                answer.Status.Should().Be(502, $"{path}: {answer.Text}");
                answer.Kind.Should().Be("downstream");
                answer.Message.Should().StartWith("embedded store 'embedded':");
            }
        }
        finally
        {
            await store.DisposeAsync();
        }
    }
}
