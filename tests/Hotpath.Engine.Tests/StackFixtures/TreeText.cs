using System.Text;
using Hotpath.Engine.CallTrees;
using Hotpath.Engine.Diff;
using Hotpath.Engine.FlameGraphs;

namespace Hotpath.Engine.Tests.StackFixtures;

/// <summary>Renders trees as indented text, so a failing expectation reads like the tree it describes.</summary>
internal static class TreeText
{
    public static string Render(CallTree tree)
    {
        var sb = new StringBuilder();
        for (var i = 1; i < tree.Count; i++)
        {
            sb.Append(' ', 2 * (tree.Depth[i] - 1)).Append(tree.NameOf(i))
                .Append(" self=").Append(tree.Self[i]).Append(" total=").Append(tree.Total[i]).Append('\n');
        }
        return sb.ToString();
    }

    public static string Render(RefNode root)
    {
        var sb = new StringBuilder();
        Walk(root, -1);
        return sb.ToString();

        void Walk(RefNode n, int depth)
        {
            if (depth >= 0)
            {
                sb.Append(' ', 2 * depth).Append(n.Name).Append(" self=").Append(n.Self).Append(" total=").Append(n.Total).Append('\n');
            }
            foreach (var c in n.Children)
            {
                Walk(c, depth + 1);
            }
        }
    }

    public static string Render(NestedSetFlameGraph graph)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < graph.Count; i++)
        {
            sb.Append(' ', 2 * graph.Level[i]).Append(graph.LabelOf(i))
                .Append(" value=").Append(graph.Value[i]).Append(" self=").Append(graph.Self[i]).Append('\n');
        }
        return sb.ToString();
    }

    public static string Render(DiffFlameGraph graph)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < graph.Count; i++)
        {
            sb.Append(' ', 2 * graph.Level[i]).Append(graph.LabelOf(i))
                .Append(" left=").Append(graph.Value[i]).Append('/').Append(graph.Self[i])
                .Append(" right=").Append(graph.ValueRight[i]).Append('/').Append(graph.SelfRight[i]).Append('\n');
        }
        return sb.ToString();
    }

    public static string Lines(params string[] lines) => string.Join('\n', lines) + '\n';
}
