using Google.Protobuf;
using Hotpath.Plugin.Pyroscope.Connect;
using Hotpath.Plugin.Pyroscope.Wire.Querier;
using Hotpath.Plugin.Pyroscope.Wire.Types;
using Hotpath.Query.Querier;
using SeriesAggregationKind = Hotpath.Query.Sources.SeriesAggregationKind;

namespace Hotpath.Plugin.Pyroscope.Endpoints;

/// <summary>
/// <c>querier.v1.QuerierService</c> on the wire: each RPC copies its request into the application's
/// terms, calls <see cref="QuerierService"/>, and copies the answer into the response message.
/// Refusals become Connect errors (<see cref="ConnectErrors"/>) with Pyroscope's messages.
/// </summary>
public sealed class QuerierEndpoints(QuerierService querier)
{
    /// <summary>
    /// Whether the client may receive UTF-8 label names (<c>Accept: …; allow-utf8-labelnames=true</c>);
    /// without it LabelNames and Series leave out names such as <c>service.name</c>, as Pyroscope does.
    /// </summary>
    public static bool AllowsUtf8LabelNames(string? accept) =>
        accept is not null && accept.Contains("allow-utf8-labelnames=true", StringComparison.OrdinalIgnoreCase);

    public Task<IMessage> ProfileTypesAsync(ProfileTypesRequest request, CancellationToken cancellationToken) => Run(async () =>
    {
        var response = new ProfileTypesResponse();
        response.ProfileTypes.AddRange((await querier.ProfileTypesAsync(request.Start, request.End, cancellationToken).ConfigureAwait(false)).Select(WireConvert.ToWire));
        return response;
    });

    public Task<IMessage> LabelNamesAsync(LabelNamesRequest request, bool utf8Names, CancellationToken cancellationToken) => Run(async () =>
    {
        var response = new LabelNamesResponse();
        response.Names.AddRange(await querier.LabelNamesAsync([.. request.Matchers], request.Start, request.End, utf8Names, cancellationToken).ConfigureAwait(false));
        return response;
    });

    public Task<IMessage> LabelValuesAsync(LabelValuesRequest request, CancellationToken cancellationToken) => Run(async () =>
    {
        var response = new LabelValuesResponse();
        response.Names.AddRange(await querier.LabelValuesAsync(request.Name, [.. request.Matchers], request.Start, request.End, cancellationToken).ConfigureAwait(false));
        return response;
    });

    public Task<IMessage> SeriesAsync(SeriesRequest request, bool utf8Names, CancellationToken cancellationToken) => Run(async () =>
    {
        var sets = await querier.SeriesAsync([.. request.Matchers], [.. request.LabelNames], request.Start, request.End, utf8Names, cancellationToken).ConfigureAwait(false);
        var response = new SeriesResponse();
        foreach (var set in sets)
        {
            var labels = new Labels();
            labels.Labels_.AddRange(WireConvert.ToWire(set));
            response.LabelsSet.Add(labels);
        }
        return response;
    });

    public Task<IMessage> SelectSeriesAsync(SelectSeriesRequest request, CancellationToken cancellationToken) => Run(async () =>
    {
        var response = new SelectSeriesResponse();
        response.Series.AddRange((await querier.SelectSeriesAsync(Input(request), cancellationToken).ConfigureAwait(false)).Select(WireConvert.ToWire));
        return response;
    });

    public Task<IMessage> SelectMergeStacktracesAsync(SelectMergeStacktracesRequest request, CancellationToken cancellationToken) => Run(async () =>
    {
        var answer = await querier.SelectMergeStacktracesAsync(Input(request), cancellationToken).ConfigureAwait(false);
        var response = new SelectMergeStacktracesResponse();
        if (answer.FlameGraph is { } flame)
        {
            response.Flamegraph = WireConvert.ToWire(flame);
        }
        if (answer.Pprof is { } profile)
        {
            response.Pprof = new PprofProfile { Profile = WireConvert.ToWire(profile) };
        }
        return response;
    });

    public Task<IMessage> SelectMergeProfileAsync(SelectMergeProfileRequest request, CancellationToken cancellationToken) => Run(async () =>
    {
        return WireConvert.ToWire(await querier.SelectMergeProfileAsync(Input(request), cancellationToken).ConfigureAwait(false));
    });

    public Task<IMessage> DiffAsync(DiffRequest request, CancellationToken cancellationToken) => Run(async () =>
    {
        var diff = await querier.DiffAsync(request.Left is null ? null : Input(request.Left), request.Right is null ? null : Input(request.Right), cancellationToken)
            .ConfigureAwait(false);
        return new DiffResponse { Flamegraph = WireConvert.ToWire(diff) };
    });

    public Task<IMessage> GetProfileStatsAsync(GetProfileStatsRequest request, CancellationToken cancellationToken) => Run(async () =>
    {
        var stats = await querier.StatsAsync(cancellationToken).ConfigureAwait(false);
        return new GetProfileStatsResponse
        {
            DataIngested = stats.DataIngested,
            OldestProfileTime = stats.OldestProfileTimeMs,
            NewestProfileTime = stats.NewestProfileTimeMs,
        };
    });

    /// <summary>The request in the application's terms: copied field by field, nothing checked.</summary>
    public static MergeInput Input(SelectMergeStacktracesRequest request) => new(request.ProfileTypeID, request.LabelSelector, request.Start, request.End)
    {
        MaxNodes = request.HasMaxNodes ? request.MaxNodes : null,
        Format = (MergeFormat)request.Format,
        CallSite = CallSite(request.StackTraceSelector),
        SpanSelector = [.. request.SpanSelector],
        TraceIdSelector = [.. request.TraceIdSelector],
        ProfileIdSelector = [.. request.ProfileIdSelector],
    };

    public static MergeInput Input(SelectMergeProfileRequest request) => new(request.ProfileTypeID, request.LabelSelector, request.Start, request.End)
    {
        MaxNodes = request.HasMaxNodes ? request.MaxNodes : null,
        Format = MergeFormat.Pprof,
        CallSite = CallSite(request.StackTraceSelector),
        TraceIdSelector = [.. request.TraceIdSelector],
        ProfileIdSelector = [.. request.ProfileIdSelector],
    };

    public static SeriesInput Input(SelectSeriesRequest request) => new(request.ProfileTypeID, request.LabelSelector, request.Start, request.End, request.Step)
    {
        GroupBy = [.. request.GroupBy],
        Aggregation = request.HasAggregation && request.Aggregation == TimeSeriesAggregationType.Average ? SeriesAggregationKind.Average : SeriesAggregationKind.Sum,
        Limit = request.HasLimit ? request.Limit : null,
        Exemplars = (ExemplarKind)request.ExemplarType,
        CallSite = CallSite(request.StackTraceSelector),
    };

    private static string[] CallSite(StackTraceSelector? selector) =>
        selector is null ? [] : [.. selector.CallSite.Select(l => l.Name)];

    private static async Task<IMessage> Run(Func<Task<IMessage>> query)
    {
        try
        {
            return await query().ConfigureAwait(false);
        }
        catch (Exception e) when (ConnectErrors.From(e) is { } refusal)
        {
            throw refusal;
        }
    }
}
