using System.Text;
using System.Text.RegularExpressions;

namespace Hotpath.Engine.Tests.Support;

/// <summary>One row of a `go tool pprof -top` table: node name, flat and cum as exact integers.</summary>
public sealed record TopRow(string Name, long Flat, long Cum);

/// <summary>A `-top -nodefraction=0` table of one sample index from the corpus truth files.</summary>
public sealed record TopTable(int SampleIndex, bool Cumulative, int NodesOutOf, IReadOnlyList<TopRow> Rows);

/// <summary>
/// Reads the exact top tables from truth/&lt;file&gt;.txt: the sections run with -nodefraction=0
/// (and -unit=&lt;exact unit&gt; where pprof would otherwise scale), whose values are integers with
/// a unit suffix. pprof marks nodes reached through inlining with " (inline)" or
/// " (partial-inline)"; that marker is not part of the function name and is removed.
/// </summary>
public static partial class PprofTruth
{
    [GeneratedRegex(@"^== go tool pprof -symbolize=none -sample_index=(\d+) -top (-flat|-cum) -nodecount=20 -nodefraction=0 -edgefraction=0( -unit=\S+)? <file>  \(rc=0\) ==$")]
    private static partial Regex SectionHeader();

    [GeneratedRegex(@"^\s*(-?\d+)[A-Za-z]*\s+-?[\d.e+-]+%\s+-?[\d.e+-]+%\s+(-?\d+)[A-Za-z]*\s+-?[\d.e+-]+%  (.*)$")]
    private static partial Regex Row();

    [GeneratedRegex(@"^Showing top \d+ nodes out of (\d+)$")]
    private static partial Regex OutOf();

    public static IReadOnlyList<TopTable> TopTables(string truthFile)
    {
        var tables = new List<TopTable>();
        var lines = File.ReadAllText(truthFile, Encoding.UTF8).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var header = SectionHeader().Match(lines[i]);
            if (!header.Success)
            {
                continue;
            }
            var rows = new List<TopRow>();
            var outOf = -1;
            var inRows = false;
            for (i++; i < lines.Length && !lines[i].StartsWith("== ", StringComparison.Ordinal); i++)
            {
                var line = lines[i];
                if (!inRows)
                {
                    var m = OutOf().Match(line);
                    if (m.Success)
                    {
                        outOf = int.Parse(m.Groups[1].Value);
                    }
                    inRows = line.TrimStart().StartsWith("flat  flat%", StringComparison.Ordinal);
                    continue;
                }
                var row = Row().Match(line);
                if (row.Success)
                {
                    rows.Add(new TopRow(StripInlineMarker(row.Groups[3].Value), long.Parse(row.Groups[1].Value), long.Parse(row.Groups[2].Value)));
                }
                else if (rows.Count > 0 && line.Length > 0)
                {
                    // A function name with a newline in it continues on the next line.
                    var last = rows[^1];
                    rows[^1] = last with { Name = StripInlineMarker(last.Name + "\n" + line) };
                }
            }
            i--;
            tables.Add(new TopTable(int.Parse(header.Groups[1].Value), header.Groups[2].Value == "-cum", outOf < 0 ? rows.Count : outOf, rows));
        }
        return tables;
    }

    private static string StripInlineMarker(string name)
    {
        foreach (var marker in (string[])[" (partial-inline)", " (inline)"])
        {
            if (name.EndsWith(marker, StringComparison.Ordinal))
            {
                return name[..^marker.Length];
            }
        }
        return name;
    }

    /// <summary>
    /// Whether pprof's node name is not a function name (address-only location: "[binary]",
    /// "&lt;unknown&gt;", or a hex address), which Hotpath names 0x&lt;address&gt; instead.
    /// </summary>
    public static bool IsAddressNode(string name) =>
        name.StartsWith('[') || name == "<unknown>" || name.StartsWith("0000", StringComparison.Ordinal);
}
