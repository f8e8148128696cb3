using System.Text.Json.Nodes;
using Hotpath.Engine.FlameGraphs;
using Hotpath.Engine.ProfileTypes;
using Hotpath.Query.Frames;
using Hotpath.Query.Sources;

namespace Hotpath.Query.DataQueries;

/// <summary>
/// The frames Grafana's Pyroscope data source answers, built from Hotpath's results: a nested-set
/// flame graph frame (<c>level, value, self, label</c>) and one time-series frame per series.
/// </summary>
public static class QueryFrames
{
    /// <summary>Grafana's unit for a sample unit, as its Pyroscope data source maps them.</summary>
    public static string UnitOf(string profileTypeId)
    {
        ProfileTypeId.TryParse(profileTypeId, out var id);
        return id.SampleUnit switch
        {
            "nanoseconds" => "ns",
            "count" => "short",
            var other => other,
        };
    }

    public static DataFrame FlameGraph(NestedSetFlameGraph graph, string profileTypeId)
    {
        var unit = new JsonObject { ["unit"] = UnitOf(profileTypeId) };
        var labels = graph.Label;
        Field label;
        if (graph.Labels.Count <= ushort.MaxValue + 1)
        {
            var indices = new ushort[graph.Count];
            for (var i = 0; i < indices.Length; i++)
            {
                indices[i] = (ushort)labels[i];
            }
            label = Field.Enum("label", indices, graph.Labels);
        }
        else
        {
            // More distinct names than UInt16 enum indices address: plain strings, which
            // Grafana's flame graph reads as well.
            var text = new string?[graph.Count];
            for (var i = 0; i < text.Length; i++)
            {
                text[i] = graph.Labels[labels[i]];
            }
            label = Field.String("label", text);
        }
        var levels = new long[graph.Count];
        for (var i = 0; i < levels.Length; i++)
        {
            levels[i] = graph.Level[i];
        }
        return new DataFrame("response",
            [
                Field.Int64("level", levels),
                Field.Int64("value", graph.Value.ToArray()).WithConfig(unit),
                Field.Int64("self", graph.Self.ToArray()).WithConfig((JsonObject)unit.DeepClone()),
                label,
            ],
            new JsonObject { ["preferredVisualisationType"] = "flamegraph" });
    }

    public static IEnumerable<DataFrame> Series(IReadOnlyList<SeriesData> series, string profileTypeId)
    {
        ProfileTypeId.TryParse(profileTypeId, out var id);
        var unit = UnitOf(profileTypeId);
        foreach (var s in series)
        {
            var ns = new long[s.TimestampsMs.Length];
            for (var i = 0; i < ns.Length; i++)
            {
                ns[i] = s.TimestampsMs[i] * 1_000_000;
            }
            var labels = s.Labels.Pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            yield return new DataFrame("series",
                [
                    Field.TimeUnixNanoseconds("time", ns),
                    Field.Float64(id.SampleType, s.Values).WithLabels(labels).WithConfig(new JsonObject { ["unit"] = unit }),
                ],
                new JsonObject { ["preferredVisualisationType"] = "graph" });
        }
    }
}
