using Hotpath.Engine.Model;
using Hotpath.Engine.Pprof;

namespace Hotpath.Engine.Merge;

/// <summary>Which sample type of a profile to use, by name.</summary>
public static class SampleTypeChoice
{
    /// <summary>
    /// The index of sample type <paramref name="name"/> (<c>type</c> or <c>type/unit</c>) in
    /// <paramref name="profile"/>; with no name, the profile's default sample type, else its last.
    /// </summary>
    /// <exception cref="PprofFormatException">The profile has no such sample type (or none at all).</exception>
    public static int Resolve(Profile profile, string? name, string source)
    {
        if (profile.SampleTypes.Length == 0)
        {
            throw new PprofFormatException(source, "profile has no sample types");
        }
        if (name is null)
        {
            return profile.DefaultSampleTypeIndex();
        }
        var index = profile.SampleTypeIndex(name);
        if (index < 0)
        {
            var known = string.Join(", ", Enumerable.Range(0, profile.SampleTypes.Length)
                .Select(i => profile.SampleTypeName(i) + "/" + profile.SampleTypeUnit(i)));
            throw new PprofFormatException(source, $"no sample type '{name}' (the profile has: {known})");
        }
        return index;
    }
}
