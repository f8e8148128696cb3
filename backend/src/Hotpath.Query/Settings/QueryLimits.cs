namespace Hotpath.Query.Settings;

/// <summary>
/// The bounds every view route enforces, so that no request can ask for unbounded work. A request
/// beyond a bound is refused with a 400 naming the parameter and the bound, never silently cut.
/// </summary>
public sealed record QueryLimits
{
    public static QueryLimits Default { get; } = new();

    /// <summary>Longest time range a query may cover.</summary>
    public TimeSpan MaxRange { get; init; } = TimeSpan.FromDays(31);

    /// <summary>Most points one series may have (range / step), as Prometheus bounds it.</summary>
    public int MaxPointsPerSeries { get; init; } = 11_000;

    /// <summary>Most series one answer may carry: the default and the ceiling of <c>limit</c>; the answer says how many matched.</summary>
    public int MaxSeries { get; init; } = 1_000;

    /// <summary>
    /// Most merges one call-site series request may run (points × groups): such series are computed
    /// from one merge per bucket and group, so this bounds their cost the way MaxSeries bounds the rest.
    /// </summary>
    public int MaxCallSiteMerges { get; init; } = 2_000;

    /// <summary>Flame-graph nodes when the request names none (Explore Profiles' default).</summary>
    public int DefaultMaxNodes { get; init; } = 16_384;

    /// <summary>Largest <c>maxNodes</c> a request may ask for (Pyroscope's own ceiling).</summary>
    public int MaxNodes { get; init; } = 1_048_576;

    /// <summary>Time one route may take in all, including every call to its sources.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an ad hoc upload is kept.</summary>
    public TimeSpan AdhocRetention { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Largest ad hoc upload (as sent, before decompression); larger bodies get 413.</summary>
    public int MaxAdhocUploadBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Largest pprof or folded text an upload may inflate to (a decompression bomb stops here).</summary>
    public long MaxAdhocDecompressedBytes { get; init; } = Hotpath.Engine.Pprof.PprofReadOptions.DefaultMaxDecompressedBytes;

    /// <summary>Favorites one user may keep.</summary>
    public int MaxFavoritesPerUser { get; init; } = 500;

    /// <summary>Ad hoc uploads kept per user: a new one past this drops the user's oldest.</summary>
    public int MaxAdhocUploadsPerUser { get; init; } = 20;

    /// <summary>Largest favorite or settings body.</summary>
    public int MaxUserJsonBytes { get; init; } = 16 * 1024;
}
