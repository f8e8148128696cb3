using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using Prometheus;

namespace Hotpath.Plugin.Metrics;

/// <summary>
/// Publishes one <see cref="Meter"/>'s instruments in a private prometheus-net registry, keeping each
/// instrument's kind: Counter and ObservableCounter become Prometheus counters, Histogram a histogram with
/// the buckets the instrument advises, ObservableGauge a gauge. The instrument name is the metric name.
/// (prometheus-net's own MeterAdapter exposes every counter as a gauge, prefixes the meter name and drops
/// series idle for five minutes, which would make counters vanish between rare calls.)
/// A metric's label names are the tag names of its first measurement, in their order; later measurements
/// are matched by tag name, a missing tag reading as "". Observable instruments are read at each export.
/// </summary>
internal sealed class PrometheusExposition : IDisposable
{
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly IMetricFactory _factory;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, Series> _series = new();

    public PrometheusExposition(Meter meter)
    {
        _factory = Prometheus.Metrics.WithCustomRegistry(_registry);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
        _registry.AddBeforeCollectCallback(_listener.RecordObservableInstruments);
    }

    public Task WriteAsync(Stream destination, CancellationToken cancel) =>
        _registry.CollectAndExportAsTextAsync(destination, ExpositionFormat.PrometheusText, cancel);

    public void Dispose() => _listener.Dispose();

    /// <summary>
    /// Runs inside the instrument's Add/Record. It throws only for an instrument this class cannot map (a
    /// programming error the metrics tests meet at the first measurement), never for a value.
    /// </summary>
    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!_series.TryGetValue(instrument, out Series? series))
        {
            var names = new string[tags.Length];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = tags[i].Key;
            }

            series = _series.GetOrAdd(instrument, Create(instrument, names));
        }
        var values = new string[series.LabelNames.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = "";
            foreach (var tag in tags)
            {
                if (tag.Key == series.LabelNames[i])
                {
                    values[i] = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "";
                    break;
                }
            }
        }
        series.Record(values, value);
    }

    private Series Create(Instrument instrument, string[] labelNames)
    {
        string help = instrument.Description ?? instrument.Name;
        switch (instrument)
        {
            case Counter<long> or Counter<double>:
                {
                    var counter = _factory.CreateCounter(instrument.Name, help, labelNames);
                    return new Series(labelNames, (labels, v) => counter.WithLabels(labels).Inc(v));
                }
            case ObservableCounter<long> or ObservableCounter<double>:
                {
                    // Observations are running totals.
                    var counter = _factory.CreateCounter(instrument.Name, help, labelNames);
                    return new Series(labelNames, (labels, v) => counter.WithLabels(labels).IncTo(v));
                }
            case Histogram<double> histogram:
                {
                    var buckets = histogram.Advice?.HistogramBucketBoundaries
                        ?? throw new InvalidOperationException($"histogram '{instrument.Name}' declares no bucket boundaries (InstrumentAdvice)");
                    var metric = _factory.CreateHistogram(instrument.Name, help, labelNames, new HistogramConfiguration { Buckets = [.. buckets] });
                    return new Series(labelNames, (labels, v) => metric.WithLabels(labels).Observe(v));
                }
            case ObservableGauge<long> or ObservableGauge<double>:
                {
                    var gauge = _factory.CreateGauge(instrument.Name, help, labelNames);
                    return new Series(labelNames, (labels, v) => gauge.WithLabels(labels).Set(v));
                }
            default:
                throw new NotSupportedException($"instrument '{instrument.Name}' ({instrument.GetType().Name}) has no Prometheus mapping here");
        }
    }

    private sealed record Series(string[] LabelNames, Action<string[], double> Record);
}
