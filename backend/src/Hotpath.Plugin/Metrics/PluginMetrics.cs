using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Hotpath.Plugin.Metrics;

/// <summary>
/// The process's own metrics, rendered in the Prometheus text exposition format (version 0.0.4)
/// for Grafana's CollectMetrics. Label values are bounded by construction: routes are templates
/// (or <c>unmatched</c>), methods and codes come from small fixed sets.
/// </summary>
public sealed class PluginMetrics(TimeProvider time)
{
    /// <summary>Latency bucket bounds in seconds, from a fast cached answer to a slow merge.</summary>
    private static readonly double[] Buckets = [0.001, 0.005, 0.025, 0.1, 0.25, 1, 2.5, 10, 30];

    private readonly ConcurrentDictionary<(string Route, string Method, int Status), long> _requests = new();
    private readonly ConcurrentDictionary<string, Histogram> _latency = new();
    private readonly ConcurrentDictionary<(string Method, string Code), long> _grpc = new();
    private readonly ConcurrentDictionary<string, long> _errors = new();
    private readonly DateTimeOffset _started = time.GetUtcNow();

    public void ObserveResource(string route, string method, int status, TimeSpan elapsed)
    {
        _requests.AddOrUpdate((route, method, status), 1, (_, n) => n + 1);
        _latency.GetOrAdd(route, _ => new Histogram()).Observe(elapsed.TotalSeconds);
        if (status >= 500)
        {
            CountError(status is 502 or 504 ? "downstream" : "plugin");
        }
    }

    public void ObserveGrpc(string method, string code) => _grpc.AddOrUpdate((method, code), 1, (_, n) => n + 1);

    public void CountError(string source) => _errors.AddOrUpdate(source, 1, (_, n) => n + 1);

    public string Render()
    {
        var text = new StringBuilder(4096);
        Family(text, "hotpath_resource_requests_total", "counter", "Resource calls by route, method and HTTP status.");
        foreach (var ((route, method, status), count) in _requests.OrderBy(k => k.Key))
        {
            Line(text, "hotpath_resource_requests_total", $"route=\"{Escape(route)}\",method=\"{method}\",status=\"{status}\"", count);
        }
        Family(text, "hotpath_resource_request_duration_seconds", "histogram", "Resource call latency by route.");
        foreach (var (route, histogram) in _latency.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            histogram.Render(text, "hotpath_resource_request_duration_seconds", $"route=\"{Escape(route)}\"");
        }
        Family(text, "hotpath_grpc_calls_total", "counter", "gRPC calls by method and status code.");
        foreach (var ((method, code), count) in _grpc.OrderBy(k => k.Key))
        {
            Line(text, "hotpath_grpc_calls_total", $"method=\"{Escape(method)}\",code=\"{code}\"", count);
        }
        Family(text, "hotpath_errors_total", "counter", "Failed calls by error source (plugin or downstream).");
        foreach (var (source, count) in _errors.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            Line(text, "hotpath_errors_total", $"source=\"{source}\"", count);
        }
        RenderProcess(text);
        return text.ToString();
    }

    private void RenderProcess(StringBuilder text)
    {
        using var process = Process.GetCurrentProcess();
        Gauge(text, "process_resident_memory_bytes", "Resident memory size in bytes.", process.WorkingSet64);
        Gauge(text, "process_virtual_memory_bytes", "Virtual memory size in bytes.", process.VirtualMemorySize64);
        Family(text, "process_cpu_seconds_total", "counter", "User and system CPU time spent in seconds.");
        Line(text, "process_cpu_seconds_total", null, process.TotalProcessorTime.TotalSeconds);
        Gauge(text, "process_start_time_seconds", "Start time of the process since the Unix epoch in seconds.", _started.ToUnixTimeMilliseconds() / 1000.0);
        Gauge(text, "process_threads", "Threads in the process.", process.Threads.Count);
        Gauge(text, "dotnet_gc_heap_bytes", "Bytes on the managed heap after the last collection.", GC.GetGCMemoryInfo().HeapSizeBytes);
        Gauge(text, "dotnet_gc_allocated_bytes", "Bytes allocated on the managed heap since start.", GC.GetTotalAllocatedBytes());
        Gauge(text, "dotnet_gc_pause_ratio", "Fraction of time spent paused in garbage collection since start.", GC.GetTotalPauseDuration().TotalSeconds / Math.Max(1e-9, (time.GetUtcNow() - _started).TotalSeconds));
        Family(text, "dotnet_gc_collections_total", "counter", "Garbage collections by generation.");
        for (var gen = 0; gen <= GC.MaxGeneration; gen++)
        {
            Line(text, "dotnet_gc_collections_total", $"generation=\"{gen}\"", GC.CollectionCount(gen));
        }
    }

    private static void Gauge(StringBuilder text, string name, string help, double value)
    {
        Family(text, name, "gauge", help);
        Line(text, name, null, value);
    }

    private static void Family(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Line(StringBuilder text, string name, string? labels, double value)
    {
        text.Append(name);
        if (labels is not null)
        {
            text.Append('{').Append(labels).Append('}');
        }
        text.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

    private sealed class Histogram
    {
        private readonly long[] _counts = new long[Buckets.Length + 1];
        private long _count;
        private double _sum;
        private readonly Lock _gate = new();

        public void Observe(double seconds)
        {
            lock (_gate)
            {
                var i = 0;
                while (i < Buckets.Length && seconds > Buckets[i])
                {
                    i++;
                }
                _counts[i]++;
                _count++;
                _sum += seconds;
            }
        }

        public void Render(StringBuilder text, string name, string labels)
        {
            lock (_gate)
            {
                long cumulative = 0;
                for (var i = 0; i < Buckets.Length; i++)
                {
                    cumulative += _counts[i];
                    Line(text, name + "_bucket", $"{labels},le=\"{Buckets[i].ToString(CultureInfo.InvariantCulture)}\"", cumulative);
                }
                Line(text, name + "_bucket", $"{labels},le=\"+Inf\"", _count);
                Line(text, name + "_sum", labels, _sum);
                Line(text, name + "_count", labels, _count);
            }
        }
    }
}
