using Google.Protobuf;
using Hotpath.Engine.Errors;
using Hotpath.Plugin.Pyroscope.Wire.Pprof;
using Hotpath.Plugin.Pyroscope.Wire.Querier;
using Hotpath.Plugin.Pyroscope.Wire.Types;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Hotpath.Pyroscope.Client;

/// <summary>
/// A typed client for one Pyroscope source's <c>querier.v1.QuerierService</c> (Connect unary, binary
/// protobuf). Every RPC is an idempotent read, so every one runs under the source's resilience
/// pipeline (<see cref="PyroscopeResilience"/>). Failures surface as <see cref="PyroscopeException"/>;
/// caller cancellation surfaces as <see cref="OperationCanceledException"/>. Create one per source
/// and keep it: the circuit breaker and the learned <see cref="Capabilities"/> live in it.
/// The <see cref="HttpClient"/> is the caller's and is not disposed here.
/// </summary>
public sealed class PyroscopeClient
{
    private readonly ConnectCall _call;
    private readonly Polly.ResiliencePipeline _pipeline;
    private readonly PyroscopeClientOptions _options;

    public PyroscopeClient(HttpClient http, PyroscopeEndpoint endpoint, TimeProvider time, PyroscopeClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(time);
        _options = options ?? PyroscopeClientOptions.Default;
        RequestChecks.Endpoint(endpoint);
        RequestChecks.Options(_options);
        _call = new ConnectCall(http, endpoint, time, _options.MaxResponseBytes);
        _pipeline = PyroscopeResilience.Build(_options, time);
    }

    /// <summary>The source's base URL as it may be shown.</summary>
    public string Source => _call.Source;

    public PyroscopeCapabilities Capabilities { get; } = new();

    public async Task<IReadOnlyList<PyroscopeProfileType>> ProfileTypesAsync(PyroscopeTimeRange range, CancellationToken cancellationToken = default)
    {
        RequestChecks.Range(range, nameof(range));
        var response = await RunAsync("ProfileTypes", new ProfileTypesRequest { Start = range.StartMs, End = range.EndMs }, ProfileTypesResponse.Parser, cancellationToken).ConfigureAwait(false);
        return response.ProfileTypes.Select(t => new PyroscopeProfileType(t.ID, t.Name, t.SampleType, t.SampleUnit, t.PeriodType, t.PeriodUnit)).ToArray();
    }

    /// <param name="matchers">Label selectors such as <c>{service_name="api"}</c>; empty for all series.</param>
    public async Task<IReadOnlyList<string>> LabelNamesAsync(IEnumerable<string> matchers, PyroscopeTimeRange range, CancellationToken cancellationToken = default)
    {
        RequestChecks.Range(range, nameof(range));
        var request = new LabelNamesRequest { Start = range.StartMs, End = range.EndMs };
        request.Matchers.AddRange(matchers);
        var response = await RunAsync("LabelNames", request, LabelNamesResponse.Parser, cancellationToken).ConfigureAwait(false);
        return response.Names.ToArray();
    }

    public async Task<IReadOnlyList<string>> LabelValuesAsync(string name, IEnumerable<string> matchers, PyroscopeTimeRange range, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        RequestChecks.Range(range, nameof(range));
        var request = new LabelValuesRequest { Name = name, Start = range.StartMs, End = range.EndMs };
        request.Matchers.AddRange(matchers);
        var response = await RunAsync("LabelValues", request, LabelValuesResponse.Parser, cancellationToken).ConfigureAwait(false);
        return response.Names.ToArray();
    }

    /// <summary>The label sets of the series matching <paramref name="matchers"/>, restricted to <paramref name="labelNames"/> when any are given.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<PyroscopeLabel>>> SeriesAsync(IEnumerable<string> matchers, IEnumerable<string> labelNames, PyroscopeTimeRange range, CancellationToken cancellationToken = default)
    {
        RequestChecks.Range(range, nameof(range));
        var request = new SeriesRequest { Start = range.StartMs, End = range.EndMs };
        request.Matchers.AddRange(matchers);
        request.LabelNames.AddRange(labelNames);
        var response = await RunAsync("Series", request, SeriesResponse.Parser, cancellationToken).ConfigureAwait(false);
        return response.LabelsSet.Select(set => (IReadOnlyList<PyroscopeLabel>)ToLabels(set.Labels_)).ToArray();
    }

