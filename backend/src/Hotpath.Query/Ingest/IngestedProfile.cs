using Hotpath.Engine.Model;

namespace Hotpath.Query.Ingest;

/// <summary>
/// One accepted profile with the series labels it was pushed under. The store splits it into one
/// series per sample type (adding <c>__profile_type__</c> and friends) and per distinct set of string
/// sample labels.
/// </summary>
/// <param name="Labels">Series labels sorted by name (ordinal); always has <c>__name__</c> and <c>service_name</c>.</param>
/// <param name="Profile">The parsed, validated profile.</param>
/// <param name="Pprof">The uncompressed pprof bytes <paramref name="Profile"/> was read from (folded uploads: the engine's encoding of it).</param>
/// <param name="TimeNanos">When the profile was taken: its <c>time_nanos</c>, else the upload's <c>from</c>, else now.</param>
/// <param name="Id">The client's profile id (Push <c>RawSample.ID</c>), or null.</param>
/// <param name="SampleTypeConfig">The /ingest <c>sample_type_config</c> (units, aggregation, display names), or null.</param>
public sealed record IngestedProfile(
    IReadOnlyList<KeyValuePair<string, string>> Labels,
    Profile Profile,
    ReadOnlyMemory<byte> Pprof,
    long TimeNanos,
    string? Id,
    IReadOnlyDictionary<string, SampleTypeSettings>? SampleTypeConfig = null)
{
    public string? Label(string name)
    {
        foreach (var pair in Labels)
        {
            if (pair.Key == name)
            {
                return pair.Value;
            }
        }
        return null;
    }
}

/// <summary>Everything one request carried, all validated; nothing is stored unless all of it is.</summary>
public sealed record IngestBatch(IReadOnlyList<IngestedProfile> Profiles);
