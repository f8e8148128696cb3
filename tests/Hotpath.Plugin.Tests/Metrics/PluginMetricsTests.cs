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
        var metrics = new PluginMetrics(TimeProvider.System);
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
        lines.Should().Contain("hotpath_resource_request_duration_seconds_count{route=\"health\"} 2");
        lines.Should().Contain("hotpath_errors_total{source=\"downstream\"} 1");
        lines.Should().Contain("hotpath_grpc_calls_total{method=\"/pluginv2.Diagnostics/CheckHealth\",code=\"OK\"} 1");
        lines.Should().Contain(l => l.StartsWith("process_resident_memory_bytes "));
        lines.Should().Contain(l => l.StartsWith("dotnet_gc_collections_total{generation=\"0\"} "));
    }
}
