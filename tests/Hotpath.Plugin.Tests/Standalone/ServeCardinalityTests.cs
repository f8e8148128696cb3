using System.Net;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using Hotpath.Plugin.Tests.Pyroscope.Serve;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Standalone;

/// <summary>
/// Pyroscope's cardinality limits on the built <c>serve</c>, set by its options: the series limit and
/// the label-count limit refuse with Pyroscope's status and message, store nothing of the refused
/// push, and leave what was accepted intact and still writable.
/// </summary>
[NonParallelizable]
public sealed class ServeCardinalityTests
{
    [Test]
    public async Task Series_and_label_limits_refuse_as_pyroscope_and_keep_accepted_data()
    {
        var data = ServeProcess.NewDataPath();
        await using var server = await ServeProcess.StartAsync(data, "--max-series", "3", "--max-label-names-per-series", "6");
        using var http = new HttpClient { BaseAddress = server.Url };
        try
        {
            async Task<(HttpStatusCode Status, string Body)> Ingest(string name, string folded = "main;work 5\n")
            {
                var response = await http.PostAsync($"/ingest?name={Uri.EscapeDataString(name)}", new StringContent(folded, Encoding.UTF8, "text/plain"));
                return (response.StatusCode, await response.Content.ReadAsStringAsync());
            }

            for (var i = 1; i <= 3; i++)
            {
                (await Ingest($"app{{k=v{i}}}")).Status.Should().Be(HttpStatusCode.OK);
            }

            var fourth = await Ingest("app{k=v4}");
            fourth.Status.Should().Be((HttpStatusCode)429, fourth.Body);
            using (var body = JsonDocument.Parse(fourth.Body))
            {
                body.RootElement.GetProperty("code").GetString().Should().Be("resource_exhausted");
                body.RootElement.GetProperty("message").GetString().Should().Be(
                    "Maximum active series limit exceeded (3/3), reduce the number of active streams (reduce labels or reduce label values), "
                    + "or contact your administrator to see if the limit can be increased");
            }

            // With the labels /ingest adds (__name__, service_name, pyroscope_spy), six tags are over six labels.
            var wide = await Ingest("app{a=1,b=2,c=3,d=4,e=5,f=6}");
            wide.Status.Should().Be(HttpStatusCode.UnprocessableEntity, wide.Body);
            JsonDocument.Parse(wide.Body).RootElement.GetProperty("message").GetString().Should().MatchRegex(@"^profile series '\{.*\}' has \d+ label names; limit 6$");

            // An existing series still takes profiles; the refused ones left nothing behind.
            (await Ingest("app{k=v1}", "main;more 2\n")).Status.Should().Be(HttpStatusCode.OK);
            using var client = new PyroscopeClient(server.Url, json: true);
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            (await client.LabelValuesAsync("k", now - 3_600_000, now + 600_000)).Names.Should().Equal("v1", "v2", "v3");
            (await client.LabelValuesAsync("a", now - 3_600_000, now + 600_000)).Names.Should().BeEmpty();
        }
        finally
        {
            await server.StopAsync();
            ServeProcess.DeleteData(data);
        }
    }

    [TestCase("--max-series", "-1")]
    [TestCase("--max-label-names-per-series", "0")]
    [TestCase("--max-label-value-length", "lots")]
    public void Bad_limit_options_are_usage_errors(string option, string value)
    {
        var act = () => Hotpath.Plugin.Cli.ServeCommand.Parse([option, value]);
        act.Should().Throw<ArgumentException>().WithMessage($"*{option} '{value}' is not a whole number*");
    }

    [Test]
    public void Limit_options_reach_the_server_options()
    {
        var options = Hotpath.Plugin.Cli.ServeCommand.Parse(["--max-series", "0", "--max-label-name-length", "64"]);
        options.MaxSeries.Should().Be(0);
        options.IngestLimits.MaxLabelNameLength.Should().Be(64);
        options.IngestLimits.MaxLabelNamesPerSeries.Should().Be(30);
        Hotpath.Plugin.Cli.ServeCommand.Parse([]).MaxSeries.Should().Be(5000);
    }
}
