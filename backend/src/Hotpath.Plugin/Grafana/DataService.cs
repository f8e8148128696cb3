using Google.Protobuf;
using Grpc.Core;
using Hotpath.Engine.Errors;
using Hotpath.Plugin.Frames.Arrow;
using Hotpath.Plugin.Protocol.PluginV2;
using Hotpath.Query;
using Hotpath.Query.DataQueries;
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
public sealed partial class DataService(InstanceManager instances, ILogger<DataService> log) : Protocol.PluginV2.Data.DataBase
{
    public override async Task<QueryDataResponse> QueryData(QueryDataRequest request, ServerCallContext context)
    {
        var response = new QueryDataResponse();
        InstanceUse use;
        try
        {
            use = instances.Use(request.PluginContext ?? new PluginContext());
        }
        catch (SettingsException e)
        {
            foreach (var query in request.Queries)
            {
                response.Responses[query.RefId] = Failure(500, "plugin", $"query {query.RefId}: invalid data source settings: {e.Message}");
            }
            return response;
        }
        DataResponse[] answers;
        using (use)
        {
            answers = await Task.WhenAll(request.Queries.Select(q => RunAsync(q, use.Instance, context.CancellationToken))).ConfigureAwait(false);
        }
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
            var model = ProfileQuery.Parse(Input(query), limits);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(limits.RequestTimeout);
            var frames = await QueryRunner.RunAsync(model, instance, timeout.Token).ConfigureAwait(false);
            var answer = new DataResponse { Status = 200, Format = DataFrameFormat.Arrow };
            foreach (var frame in frames)
            {
                answer.Frames.Add(ByteString.CopyFrom(ArrowFrameWriter.Write(frame.WithRefId(query.RefId))));
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
            return Failure(e.Kind.Status(), "downstream", $"query {query.RefId}: {e.Message}");
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

    /// <summary>The query in the application's terms, copied from Grafana's message.</summary>
    public static DataQueryInput Input(DataQuery query) => new(query.RefId, query.QueryType, query.Json.Memory,
        query.TimeRange?.FromEpochMS ?? 0, query.TimeRange?.ToEpochMS ?? 0, query.IntervalMS);

    private static DataResponse Failure(int status, string source, string message) =>
        new() { Status = status, Error = message, ErrorSource = source, Format = DataFrameFormat.Arrow };

    [LoggerMessage(Level = LogLevel.Error, Message = "query {RefId} failed")]
    private static partial void LogQueryFailed(ILogger logger, Exception exception, string refId);
}
