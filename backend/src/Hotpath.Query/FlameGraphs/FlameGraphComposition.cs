using Hotpath.Engine.CallTrees;
using Hotpath.Engine.Diff;
using Hotpath.Engine.FlameGraphs;
using Hotpath.Engine.Stacks;

namespace Hotpath.Query.FlameGraphs;

/// <summary>How a flame graph is cut down to its node limit.</summary>
public enum FlameGraphCut
{
    /// <summary>
    /// One cut over the whole merge with ties bounded, so an answer never holds more than the limit:
    /// what the app's views, the nested data source and <c>flamegraph --strict</c> draw.
    /// </summary>
    View,

    /// <summary>
    /// Pyroscope's own truncation (a minimum value per block of data), for answers that must equal a
    /// Pyroscope server's: the querier API, the flamebearer export, the CLI's default.
    /// </summary>
    Pyroscope,
}

/// <summary>
/// The one place merged stacks become a flame graph or a diff: every caller (views, QueryData, the
/// Pyroscope API, export, the CLI) names the cut it needs rather than calling the engine's builders.
/// </summary>
public static class FlameGraphComposition
{
    public static NestedSetFlameGraph Compose(StackSet stacks, long maxNodes, FlameGraphCut cut) => cut switch
    {
        FlameGraphCut.View => NestedSetFlameGraph.Build(CallTree.FromStacks(stacks), maxNodes, boundTies: true),
        _ => NestedSetFlameGraph.FromStacks([stacks], maxNodes),
    };

    /// <summary>A baseline against a comparison, both cut to the same limit as Pyroscope's Diff does.</summary>
    public static DiffFlameGraph Diff(StackSet baseline, StackSet comparison, long maxNodes) =>
        DiffFlameGraph.FromStacks([baseline], [comparison], maxNodes);
}
