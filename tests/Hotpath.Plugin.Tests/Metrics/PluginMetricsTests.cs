using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using FluentAssertions;
using Hotpath.Plugin.Metrics;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Metrics;

public partial class PluginMetricsTests
{
    [GeneratedRegex("""^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*"(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*")*\})? -?[0-9.eE+-]+$""")]
    private static partial Regex SampleLine();

    [Test]
    public void Render_IsValidPrometheusTextWithEveryFamilyTyped()
    {
        using var metrics = new PluginMetrics(TimeProvider.System);
        metrics.ObserveResource("health", "GET", 200, TimeSpan.FromMilliseconds(3));
        metrics.ObserveResource("health", "GET", 200, TimeSpan.FromMilliseconds(40));
        metrics.ObserveResource("unmatched", "GET", 404, TimeSpan.FromMilliseconds(1));
        metrics.ObserveResource("datasources", "GET", 502, TimeSpan.FromSeconds(2));
        metrics.ObserveGrpc("/pluginv2.Diagnostics/CheckHealth", "OK");

        var lines = metrics.Render().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var typed = lines.Where(l => l.StartsWith("# TYPE ")).Select(l => l.Split(' ')[2]).ToHashSet();
        foreach (var sample in lines.Where(l => !l.StartsWith('#')))
        {
            sample.Should().MatchRegex(SampleLine().ToString());
            var name = sample.Split('{', ' ')[0];
            typed.Should().Contain(t => name == t || name.StartsWith(t + "_"), $"sample {name} has a # TYPE");
        }
        lines.Should().Contain("hotpath_resource_requests_total{route=\"health\",method=\"GET\",status=\"200\"} 2");
        lines.Should().Contain("hotpath_resource_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1");
        lines.Should().Contain("hotpath_resource_request_duration_seconds_bucket{route=\"health\",le=\"0.005\"} 1");
        lines.Should().Contain("hotpath_resource_request_duration_seconds_bucket{route=\"health\",le=\"0.1\"} 2");
        lines.Should().Contain("hotpath_resource_request_duration_seconds_bucket{route=\"health\",le=\"+Inf\"} 2");
        lines.Should().Contain("hotpath_resource_request_duration_seconds_count{route=\"health\"} 2");
        lines.Should().Contain("hotpath_errors_total{source=\"downstream\"} 1");
        lines.Should().Contain("hotpath_grpc_calls_total{method=\"/pluginv2.Diagnostics/CheckHealth\",code=\"OK\"} 1");
        lines.Should().Contain(l => l.StartsWith("process_resident_memory_bytes "));
        lines.Should().Contain(l => l.StartsWith("dotnet_gc_collections_total{generation=\"0\"} "));
    }

    /// <summary>Counters stay counters (a gauge would make Prometheus' rate() and Grafana's hints wrong).</summary>
    [Test]
    public void Render_TypesEachFamilyByItsInstrumentKind()
    {
        using var metrics = new PluginMetrics(TimeProvider.System);
        metrics.ObserveResource("health", "GET", 500, TimeSpan.FromMilliseconds(3));
        metrics.ObserveGrpc("/pluginv2.Data/QueryData", "OK");

        var lines = metrics.Render().Split('\n');

        lines.Should().Contain("# TYPE hotpath_resource_requests_total counter")
            .And.Contain("# TYPE hotpath_resource_request_duration_seconds histogram")
            .And.Contain("# TYPE hotpath_grpc_calls_total counter")
            .And.Contain("# TYPE hotpath_errors_total counter")
            .And.Contain("# TYPE process_cpu_seconds_total counter")
            .And.Contain("# TYPE dotnet_gc_collections_total counter")
            .And.Contain("# TYPE process_resident_memory_bytes gauge")
            .And.Contain("# TYPE process_start_time_seconds gauge");
        lines.Should().Contain("hotpath_errors_total{source=\"plugin\"} 1");
    }

    [Test]
    public void Render_CountsOnlyItsOwnInstruments()
    {
        using var first = new PluginMetrics(TimeProvider.System);
        using var second = new PluginMetrics(TimeProvider.System);

        first.ObserveGrpc("/pluginv2.Data/QueryData", "OK");
        first.ObserveGrpc("/pluginv2.Data/QueryData", "OK");
        second.ObserveGrpc("/pluginv2.Data/QueryData", "OK");

        first.Render().Should().Contain("hotpath_grpc_calls_total{method=\"/pluginv2.Data/QueryData\",code=\"OK\"} 2\n");
        second.Render().Should().Contain("hotpath_grpc_calls_total{method=\"/pluginv2.Data/QueryData\",code=\"OK\"} 1\n");
    }

    /// <summary>The instruments are ordinary System.Diagnostics.Metrics ones: any listener (dotnet-counters, OpenTelemetry) sees them.</summary>
    [Test]
    public void Instruments_AreOnTheHotpathMeterForAnyListener()
    {
        using var metrics = new PluginMetrics(TimeProvider.System);
        var seen = new List<(string Instrument, long Value, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PluginMetrics.MeterName && instrument.Name == "hotpath_grpc_calls_total")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            seen.Add((instrument.Name, value, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.Start();

        metrics.ObserveGrpc("/pluginv2.Resource/CallResource", "NotFound");

        seen.Should().ContainSingle().Which.Should().Be(("hotpath_grpc_calls_total", 1L, "method=/pluginv2.Resource/CallResource,code=NotFound"));
    }
}
