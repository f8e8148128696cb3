using Hotpath.Engine.Merge;
using Hotpath.Engine.Model;
using Hotpath.Engine.ProfileTypes;
using Hotpath.Engine.Selection;
using Hotpath.Engine.Stacks;
using Hotpath.Store.Labels;

namespace Hotpath.Store.Storage.Writing;

/// <summary>One profile row to write: a series, its time, and its merged stacks of frame names.</summary>
internal sealed record PreparedProfile(LabelSet Labels, string ProfileType, long TimeNs, long DurationNs, long Period, StackSet Stacks);

/// <summary>
/// Splits an incoming profile the way Pyroscope does — one series per sample type and per distinct
/// set of string sample labels — and merges each part into stacks with the engine's own merger, so
/// the store keeps exactly what the engine would compute from the file. Runs on the caller's
/// thread; the writer thread only maps names and stacks to ids and writes.
/// </summary>
internal static class IngestPreparer
{
    public static List<PreparedProfile> Prepare(IngestItem item, long nowNs)
    {
        var profile = item.Profile;
        var labels = Relabel(WithoutConsumed(item.Labels));
        var service = labels.Get(ReservedLabels.ServiceName);
        if (string.IsNullOrEmpty(service))
        {
            throw new IngestRejectedException($"invalid labels '{labels}' with error: service name is not provided");
        }
        CheckLabels(labels);
        if (profile.SampleTypes.Length == 0)
        {
            throw new IngestRejectedException("empty profile");
        }
        if (!profile.IsValidated)
        {
            ProfileValidator.Validate(profile, "ingested profile");
        }
        if (item.SampleType is { } only && (uint)only >= (uint)profile.SampleTypes.Length)
        {
            throw new IngestRejectedException($"sample type index {only} is out of range: the profile has {profile.SampleTypes.Length} sample types");
        }

        var timeNs = item.TimeNanos != 0 ? item.TimeNanos : profile.TimeNanos != 0 ? profile.TimeNanos : nowNs;
        var durationNs = item.DurationNanos != 0 ? item.DurationNanos : profile.DurationNanos;
        var groupKeys = SampleLabelKeys(profile, labels);
        var names = new NameTable(1024);
        var result = new List<PreparedProfile>();
        var nameHint = labels.Get(ReservedLabels.Name);

        var types = item.SampleType is { } one ? [one] : Enumerable.Range(0, profile.SampleTypes.Length);
        foreach (var sampleType in types)
        {
            var id = ProfileTypeMapping.For(profile, sampleType, nameHint);
            var series = SeriesLabels(labels, id, service);
            var merger = new ProfileMerger(names, groupKeys.Length == 0 ? null : groupKeys);
            merger.Add(profile, sampleType);
            if (groupKeys.Length == 0)
            {
                result.Add(new PreparedProfile(series, id.ToString(), timeNs, durationNs, profile.Period, merger.Stacks));
                continue;
            }
            foreach (var group in merger.Groups)
            {
                var groupLabels = series;
                for (var k = 0; k < groupKeys.Length; k++)
                {
                    if (group.LabelValues[k].Length != 0)
                    {
                        groupLabels = groupLabels.With(groupKeys[k], group.LabelValues[k]);
                    }
                }
                CheckLabels(groupLabels);
                result.Add(new PreparedProfile(groupLabels, id.ToString(), timeNs, durationNs, profile.Period, group.Stacks));
            }
        }
        return result;
    }

    /// <summary>
    /// Pyroscope's default relabelling: pyroscope-go's delta profilers push as
    /// <c>godeltaprof_memory</c>, <c>godeltaprof_mutex</c>, … and are stored under the plain name,
    /// keeping the original in <c>__name_replaced__</c>.
    /// </summary>
    private static LabelSet Relabel(LabelSet labels)
    {
        const string prefix = "godeltaprof_";
        if (labels.Get(ReservedLabels.Name) is { } name && name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length)
        {
            return labels.With(ReservedLabels.Name, name[prefix.Length..]).With("__name_replaced__", name);
        }
        return labels;
    }

    private static void CheckLabels(LabelSet labels)
    {
        foreach (var (name, value) in labels.Pairs)
        {
            // The canonical series key separates pairs with \u0000 and \u0001: they cannot appear inside.
            if (name.Length == 0 || name.AsSpan().IndexOfAny('\u0000', '\u0001') >= 0)
            {
                throw new IngestRejectedException($"invalid labels '{labels}' with error: invalid label name '{name}'");
            }
            if (value.AsSpan().IndexOfAny('\u0000', '\u0001') >= 0)
            {
                throw new IngestRejectedException($"invalid labels '{labels}' with error: invalid label value '{value}'");
            }
        }
    }

    private static LabelSet WithoutConsumed(LabelSet labels) =>
        labels.Pairs.Any(p => ReservedLabels.Consumed.Contains(p.Key))
            ? LabelSet.From(labels.Pairs.Where(p => !ReservedLabels.Consumed.Contains(p.Key)))
            : labels;

    private static LabelSet SeriesLabels(LabelSet labels, ProfileTypeId id, string service)
    {
        var pairs = labels.Pairs.ToList();
        void Set(string name, string value) => pairs.Add(new(name, value));
        Set(ReservedLabels.Name, id.Name);
        Set(ReservedLabels.Type, id.SampleType);
        Set(ReservedLabels.Unit, id.SampleUnit);
        if (id.PeriodType.Length != 0 || id.PeriodUnit.Length != 0)
        {
            Set(ReservedLabels.PeriodType, id.PeriodType);
            Set(ReservedLabels.PeriodUnit, id.PeriodUnit);
        }
        Set(ReservedLabels.ProfileType, id.ToString());
        Set(ReservedLabels.ServiceNameCopy, service);
        return LabelSet.From(pairs);
    }

    /// <summary>String sample label keys that become series labels: not kept on samples, not already a series label.</summary>
    private static string[] SampleLabelKeys(Profile profile, LabelSet labels)
    {
        if (profile.SampleLabels.Length == 0)
        {
            return [];
        }
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var label in profile.SampleLabels)
        {
            if (label.Str == 0)
            {
                continue;
            }
            var key = profile.Strings[label.Key];
            if (key.Length != 0 && !ReservedLabels.KeptOnSamples.Contains(key) && labels.Get(key) is null)
            {
                keys.Add(key);
            }
        }
        return [.. keys];
    }
}
