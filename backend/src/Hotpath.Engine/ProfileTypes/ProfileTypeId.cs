namespace Hotpath.Engine.ProfileTypes;

/// <summary>
/// A Pyroscope profile type id, <c>name:sample_type:sample_unit:period_type:period_unit</c>
/// (e.g. <c>process_cpu:cpu:nanoseconds:cpu:nanoseconds</c>). Components may be empty.
/// </summary>
public readonly record struct ProfileTypeId(string Name, string SampleType, string SampleUnit, string PeriodType, string PeriodUnit)
{
    public override string ToString() => $"{Name}:{SampleType}:{SampleUnit}:{PeriodType}:{PeriodUnit}";

    /// <summary>
    /// Parses an id of 5 parts, or 6 with a trailing <c>delta</c> marker as Pyroscope accepts (the
    /// marker is not kept). Returns false for any other shape or an empty name or sample type.
    /// </summary>
    public static bool TryParse(string text, out ProfileTypeId id)
    {
        id = default;
        var parts = text.Split(':');
        if (parts.Length is not (5 or 6) || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return false;
        }
        id = new ProfileTypeId(parts[0], parts[1], parts[2], parts[3], parts[4]);
        return true;
    }
}
