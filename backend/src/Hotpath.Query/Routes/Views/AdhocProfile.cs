using Hotpath.Engine.Errors;
using Hotpath.Engine.Inputs;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.ProfileTypes;
using Hotpath.Engine.Stacks;
using Hotpath.Query.Routing;
using Hotpath.Query.Stores;

namespace Hotpath.Query.Routes.Views;

/// <summary>
/// An uploaded profile file read with the engine's loader: each pprof sample type is one profile
/// type (named by <see cref="ProfileTypeMapping"/>); folded stacks, which carry no types, are one
/// profile type, <see cref="FoldedType"/>.
/// </summary>
internal sealed class AdhocProfile
{
    public const string FoldedType = "folded:samples:count::";

    private readonly LoadedProfile _loaded;
    private readonly string _source;

    private AdhocProfile(LoadedProfile loaded, string source, IReadOnlyList<string> types, string defaultType)
    {
        _loaded = loaded;
        _source = source;
        ProfileTypes = types;
        DefaultType = defaultType;
    }

    /// <summary>Profile type ids in sample-type order, duplicates (two sample types with one id) kept once, the first.</summary>
    public IReadOnlyList<string> ProfileTypes { get; }

    /// <summary>The type the command line would show: the profile's default sample type, else its last.</summary>
    public string DefaultType { get; }

    /// <summary>Reads a file; a malformed one is a 400 naming <paramref name="source"/> and the fault.</summary>
    public static AdhocProfile Load(ReadOnlyMemory<byte> bytes, string source, long maxDecompressedBytes)
    {
        try
        {
            var loaded = ProfileBytes.Load(bytes, source, new NameTable(), maxDecompressedBytes);
            if (loaded.Pprof is not { } profile)
            {
                return new AdhocProfile(loaded, source, [FoldedType], FoldedType);
            }
            if (profile.SampleTypes.Length == 0)
            {
                throw new ResourceError(ErrorKind.BadRequest, $"{source}: the profile has no sample types");
            }
            var types = new List<string>();
            foreach (var id in ProfileTypeMapping.All(profile))
            {
                if (!types.Contains(id.ToString()))
                {
                    types.Add(id.ToString());
                }
            }
            var defaultType = ProfileTypeMapping.For(profile, SampleTypeChoice.Resolve(profile, null, source)).ToString();
            return new AdhocProfile(loaded, source, types, defaultType);
        }
        catch (Exception e) when (e is PprofFormatException or FormatException or OverflowException)
        {
            throw new ResourceError(ErrorKind.BadRequest, e.Message);
        }
    }

    /// <summary>
    /// An upload of the calling user, read back. Unknown ids and expired uploads are 404s that say
    /// which; <paramref name="parameter"/> names the id's parameter.
    /// </summary>
    public static async Task<(AdhocUpload Row, AdhocProfile Profile)> FetchAsync(ResourceRequest request, string parameter)
    {
        var id = new QueryParams(request).Required(parameter);
        var store = UserScope.Store(request);
        var owner = UserScope.Owner(request);
        var found = await UserScope.RunAsync("reading an ad hoc profile", () => store.GetAdhocAsync(owner, id)).ConfigureAwait(false);
        if (found is not { } hit)
        {
            throw new ResourceError(ErrorKind.NotFound, $"parameter '{parameter}': no ad hoc profile with id '{id}' for this user (see adhoc/list)");
        }
        if (hit.Upload.ExpiresMs <= UserScope.NowMs(request))
        {
            throw new ResourceError(ErrorKind.NotFound,
                $"parameter '{parameter}': ad hoc profile '{id}' ({hit.Upload.Name}) expired at {DateTimeOffset.FromUnixTimeMilliseconds(hit.Upload.ExpiresMs):u}; upload it again");
        }
        var limits = request.Context.Instance.Settings.Limits;
        return (hit.Upload, Load(hit.Body, hit.Upload.Name, limits.MaxAdhocDecompressedBytes));
    }

    /// <summary>The profile type named by <paramref name="parameter"/>, or the default; it must be one of this file's.</summary>
    public string ChooseType(QueryParams q, string parameter)
    {
        if (q.Optional(parameter) is null)
        {
            return DefaultType;
        }
        var asked = q.ProfileType(parameter);
        if (!ProfileTypes.Contains(asked))
        {
            throw ResourceError.BadParameter(parameter, $"'{asked}' is not a profile type of '{_source}'; it has {string.Join(", ", ProfileTypes)}");
        }
        return asked;
    }

    /// <summary>The stacks of one of <see cref="ProfileTypes"/>.</summary>
    public StackSet Stacks(string profileType)
    {
        if (_loaded.Folded is { } folded)
        {
            return folded;
        }
        var profile = _loaded.Pprof!;
        for (var i = 0; i < profile.SampleTypes.Length; i++)
        {
            if (ProfileTypeMapping.For(profile, i).ToString() == profileType)
            {
                var merger = new ProfileMerger(new NameTable());
                try
                {
                    merger.Add(profile, i, _source);
                }
                catch (Exception e) when (e is PprofFormatException or FormatException or OverflowException)
                {
                    throw new ResourceError(ErrorKind.BadRequest, e.Message);
                }
                return merger.Stacks;
            }
        }
        throw new InvalidOperationException($"profile type {profileType} is not one of {_source}'s");
    }
}