    public async Task<IReadOnlyList<PyroscopeSeries>> SelectSeriesAsync(PyroscopeSeriesQuery query, CancellationToken cancellationToken = default)
    {
        RequestChecks.Series(query, nameof(query));
        var request = new SelectSeriesRequest
        {
            ProfileTypeID = query.ProfileTypeId,
            LabelSelector = query.LabelSelector,
            Start = query.Range.StartMs,
            End = query.Range.EndMs,
            Step = query.StepSeconds,
        };
        request.GroupBy.AddRange(query.GroupBy);
        if (query.Limit is { } limit)
        {
            request.Limit = limit;
        }
        if (query.Aggregation == PyroscopeAggregation.Average)
        {
            request.Aggregation = TimeSeriesAggregationType.Average;
        }
        if (query.CallSite.Count > 0)
        {
            request.StackTraceSelector = CallSite(query.CallSite);
        }
        var response = await RunAsync("SelectSeries", request, SelectSeriesResponse.Parser, cancellationToken).ConfigureAwait(false);
        return response.Series
            .Select(s => new PyroscopeSeries(ToLabels(s.Labels), s.Points.Select(p => new PyroscopePoint(p.Timestamp, p.Value)).ToArray()))
            .ToArray();
    }

    public async Task<PyroscopeFlameGraph> SelectMergeStacktracesAsync(PyroscopeMergeQuery query, CancellationToken cancellationToken = default)
    {
        RequestChecks.Merge(query, nameof(query));
        var request = Merge(query, ProfileFormat.Flamegraph);
        var response = await RunAsync("SelectMergeStacktraces", request, SelectMergeStacktracesResponse.Parser, cancellationToken).ConfigureAwait(false);
        var graph = response.Flamegraph ?? new FlameGraph();
        return new PyroscopeFlameGraph(graph.Names.ToArray(), graph.Levels.Select(l => l.Values.ToArray()).ToArray(), graph.Total, graph.MaxSelf);
    }

    /// <summary>The merged profile as uncompressed pprof bytes (a <c>perftools.profiles.Profile</c>), for the engine to read.</summary>
    public async Task<byte[]> SelectMergeProfileAsync(PyroscopeMergeQuery query, CancellationToken cancellationToken = default)
    {
        RequestChecks.Merge(query, nameof(query));
        var request = new SelectMergeProfileRequest
        {
            ProfileTypeID = query.ProfileTypeId,
            LabelSelector = query.LabelSelector,
            Start = query.Range.StartMs,
            End = query.Range.EndMs,
        };
        if (query.MaxNodes is { } maxNodes)
        {
            request.MaxNodes = maxNodes;
        }
        if (query.CallSite.Count > 0)
        {
            request.StackTraceSelector = CallSite(query.CallSite);
        }
        var profile = await RunAsync("SelectMergeProfile", request, Profile.Parser, cancellationToken).ConfigureAwait(false);
        return profile.ToByteArray();
    }

    /// <summary>
    /// The server-side diff of two selections, or null when the source has no <c>Diff</c> RPC
    /// (404 or <c>unimplemented</c>): then <see cref="PyroscopeCapabilities.SupportsDiff"/> is false,
    /// later calls return null without asking, and the caller diffs two merges itself.
    /// </summary>
    public async Task<PyroscopeFlameGraphDiff?> TryDiffAsync(PyroscopeMergeQuery left, PyroscopeMergeQuery right, CancellationToken cancellationToken = default)
    {
        RequestChecks.Merge(left, nameof(left));
        RequestChecks.Merge(right, nameof(right));
        if (Capabilities.SupportsDiff == false)
        {
            return null;
        }
        var request = new DiffRequest { Left = Merge(left, ProfileFormat.Flamegraph), Right = Merge(right, ProfileFormat.Flamegraph) };
        DiffResponse response;
        try
        {
            response = await RunAsync("Diff", request, DiffResponse.Parser, cancellationToken).ConfigureAwait(false);
        }
        catch (PyroscopeException e) when (e.IsMissingRpc)
        {
            Capabilities.SetDiff(false);
            return null;
        }
        Capabilities.SetDiff(true);
        var graph = response.Flamegraph ?? new FlameGraphDiff();
        return new PyroscopeFlameGraphDiff(graph.Names.ToArray(), graph.Levels.Select(l => l.Values.ToArray()).ToArray(), graph.Total, graph.MaxSelf, graph.LeftTicks, graph.RightTicks);
    }

