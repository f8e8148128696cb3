using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Hotpath.Plugin.Metrics;

/// <summary>
/// The process's own metrics as System.Diagnostics.Metrics instruments on one <see cref="Meter"/> named
/// <see cref="MeterName"/>, each instrument named with the Prometheus name it is exposed under
/// (docs/api.md lists them). <see cref="Render"/> gives the Prometheus text exposition (version 0.0.4),
/// written by prometheus-net, for Grafana's CollectMetrics and the standalone server's <c>/metrics</c>.
/// Label values are bounded by construction: routes are templates (or <c>unmatched</c>), methods and
/// codes come from small fixed sets.
/// </summary>
public sealed class PluginMetrics : IDisposable
{
    public const string MeterName = "Hotpath";

    /// <summary>Latency bucket bounds in seconds, from a fast cached answer to a slow merge.</summary>
    private static readonly double[] LatencyBuckets = [0.001, 0.005, 0.025, 0.1, 0.25, 1, 2.5, 10, 30];

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _grpc;
    private readonly Counter<long> _errors;
    private readonly PrometheusExposition _exposition;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _started;

    public PluginMetrics(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _started = time.GetUtcNow();
        _requests = _meter.CreateCounter<long>("hotpath_resource_requests_total", description: "Resource calls by route, method and HTTP status.");
        _latency = _meter.CreateHistogram(
            "hotpath_resource_request_duration_seconds", unit: "s", description: "Resource call latency by route.", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _grpc = _meter.CreateCounter<long>("hotpath_grpc_calls_total", description: "gRPC calls by method and status code.");
        _errors = _meter.CreateCounter<long>("hotpath_errors_total", description: "Failed calls by error source (plugin or downstream).");
        CreateProcessInstruments();
        _exposition = new PrometheusExposition(_meter);
    }

    public void ObserveResource(string route, string method, int status, TimeSpan elapsed)
    {
        _requests.Add(1,
            new KeyValuePair<string, object?>("route", route),
            new KeyValuePair<string, object?>("method", method),
            new KeyValuePair<string, object?>("status", StatusText(status)));
        _latency.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("route", route));
        if (status >= 500)
        {
            CountError(status is 502 or 504 ? "downstream" : "plugin");
        }
    }

    public void ObserveGrpc(string method, string code) =>
        _grpc.Add(1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("code", code));

    public void CountError(string source) => _errors.Add(1, new KeyValuePair<string, object?>("source", source));

    /// <summary>The Prometheus text exposition of every instrument of this meter.</summary>
    public string Render()
    {
        using var buffer = new MemoryStream(4096);
        // Into memory: nothing here waits on I/O, so the synchronous callers (CollectMetrics, /metrics) block on no one.
        _exposition.WriteAsync(buffer, CancellationToken.None).GetAwaiter().GetResult();
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public void Dispose()
    {
        _exposition.Dispose();
        _meter.Dispose();
    }

    private static string StatusText(int status) => status switch
    {
        200 => "200",
        404 => "404",
        _ => status.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Read at each scrape: memory, CPU, threads and the GC, under the names Prometheus' client libraries use.</summary>
    private void CreateProcessInstruments()
    {
        _meter.CreateObservableGauge("process_resident_memory_bytes", () => FromProcess(p => p.WorkingSet64), description: "Resident memory size in bytes.");
        _meter.CreateObservableGauge("process_virtual_memory_bytes", () => FromProcess(p => p.VirtualMemorySize64), description: "Virtual memory size in bytes.");
        _meter.CreateObservableCounter("process_cpu_seconds_total", () => FromProcess(p => p.TotalProcessorTime.TotalSeconds), description: "User and system CPU time spent in seconds.");
        _meter.CreateObservableGauge("process_start_time_seconds", () => _started.ToUnixTimeMilliseconds() / 1000.0, description: "Start time of the process since the Unix epoch in seconds.");
        _meter.CreateObservableGauge("process_threads", () => FromProcess(p => (long)p.Threads.Count), description: "Threads in the process.");
        _meter.CreateObservableGauge("dotnet_gc_heap_bytes", () => GC.GetGCMemoryInfo().HeapSizeBytes, description: "Bytes on the managed heap after the last collection.");
        _meter.CreateObservableGauge("dotnet_gc_allocated_bytes", () => GC.GetTotalAllocatedBytes(), description: "Bytes allocated on the managed heap since start.");
        _meter.CreateObservableGauge("dotnet_gc_pause_ratio",
            () => GC.GetTotalPauseDuration().TotalSeconds / Math.Max(1e-9, (_time.GetUtcNow() - _started).TotalSeconds),
            description: "Fraction of time spent paused in garbage collection since start.");
        _meter.CreateObservableCounter("dotnet_gc_collections_total", Collections, description: "Garbage collections by generation.");
    }

    private static IEnumerable<Measurement<long>> Collections()
    {
        for (var gen = 0; gen <= GC.MaxGeneration; gen++)
        {
            yield return new Measurement<long>(GC.CollectionCount(gen), new KeyValuePair<string, object?>("generation", gen.ToString(CultureInfo.InvariantCulture)));
        }
    }

    private static T FromProcess<T>(Func<Process, T> read)
    {
        using var process = Process.GetCurrentProcess();
        return read(process);
    }
}
