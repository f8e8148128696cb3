using Hotpath.Query.FlameGraphs;
using Hotpath.Query.Frames;
using Hotpath.Query.Sources;

namespace Hotpath.Query.DataQueries;

/// <summary>Runs one parsed query on its source: series frames first (metrics), then the flame graph (profile).</summary>
public static class QueryRunner
{
    public static async Task<IReadOnlyList<DataFrame>> RunAsync(ProfileQuery query, HotpathInstance instance, CancellationToken cancellationToken)
    {
        var source = instance.Source(query.DataSource, "source");
        var frames = new List<DataFrame>();
        if (query.Type is ProfileQueryType.Metrics or ProfileQueryType.Both)
        {
            var series = await source.SelectSeriesAsync(new SeriesRequest(query.ProfileTypeId, query.LabelSelector, query.Range, query.StepSeconds)
            {
                GroupBy = query.GroupBy,
                // Dashboards get the same ceiling on series as the app's routes.
                Limit = query.Limit ?? instance.Settings.Limits.MaxSeries,
            }, cancellationToken).ConfigureAwait(false);
            frames.AddRange(QueryFrames.Series(series, query.ProfileTypeId));
        }
        if (query.Type is ProfileQueryType.Profile or ProfileQueryType.Both)
        {
            var stacks = await source.MergeStacksAsync(new MergeRequest(query.ProfileTypeId, query.LabelSelector, query.Range), cancellationToken).ConfigureAwait(false);
            var graph = FlameGraphComposition.Compose(stacks, query.MaxNodes, FlameGraphCut.View);
            frames.Add(QueryFrames.FlameGraph(graph, query.ProfileTypeId));
        }
        return frames;
    }
}
