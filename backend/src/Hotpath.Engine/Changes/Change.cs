namespace Hotpath.Engine.Changes;

/// <summary>
/// How one thing's cost moved between a baseline and a comparison range, in value per second so
/// ranges of different lengths compare.
/// </summary>
/// <param name="Baseline">Mean rate over the baseline range.</param>
/// <param name="Comparison">Mean rate over the comparison range.</param>
/// <param name="Delta"><c>Comparison − Baseline</c>.</param>
/// <param name="Share">
/// <c>Delta</c> as a part of the whole selection's change (null when the selection's total did not
/// change). Parts of a partition (a label's values, functions' self) add up to 1; a function's total
/// includes its callees', so ancestors share the same change.
/// </param>
/// <param name="Noise">
/// The standard error of <c>Delta</c> estimated from the spread of the rate between the equal
/// buckets each range was cut into: √(s²_baseline/n_baseline + s²_comparison/n_comparison). A
/// |Delta| within about two noises may be chance.
/// </param>
public readonly record struct Change(double Baseline, double Comparison, double Delta, double? Share, double Noise)
{
    /// <summary>
    /// The change of a quantity measured per bucket on each side. Each side's buckets are of equal
    /// length, <c>seconds / buckets.Length</c>.
    /// </summary>
    public static Change Of(ReadOnlySpan<long> baseline, double baselineSeconds, ReadOnlySpan<long> comparison, double comparisonSeconds, double totalDelta)
    {
        var (b, bVar) = Rate(baseline, baselineSeconds);
        var (c, cVar) = Rate(comparison, comparisonSeconds);
        var delta = c - b;
        return new Change(b, c, delta, ShareOf(delta, totalDelta), Math.Sqrt(bVar + cVar));
    }

    /// <summary><paramref name="delta"/> / <paramref name="totalDelta"/>, or null when the total did not move.</summary>
    public static double? ShareOf(double delta, double totalDelta) => totalDelta == 0 ? null : delta / totalDelta;

    /// <summary>The mean rate and the variance of that mean (sample variance of the bucket rates / n).</summary>
    private static (double Mean, double VarianceOfMean) Rate(ReadOnlySpan<long> buckets, double seconds)
    {
        var n = buckets.Length;
        if (n == 0 || seconds <= 0)
        {
            return (0, 0);
        }
        var bucketSeconds = seconds / n;
        double sum = 0;
        foreach (var v in buckets)
        {
            sum += v;
        }
        var mean = sum / seconds;
        if (n < 2)
        {
            return (mean, 0);
        }
        double squares = 0;
        foreach (var v in buckets)
        {
            var d = v / bucketSeconds - mean;
            squares += d * d;
        }
        return (mean, squares / (n - 1) / n);
    }
}
