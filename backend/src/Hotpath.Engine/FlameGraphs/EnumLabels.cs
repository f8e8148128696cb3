namespace Hotpath.Engine.FlameGraphs;

/// <summary>The <c>label</c> column of a flame-graph frame: an enum over the distinct names.</summary>
internal static class EnumLabels
{
    /// <summary>
    /// Enum indices for rows by name string, in first-seen order (a frame called "total" shares the
    /// root's label), cached per name id so the string dictionary is consulted once per distinct id.
    /// </summary>
    public static (int[] Labels, IReadOnlyList<string> Text) Assign(ReadOnlySpan<int> nameIds, Func<int, string> nameOf)
    {
        var labels = new int[nameIds.Length];
        var text = new List<string>();
        var byString = new Dictionary<string, int>(StringComparer.Ordinal);
        var byId = new Dictionary<int, int>();
        for (var row = 0; row < nameIds.Length; row++)
        {
            var id = nameIds[row];
            if (!byId.TryGetValue(id, out var label))
            {
                var name = nameOf(id);
                if (!byString.TryGetValue(name, out label))
                {
                    label = text.Count;
                    text.Add(name);
                    byString.Add(name, label);
                }
                byId.Add(id, label);
            }
            labels[row] = label;
        }
        return (labels, text);
    }
}
