namespace Hotpath.Query.Ingest;

/// <summary>Validation limits for pushed profiles; the defaults are Pyroscope's.</summary>
public sealed record IngestLimits
{
    public static IngestLimits Default { get; } = new();

    /// <summary>Largest request body, compressed (<c>distributor.ingestion-body-limit-mb</c>).</summary>
    public long MaxRequestBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Largest uncompressed profile (<c>validation.max-profile-size-bytes</c>).</summary>
    public long MaxProfileSizeBytes { get; init; } = 4L * 1024 * 1024;

    /// <summary>Most samples in one profile (<c>max_profile_stacktrace_samples</c>).</summary>
    public int MaxProfileSamples { get; init; } = 16_000;

    /// <summary>Most labels on one sample (<c>max_profile_stacktrace_sample_labels</c>).</summary>
    public int MaxSampleLabels { get; init; } = 100;

    /// <summary>Most labels on one series (<c>max_label_names_per_series</c>).</summary>
    public int MaxLabelNamesPerSeries { get; init; } = 30;

    public int MaxLabelNameLength { get; init; } = 1024;

    public int MaxLabelValueLength { get; init; } = 2048;

    /// <summary>Profiles stamped earlier than now minus this are refused.</summary>
    public TimeSpan RejectOlderThan { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Profiles stamped later than now plus this are refused.</summary>
    public TimeSpan RejectNewerThan { get; init; } = TimeSpan.FromMinutes(10);
}
