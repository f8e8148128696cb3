using Hotpath.Engine.Model;
using Hotpath.Store.Labels;

namespace Hotpath.Store.Storage;

/// <summary>
/// One profile to store. <paramref name="Labels"/> are the series labels the client sent (must
/// include <c>service_name</c>; <c>__name__</c> is inferred from the sample type when absent).
/// Times of 0 fall back to the profile's own, then to now. <paramref name="SampleType"/> null
/// stores every sample type (one series each); otherwise only that index.
/// </summary>
public sealed record IngestItem(LabelSet Labels, Profile Profile, long TimeNanos = 0, long DurationNanos = 0, int? SampleType = null);

/// <summary>What one acknowledged ingest stored: profile rows (one per sample type and sample-label group).</summary>
public sealed record IngestResult(IReadOnlyList<long> ProfileIds, int NewSeries);
