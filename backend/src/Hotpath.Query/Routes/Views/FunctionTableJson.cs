using System.Text.Json;
using Hotpath.Engine.FunctionTables;

namespace Hotpath.Query.Routes.Views;

/// <summary>The function-table shapes of docs/openapi.yaml (<c>FunctionTable</c>, <c>DiffFunctionTable</c>): one table, and the two sides of a diff.</summary>
internal static class FunctionTableJson
{
    /// <summary><c>{"rows": [{"name", "self", "total"}…], "count", "total"}</c>: rows by self, largest first, then total, then name; at most <paramref name="maxRows"/>.</summary>
    public static void Write(Utf8JsonWriter w, FunctionTable table, int maxRows)
    {
        var rows = table.SortedBySelf();
        w.WriteStartObject();
        w.WriteStartArray("rows");
        for (var i = 0; i < rows.Length && i < maxRows; i++)
        {
            w.WriteStartObject();
            w.WriteString("name", rows[i].Name);
            w.WriteNumber("self", rows[i].Self);
            w.WriteNumber("total", rows[i].Total);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteNumber("count", table.Count);
        w.WriteNumber("total", table.GrandTotal);
        w.WriteEndObject();
    }

    /// <summary>
    /// Functions of both sides by name (a function missing on one side has zeros there), ordered by
    /// the larger of the two self values, largest first, then name; at most <paramref name="maxRows"/>.
    /// </summary>
    public static void WriteDiff(Utf8JsonWriter w, FunctionTable baseline, FunctionTable comparison, int maxRows)
    {
        var rows = DiffRows(baseline, comparison);
        w.WriteStartObject();
        w.WriteStartArray("rows");
        for (var i = 0; i < rows.Count && i < maxRows; i++)
        {
            var r = rows[i];
            w.WriteStartObject();
            w.WriteString("name", r.Name);
            w.WriteNumber("baselineSelf", r.Baseline.Self);
            w.WriteNumber("baselineTotal", r.Baseline.Total);
            w.WriteNumber("comparisonSelf", r.Comparison.Self);
            w.WriteNumber("comparisonTotal", r.Comparison.Total);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteNumber("count", rows.Count);
        w.WriteNumber("baselineTotal", baseline.GrandTotal);
        w.WriteNumber("comparisonTotal", comparison.GrandTotal);
        w.WriteEndObject();
    }

    internal static List<(string Name, FunctionStat Baseline, FunctionStat Comparison)> DiffRows(FunctionTable baseline, FunctionTable comparison)
    {
        // Both tables are sorted by name (ordinal): merge them.
        var left = baseline.SortedByName();
        var right = comparison.SortedByName();
        var rows = new List<(string, FunctionStat, FunctionStat)>(Math.Max(left.Length, right.Length));
        int i = 0, j = 0;
        while (i < left.Length || j < right.Length)
        {
            var c = i == left.Length ? 1 : j == right.Length ? -1 : string.CompareOrdinal(left[i].Name, right[j].Name);
            if (c == 0)
            {
                rows.Add((left[i].Name, left[i], right[j]));
                i++;
                j++;
            }
            else if (c < 0)
            {
                rows.Add((left[i].Name, left[i], new FunctionStat(left[i].Name, 0, 0)));
                i++;
            }
            else
            {
                rows.Add((right[j].Name, new FunctionStat(right[j].Name, 0, 0), right[j]));
                j++;
            }
        }
        rows.Sort(static (a, b) =>
        {
            var c = Math.Max(b.Item2.Self, b.Item3.Self).CompareTo(Math.Max(a.Item2.Self, a.Item3.Self));
            return c != 0 ? c : string.CompareOrdinal(a.Item1, b.Item1);
        });
        return rows;
    }
}
