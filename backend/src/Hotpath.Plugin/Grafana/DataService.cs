using Hotpath.Plugin.Grpc;
using Hotpath.Plugin.Protocol.PluginV2;

namespace Hotpath.Plugin.Grafana;

/// <summary>
/// <c>pluginv2.Data/QueryData</c> for the nested data source. Frames are not served yet: each
/// query gets its own clear error (status 501, source plugin) rather than an empty or invented
/// frame, so a dashboard shows why it has no data.
/// </summary>
public sealed class DataService
{
    public Task<QueryDataResponse> QueryDataAsync(QueryDataRequest request, GrpcCallContext call)
    {
        var response = new QueryDataResponse();
        foreach (var query in request.Queries)
        {
            var kind = string.IsNullOrEmpty(query.QueryType) ? "profile" : query.QueryType;
            response.Responses[query.RefId] = new DataResponse
            {
                Status = 501,
                Error = $"query {query.RefId}: this Hotpath version does not serve '{kind}' frames to dashboards yet; open the Hotpath app to explore profiles",
                ErrorSource = "plugin",
                Format = DataFrameFormat.Arrow,
            };
        }
        return Task.FromResult(response);
    }
}
