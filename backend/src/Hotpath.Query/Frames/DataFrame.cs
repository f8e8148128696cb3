using System.Text.Json.Nodes;

namespace Hotpath.Query.Frames;

/// <summary>
/// A Grafana data frame: named columns of equal length plus frame metadata.
/// <see cref="Meta"/> is Grafana's FrameMeta JSON (e.g. <c>{"preferredVisualisationType":"flamegraph"}</c>).
/// </summary>
public sealed class DataFrame
{
    public DataFrame(string name, IReadOnlyList<Field> fields, JsonObject? meta = null, string refId = "")
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(fields);
        for (int i = 1; i < fields.Count; i++)
        {
            if (fields[i].Length != fields[0].Length)
            {
                throw new ArgumentException(
                    $"frame '{name}': field '{fields[i].Name}' has {fields[i].Length} rows but field '{fields[0].Name}' has {fields[0].Length}",
                    nameof(fields));
            }
        }
        Name = name;
        Fields = fields;
        Meta = meta;
        RefId = refId;
    }

    public string Name { get; }

    /// <summary>The query this frame answers; Grafana's SDK fills it from the response key when empty.</summary>
    public string RefId { get; init; }

    public JsonObject? Meta { get; }

    public IReadOnlyList<Field> Fields { get; }

    public int RowCount => Fields.Count == 0 ? 0 : Fields[0].Length;

    /// <summary>The same frame answering another query.</summary>
    public DataFrame WithRefId(string refId) => new(Name, Fields, Meta, refId);
}
