using Hotpath.Engine.Model;
using Hotpath.Engine.Pprof;

namespace Hotpath.Query.Ingest;

/// <summary>
/// The steps every pushed pprof goes through, whichever endpoint brought it: inflate within the size
/// limit, decode, Pyroscope's profile checks, label checks.
/// </summary>
public sealed class ProfileIntake(IngestLimits limits, TimeProvider time)
{
    public IngestLimits Limits => limits;

    /// <summary>Uncompressed pprof bytes of <paramref name="raw"/> (gzip told apart by its magic number).</summary>
    /// <exception cref="IngestException">Corrupt gzip, or more than the profile size limit once inflated.</exception>
    public ReadOnlyMemory<byte> Inflate(ReadOnlyMemory<byte> raw)
    {
        if (!Decompression.IsGzip(raw.Span))
        {
            return raw;
        }
        try
        {
            return Decompression.InflateGzip(raw, limits.MaxProfileSizeBytes);
        }
        catch (DecompressedTooLargeException)
        {
            throw IngestException.Invalid($"uncompressed profile payload size exceeds limit of {GoText.HumanBytes(limits.MaxProfileSizeBytes)}");
        }
        catch (InvalidDataException e)
        {
            throw IngestException.Invalid($"failed to decompress profile: {e.Message}");
        }
    }

    /// <summary>
    /// Decodes and checks one uncompressed pprof pushed under <paramref name="labels"/> (sorted).
    /// A profile without <c>time_nanos</c> is stamped <paramref name="fallbackTimeNanos"/>, else now.
    /// </summary>
    /// <exception cref="IngestException">The profile or its labels break a rule; the message is Pyroscope's.</exception>
    public IngestedProfile Accept(
        List<KeyValuePair<string, string>> labels,
        ReadOnlyMemory<byte> pprof,
        long? fallbackTimeNanos,
        string? id,
        IReadOnlyDictionary<string, SampleTypeSettings>? config = null) =>
        Accept(_ => labels, pprof, fallbackTimeNanos, id, config);

    /// <summary>
    /// Like the other overload, with labels that depend on the profile (the /ingest metric name comes
    /// from its sample types). With <paramref name="fallbackTimeNanos"/> set, a time in 1970 counts as
    /// unset too, as /ingest treats it.
    /// </summary>
    public IngestedProfile Accept(
        Func<Profile, List<KeyValuePair<string, string>>> labelsFor,
        ReadOnlyMemory<byte> pprof,
        long? fallbackTimeNanos,
        string? id,
        IReadOnlyDictionary<string, SampleTypeSettings>? config = null)
    {
        if (pprof.Length > limits.MaxProfileSizeBytes)
        {
            throw IngestException.Invalid($"the profile exceeds the size limit (max_profile_size_byte, actual: {pprof.Length}, limit: {limits.MaxProfileSizeBytes})");
        }
        Profile profile;
        try
        {
            profile = PprofReader.Read(pprof, "profile", new PprofReadOptions { MaxDecompressedBytes = limits.MaxProfileSizeBytes });
        }
        catch (PprofFormatException e)
        {
            throw IngestException.Invalid($"failed to parse profile: {e.Reason}");
        }
        var labels = labelsFor(profile);
        var stamped = profile.TimeNanos;
        if (fallbackTimeNanos is { } fallback && stamped < OneYearNanos)
        {
            stamped = fallback;
        }
        var timeNanos = Check(profile, stamped, IngestLabels.Format(labels));
        IngestLabels.Validate(labels, limits);
        return new IngestedProfile(labels, profile, pprof, timeNanos, string.IsNullOrEmpty(id) ? null : id, config);
    }

    private const long OneYearNanos = 365L * 24 * 3600 * 1_000_000_000;

    /// <summary>Like the <c>Accept</c> overloads, for a profile the server built itself (folded uploads).</summary>
    public IngestedProfile AcceptBuilt(List<KeyValuePair<string, string>> labels, Profile profile, long timeNanos)
    {
        var pprof = PprofWriter.Encode(profile);
        var text = IngestLabels.Format(labels);
        if (pprof.Length > limits.MaxProfileSizeBytes)
        {
            throw IngestException.Invalid($"the profile with labels '{text}' exceeds the size limit (max_profile_size_byte, actual: {pprof.Length}, limit: {limits.MaxProfileSizeBytes})");
        }
        Check(profile, timeNanos, text);
        IngestLabels.Validate(labels, limits);
        return new IngestedProfile(labels, profile, pprof, timeNanos, null);
    }

    // Pyroscope's ValidateProfile checks beyond what the reader already enforces; returns the time
    // the profile is stored under.
    private long Check(Profile profile, long timeNanos, string labelsText)
    {
        if (profile.SampleTypes.Length == 0)
        {
            throw IngestException.Invalid("empty profile");
        }
        var now = time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000L;
        if (timeNanos > 0)
        {
            var start = now - (long)limits.RejectOlderThan.TotalNanoseconds;
            var end = now + (long)limits.RejectNewerThan.TotalNanoseconds;
            if (timeNanos < start)
            {
                throw IngestException.Invalid($"profile with labels '{labelsText}' is outside of ingestion window (profile timestamp: {GoText.Time(timeNanos)}, the ingestion window starts at {GoText.Time(start)})");
            }
            if (timeNanos > end)
            {
                throw IngestException.Invalid($"profile with labels '{labelsText}' is outside of ingestion window (profile timestamp: {GoText.Time(timeNanos)}, the ingestion window ends at {GoText.Time(end)})");
            }
        }
        else
        {
            timeNanos = now;
        }
        if (profile.SampleCount > limits.MaxProfileSamples)
        {
            throw IngestException.Invalid($"the profile with labels '{labelsText}' exceeds the samples count limit (max_profile_stacktrace_samples, actual: {profile.SampleCount}, limit: {limits.MaxProfileSamples})");
        }
        for (var s = 0; s < profile.SampleCount; s++)
        {
            var count = profile.LabelsOf(s).Length;
            if (count > limits.MaxSampleLabels)
            {
                throw IngestException.Invalid($"the profile with labels '{labelsText}' exceeds the sample labels limit (max_profile_stacktrace_sample_labels, actual: {count}, limit: {limits.MaxSampleLabels})");
            }
        }
        foreach (var sampleType in profile.SampleTypes)
        {
            if (profile.Strings[sampleType.Type].Contains('-'))
            {
                throw IngestException.Invalid("sample type contains -");
            }
        }
        return timeNanos;
    }
}
