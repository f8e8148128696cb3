using Google.Protobuf;
using Hotpath.Engine.CallTrees;
using Hotpath.Engine.FlameGraphs;
using Hotpath.Plugin.Frames;
using Hotpath.Plugin.Frames.Arrow;
using Hotpath.Plugin.Grafana.Data;
using Hotpath.Plugin.Grpc;
using Hotpath.Plugin.Protocol.PluginV2;
using Hotpath.Query;
using Hotpath.Query.Routing;
using Hotpath.Query.Settings;
using Hotpath.Query.Sources;
using Microsoft.Extensions.Logging;

namespace Hotpath.Plugin.Grafana;

/// <summary>
/// <c>pluginv2.Data/QueryData</c> for the nested data source: each query runs on the data source's
/// profile source and answers Grafana's Pyroscope frames (flame graph, time series, or both) as
/// Arrow. Queries run concurrently and fail one by one: a bad query gets its own 400, a failing
/// source its own 502/504 marked downstream, and the others still answer.
/// </summary>
public sealed partial class DataService(InstanceManager instances, ILogger<DataService> log)
{
    public async Task<QueryDataResponse> QueryDataAsync(QueryDataRequest request, GrpcCallContext call)
    {
        var response = new QueryDataResponse();
        HotpathInstance instance;
        try
        {
            instance = instances.Get(request.PluginContext ?? new PluginContext());
        }
        catch (SettingsException e)
        {
            foreach (var query in request.Queries)
            {
                response.Responses[query.RefId] = Failure(500, "plugin", $"query {query.RefId}: invalid data source settings: {e.Message}");
            }
            return response;
        }
        var answers = await Task.WhenAll(request.Queries.Select(q => RunAsync(q, instance, call.CancellationToken))).ConfigureAwait(false);
        for (var i = 0; i < answers.Length; i++)
        {
            response.Responses[request.Queries[i].RefId] = answers[i];
        }
        return response;
    }

    private async Task<DataResponse> RunAsync(DataQuery query, HotpathInstance instance, CancellationToken cancellationToken)
    {
        var limits = instance.Settings.Limits;
        try
        {
            var model = ProfileQuery.Parse(query, limits);
            var source = instance.Source(model.DataSource, "source");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(limits.RequestTimeout);
            var frames = new List<DataFrame>();
            if (model.Type is ProfileQueryType.Metrics or ProfileQueryType.Both)
            {
                var series = await source.SelectSeriesAsync(new SeriesRequest(model.ProfileTypeId, model.LabelSelector, model.Range, model.StepSeconds)
                {
                    GroupBy = model.GroupBy,
                    Limit = model.Limit,
                }, timeout.Token).ConfigureAwait(false);
                frames.AddRange(QueryFrames.Series(series, model.ProfileTypeId));
            }
            if (model.Type is ProfileQueryType.Profile or ProfileQueryType.Both)
            {
                var stacks = await source.MergeStacksAsync(new MergeRequest(model.ProfileTypeId, model.LabelSelector, model.Range), timeout.Token).ConfigureAwait(false);
                var graph = NestedSetFlameGraph.Build(CallTree.FromStacks(stacks), model.MaxNodes);
                frames.Add(QueryFrames.FlameGraph(graph, model.ProfileTypeId));
            }
            var answer = new DataResponse { Status = 200, Format = DataFrameFormat.Arrow };
            foreach (var frame in frames)
            {
                answer.Frames.Add(ByteString.CopyFrom(ArrowFileWriter.Write(frame.WithRefId(query.RefId))));
            }
            return answer;
        }
        catch (QueryModelException e)
        {
            return Failure(400, "downstream", $"query {query.RefId}: {e.Message}");
        }
        catch (ResourceError e)
        {
            return Failure(e.Kind.Status(), e.Kind == ErrorKind.Plugin ? "plugin" : "downstream", $"query {query.RefId}: {e.Message}");
        }
        catch (SourceException e)
        {
            var status = e.Kind switch
            {
                SourceErrorKind.BadRequest => 400,
                SourceErrorKind.DownstreamTimeout => 504,
                _ => 502,
            };
            return Failure(status, "downstream", $"query {query.RefId}: {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failure(504, "downstream", $"query {query.RefId}: no answer within {limits.RequestTimeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogQueryFailed(log, e, query.RefId);
            return Failure(500, "plugin", $"query {query.RefId}: Hotpath failed; see the plugin log");
        }
    }

    private static DataResponse Failure(int status, string source, string message) =>
        new() { Status = status, Error = message, ErrorSource = source, Format = DataFrameFormat.Arrow };

    [LoggerMessage(Level = LogLevel.Error, Message = "query {RefId} failed")]
    private static partial void LogQueryFailed(ILogger logger, Exception exception, string refId);
}