    public async Task<PyroscopeProfileStats> GetProfileStatsAsync(CancellationToken cancellationToken = default)
    {
        var response = await RunAsync("GetProfileStats", new GetProfileStatsRequest(), GetProfileStatsResponse.Parser, cancellationToken).ConfigureAwait(false);
        return new PyroscopeProfileStats(
            response.DataIngested,
            response.DataIngested ? DateTimeOffset.FromUnixTimeMilliseconds(response.OldestProfileTime) : null,
            response.DataIngested ? DateTimeOffset.FromUnixTimeMilliseconds(response.NewestProfileTime) : null);
    }

    /// <summary>
    /// Profile types in range, or null when the source has no <c>ProfileTypes</c> RPC: then
    /// <see cref="PyroscopeCapabilities.SupportsProfileTypes"/> is false, later calls return null
    /// without asking, and the caller reads <c>__profile_type__</c> from <see cref="SeriesAsync"/>.
    /// </summary>
    public async Task<IReadOnlyList<PyroscopeProfileType>?> TryProfileTypesAsync(PyroscopeTimeRange range, CancellationToken cancellationToken = default)
    {
        RequestChecks.Range(range, nameof(range));
        if (Capabilities.SupportsProfileTypes == false)
        {
            return null;
        }
        try
        {
            var types = await ProfileTypesAsync(range, cancellationToken).ConfigureAwait(false);
            Capabilities.SetProfileTypes(true);
            return types;
        }
        catch (PyroscopeException e) when (e.IsMissingRpc)
        {
            Capabilities.SetProfileTypes(false);
            return null;
        }
    }

    /// <summary>
    /// The source's stats, or null when it has no <c>GetProfileStats</c> RPC (it is internal in
    /// Pyroscope and missing from older versions): then <see cref="PyroscopeCapabilities.SupportsProfileStats"/>
    /// is false and later calls return null without asking.
    /// </summary>
    public async Task<PyroscopeProfileStats?> TryGetProfileStatsAsync(CancellationToken cancellationToken = default)
    {
        if (Capabilities.SupportsProfileStats == false)
        {
            return null;
        }
        try
        {
            var stats = await GetProfileStatsAsync(cancellationToken).ConfigureAwait(false);
            Capabilities.SetProfileStats(true);
            return stats;
        }
        catch (PyroscopeException e) when (e.IsMissingRpc)
        {
            Capabilities.SetProfileStats(false);
            return null;
        }
    }

    private static StackTraceSelector CallSite(IReadOnlyList<string> frames)
    {
        var selector = new StackTraceSelector();
        selector.CallSite.AddRange(frames.Select(f => new Hotpath.Plugin.Pyroscope.Wire.Types.Location { Name = f }));
        return selector;
    }

    private static SelectMergeStacktracesRequest Merge(PyroscopeMergeQuery query, ProfileFormat format)
    {
        var request = new SelectMergeStacktracesRequest
        {
            ProfileTypeID = query.ProfileTypeId,
            LabelSelector = query.LabelSelector,
            Start = query.Range.StartMs,
            End = query.Range.EndMs,
            Format = format,
        };
        if (query.MaxNodes is { } maxNodes)
        {
            request.MaxNodes = maxNodes;
        }
        if (query.CallSite.Count > 0)
        {
            request.StackTraceSelector = CallSite(query.CallSite);
        }
        return request;
    }

    private static PyroscopeLabel[] ToLabels(IEnumerable<LabelPair> pairs) => pairs.Select(p => new PyroscopeLabel(p.Name, p.Value)).ToArray();

    private async Task<TResponse> RunAsync<TResponse>(string rpc, IMessage request, MessageParser<TResponse> parser, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>
    {
        try
        {
            return await _pipeline.ExecuteAsync(async ct => await _call.SendAsync(rpc, request, parser, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException e)
        {
            throw new PyroscopeException(ErrorKind.DownstreamTimeout, rpc, Source, $"no answer within the total bound of {_options.TotalTimeout.TotalSeconds:0.###} s (retries included)", inner: e);
        }
        catch (BrokenCircuitException e)
        {
            var wait = e.RetryAfter is { } after ? $"; next try in {after.TotalSeconds:0.#} s" : "";
            throw new PyroscopeException(ErrorKind.Downstream, rpc, Source, $"not sent: the source failed repeatedly and calls are suspended{wait}", inner: e) { CircuitOpen = true };
        }
    }
}
