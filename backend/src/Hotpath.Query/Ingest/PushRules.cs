namespace Hotpath.Query.Ingest;

/// <summary>One series of a Push as decoded from the wire: its labels (any order) and its samples.</summary>
public sealed record PushedSeries(IReadOnlyList<KeyValuePair<string, string>> Labels, IReadOnlyList<PushedSample> Samples);

/// <summary>One pushed profile: pprof bytes, gzip or not, and the client's profile id (empty for none).</summary>
public sealed record PushedSample(ReadOnlyMemory<byte> RawProfile, string? Id);

/// <summary>
/// <c>push.v1.PusherService/Push</c>'s rules, as Pyroscope's distributor applies them: every series
/// gets a service name, every profile is inflated within the size limits and checked. All or
/// nothing: the first broken rule refuses the whole request.
/// </summary>
public sealed class PushRules(ProfileIntake intake)
{
    public IngestLimits Limits => intake.Limits;

    /// <exception cref="IngestException">The first rule broken.</exception>
    public IngestBatch Accept(IEnumerable<PushedSeries> push)
    {
        var accepted = new List<IngestedProfile>();
        long uncompressedTotal = 0;
        foreach (var series in push)
        {
            var labels = series.Labels.ToList();
            if (!labels.Any(l => l.Key == IngestLabels.ServiceName))
            {
                // Pyroscope fills in a placeholder rather than refusing the push.
                labels.Add(new(IngestLabels.ServiceName, IngestLabels.UnknownService));
            }
            labels = IngestLabels.Sorted(labels);
            foreach (var sample in series.Samples)
            {
                var pprof = intake.Inflate(sample.RawProfile);
                uncompressedTotal += pprof.Length;
                if (uncompressedTotal > intake.Limits.MaxRequestBytes)
                {
                    throw IngestException.Invalid($"uncompressed batched profile payload size exceeds limit of {GoText.HumanBytes(intake.Limits.MaxRequestBytes)}");
                }
                accepted.Add(intake.Accept(labels, pprof, fallbackTimeNanos: null, sample.Id));
            }
        }
        return new IngestBatch(accepted);
    }
}
