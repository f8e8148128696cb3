using Hotpath.Engine.Errors;
using Hotpath.Engine.Filters;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Model;
using Hotpath.Engine.ProfileTypes;
using Hotpath.Engine.Stacks;

namespace Hotpath.Query.Sources;

/// <summary>
/// A selection's merged stacks cut by frame filters and granularity, the same over every source:
/// the one place the views get their stacks from when the user can filter them.
/// </summary>
/// <remarks>
/// At <c>functions</c> granularity the source's merged stacks (frame names) are filtered by name
/// (<see cref="StackFilter"/>), the fast path every view took before granularity existed. At any
/// other granularity frames need their files and lines, so the source's merged profile is filtered
/// and aggregated as go tool pprof does (<see cref="ProfileFilter"/>) and then merged; a source whose
/// profile has no files or lines (the embedded store, which keeps frame names only) so answers as at
/// <c>functions</c>.
/// </remarks>
public static class SelectionStacks
{
    public static async Task<StackSet> MergeAsync(IProfileSource source, MergeRequest request, StackOptions options, CancellationToken cancellationToken)
    {
        if (options.Granularity == Granularity.Functions)
        {
            var stacks = await source.MergeStacksAsync(request, cancellationToken).ConfigureAwait(false);
            return StackFilter.Apply(stacks, options.Filters);
        }
        var profile = await source.MergeProfileAsync(request, cancellationToken).ConfigureAwait(false);
        var merger = new ProfileMerger();
        if (profile.SampleTypes.Length == 0)
        {
            return merger.Stacks;
        }
        merger.Add(ProfileFilter.Apply(profile, options), SampleTypeOf(profile, request.ProfileType, source.Uid), $"the merged profile of source '{source.Uid}'");
        return merger.Stacks;
    }

    /// <summary>The selection's merged profile with the frame filters applied (files and lines kept), and the index of the requested sample type.</summary>
    public static async Task<(Profile Profile, int SampleType)> FilteredProfileAsync(IProfileSource source, MergeRequest request, FrameFilters filters, CancellationToken cancellationToken)
    {
        var profile = await source.MergeProfileAsync(request, cancellationToken).ConfigureAwait(false);
        if (profile.SampleTypes.Length == 0)
        {
            return (profile, -1);
        }
        return (ProfileFilter.Apply(profile, new StackOptions(filters, Granularity.Functions)), SampleTypeOf(profile, request.ProfileType, source.Uid));
    }

    /// <summary>The sample type the profile type names; the only one when the name differs (a merge holds one).</summary>
    private static int SampleTypeOf(Profile profile, string profileType, string uid)
    {
        ProfileTypeId.TryParse(profileType, out var id);
        for (var i = 0; i < profile.SampleTypes.Length; i++)
        {
            if (profile.Strings[profile.SampleTypes[i].Type] == id.SampleType)
            {
                return i;
            }
        }
        return profile.SampleTypes.Length == 1
            ? 0
            : throw new SourceException(ErrorKind.Downstream, $"source '{uid}': the merged profile has no sample type '{id.SampleType}'");
    }
}
