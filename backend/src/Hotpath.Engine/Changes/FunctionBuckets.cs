using Hotpath.Engine.FunctionTables;
using Hotpath.Engine.Stacks;

namespace Hotpath.Engine.Changes;

/// <summary>One function's self and total in each bucket of a baseline and a comparison.</summary>
public sealed class FunctionBucketRow(int baselineBuckets, int comparisonBuckets)
{
    public long[] BaselineSelf { get; } = new long[baselineBuckets];
    public long[] BaselineTotal { get; } = new long[baselineBuckets];
    public long[] ComparisonSelf { get; } = new long[comparisonBuckets];
    public long[] ComparisonTotal { get; } = new long[comparisonBuckets];
}

/// <summary>
/// Per function (matched by name across the buckets' name tables), its self and total in each
/// bucket of two sides, as <see cref="FunctionTable"/> counts them (recursion once per stack); and
/// each bucket's grand total. Functions absent from a bucket have zeros there.
/// </summary>
public sealed class FunctionBuckets
{
    private FunctionBuckets(int baselineBuckets, int comparisonBuckets)
    {
        BaselineGrand = new long[baselineBuckets];
        ComparisonGrand = new long[comparisonBuckets];
    }

    public Dictionary<string, FunctionBucketRow> Rows { get; } = new(StringComparer.Ordinal);
    public long[] BaselineGrand { get; }
    public long[] ComparisonGrand { get; }

    public static FunctionBuckets Build(IReadOnlyList<StackSet> baseline, IReadOnlyList<StackSet> comparison)
    {
        var table = new FunctionBuckets(baseline.Count, comparison.Count);
        table.Add(baseline, comparison: false);
        table.Add(comparison, comparison: true);
        return table;
    }

    private void Add(IReadOnlyList<StackSet> buckets, bool comparison)
    {
        for (var i = 0; i < buckets.Count; i++)
        {
            var functions = FunctionTable.Build(buckets[i]);
            (comparison ? ComparisonGrand : BaselineGrand)[i] = functions.GrandTotal;
            for (var r = 0; r < functions.Count; r++)
            {
                var f = functions[r];
                if (!Rows.TryGetValue(f.Name, out var row))
                {
                    row = new FunctionBucketRow(BaselineGrand.Length, ComparisonGrand.Length);
                    Rows[f.Name] = row;
                }
                (comparison ? row.ComparisonSelf : row.BaselineSelf)[i] = f.Self;
                (comparison ? row.ComparisonTotal : row.BaselineTotal)[i] = f.Total;
            }
        }
    }
}
