using Hotpath.Engine.FlameGraphs;
using Hotpath.Engine.FunctionTables;
using Hotpath.Engine.Stacks;
using Hotpath.Query.FlameGraphs;
using Hotpath.Query.Routing;
using Hotpath.Query.ProfileTypes;

namespace Hotpath.Query.Routes.Views;

/// <summary>
/// The flame-graph and diff answers, from merged stacks, shared by the source routes and the ad hoc
/// ones. Flame graphs are truncated to <c>maxNodes</c> as a Pyroscope server truncates them; function
/// tables are exact, from the untruncated stacks.
/// </summary>
internal static class GraphAnswers
{
    /// <summary><c>{"profileType", "flamegraph", "functions"}</c>.</summary>
    public static ResourceResponse FlameGraph(ProfileTypeDescription type, StackSet stacks, int maxNodes, int maxFunctions) =>
        FlameGraph(type, stacks, stacks, maxNodes, maxFunctions);

    /// <summary>The graph of <paramref name="graphStacks"/> with the function table of <paramref name="tableStacks"/> (a focused subtree and the whole stacks it came from).</summary>
    public static ResourceResponse FlameGraph(ProfileTypeDescription type, StackSet graphStacks, StackSet tableStacks, int maxNodes, int maxFunctions)
    {
        // One cut over the whole merge, with ties bounded: a view asks for at most maxNodes nodes.
        var graph = FlameGraphComposition.Compose(graphStacks, maxNodes, FlameGraphCut.View);
        var functions = FunctionTable.Build(tableStacks);
        return JsonAnswer.Write(w =>
        {
            w.WriteStartObject();
            JsonAnswer.WriteProfileType(w, "profileType", type);
            w.WritePropertyName("flamegraph");
            FlameGraphJson.WriteNestedSet(w, graph);
            w.WritePropertyName("functions");
            FunctionTableJson.Write(w, functions, maxFunctions);
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// <c>{"profileType", "flamegraph": DiffFlameGraph, "functions"}</c>; <c>comparisonProfileType</c>
    /// is added when the comparison side is of another type (ad hoc diffs only).
    /// </summary>
    public static ResourceResponse Diff(ProfileTypeDescription baselineType, ProfileTypeDescription comparisonType, StackSet baseline, StackSet comparison, int maxNodes, int maxFunctions)
    {
        var graph = FlameGraphComposition.Diff(baseline, comparison, maxNodes);
        var left = FunctionTable.Build(baseline);
        var right = FunctionTable.Build(comparison);
        return JsonAnswer.Write(w =>
        {
            w.WriteStartObject();
            JsonAnswer.WriteProfileType(w, "profileType", baselineType);
            if (comparisonType.Id != baselineType.Id)
            {
                JsonAnswer.WriteProfileType(w, "comparisonProfileType", comparisonType);
            }
            w.WritePropertyName("flamegraph");
            FlameGraphJson.WriteDiffNestedSet(w, graph);
            w.WritePropertyName("functions");
            FunctionTableJson.WriteDiff(w, left, right, maxFunctions);
            w.WriteEndObject();
        });
    }
}
