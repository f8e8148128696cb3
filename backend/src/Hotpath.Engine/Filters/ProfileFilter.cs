using Hotpath.Engine.Collections;
using Hotpath.Engine.Model;

namespace Hotpath.Engine.Filters;

/// <summary>
/// A profile as go tool pprof sees it after <c>FilterSamplesByName</c> and <c>Aggregate</c>: frame
/// filters applied, then each line's function replaced by one named for the chosen granularity
/// (<see cref="Granularities.FrameName"/>). Merging the result with <c>ProfileMerger</c> gives the
/// stacks pprof's filtered and aggregated profile folds to, so the merge itself needs no knowledge
/// of filters.
/// </summary>
/// <remarks>
/// The result shares the input's arrays wherever nothing changes (strings, mappings, sample arrays
/// when no sample is dropped and no location hidden). Locations keep their ids and positions; a
/// hidden location stays in the table and is only taken out of samples. Addresses are kept (pprof's
/// <c>Aggregate</c> zeroes them below <c>addresses</c> granularity, but an unsymbolized frame is
/// still written <c>0x&lt;address&gt;</c> in the folded contract).
/// </remarks>
public static class ProfileFilter
{
    public static Profile Apply(Profile profile, StackOptions options)
    {
        if (options.IsDefault)
        {
            return profile;
        }
        if (!profile.IsValidated)
        {
            throw new InvalidOperationException("the profile has not been validated; call ProfileValidator.Validate first");
        }
        var filters = options.Filters;
        var lineFunctions = profile.ResolvedLineFunctions;

        // Lines kept per location, and which locations leave the stacks and what focus/ignore say of them.
        var lines = profile.Lines;
        var locations = profile.Locations;
        var keptLineFunctions = lineFunctions;
        LocationVerdict[]? verdicts = null;
        bool[]? hidden = null;
        var anyHidden = false;
        if (!filters.IsEmpty)
        {
            var functionMatches = new FilterMatch[profile.Functions.Length];
            for (var f = 0; f < functionMatches.Length; f++)
            {
                ref readonly var function = ref profile.Functions[f];
                functionMatches[f] = filters.Match(profile.Strings[function.Name], profile.Strings[function.Filename]);
            }
            var mappingMatches = new Dictionary<ulong, FilterMatch>(profile.Mappings.Length);
            foreach (var mapping in profile.Mappings)
            {
                mappingMatches[mapping.Id] = filters.MatchMapping(profile.Strings[mapping.Filename]);
            }

            verdicts = new LocationVerdict[locations.Length];
            hidden = new bool[locations.Length];
            using var keptLines = new ArrayBuilder<Line>(lines.Length);
            using var keptFunctions = new ArrayBuilder<int>(lines.Length);
            locations = new Location[profile.Locations.Length];
            for (var i = 0; i < locations.Length; i++)
            {
                var location = profile.Locations[i];
                // A location whose mapping id names no mapping has none, as in pprof: nothing to match.
                var mapping = location.MappingId != 0 && mappingMatches.TryGetValue(location.MappingId, out var m) ? m : 0;
                var any = mapping;
                var end = location.FirstLine + location.LineCount;
                for (var l = location.FirstLine; l < end; l++)
                {
                    any |= functionMatches[lineFunctions[l]];
                }
                verdicts[i] = FilterRules.Verdict(filters, any);
                var hideApplies = FilterRules.HideApplies(filters, any);
                var first = keptLines.Count;
                for (var l = location.FirstLine; l < end; l++)
                {
                    if (FilterRules.KeepsLine(filters, functionMatches[lineFunctions[l]], mapping, hideApplies))
                    {
                        keptLines.Add(lines[l]);
                        keptFunctions.Add(lineFunctions[l]);
                    }
                }
                var kept = keptLines.Count - first;
                hidden[i] = FilterRules.Hidden(filters, hideApplies, kept);
                anyHidden |= hidden[i];
                locations[i] = location with { FirstLine = first, LineCount = kept };
            }
            lines = keptLines.ToArray();
            keptLineFunctions = keptFunctions.ToArray();
        }

        var (functions, strings, aggregatedLines, resolved) = Aggregate(profile, options.Granularity, lines, keptLineFunctions);
        var samples = verdicts is null
            ? new SampleArrays(profile.SampleLocationIds, profile.SampleLocationOffsets, profile.SampleValues, profile.SampleLabels, profile.SampleLabelOffsets)
            : FilterSamples(profile, verdicts, anyHidden ? hidden : null);
        return new Profile
        {
            Strings = strings,
            SampleTypes = profile.SampleTypes,
            Mappings = profile.Mappings,
            Locations = locations,
            Lines = aggregatedLines,
            Functions = functions,
            DropFrames = profile.DropFrames,
            KeepFrames = profile.KeepFrames,
            TimeNanos = profile.TimeNanos,
            DurationNanos = profile.DurationNanos,
            PeriodType = profile.PeriodType,
            Period = profile.Period,
            Comments = profile.Comments,
            DefaultSampleType = profile.DefaultSampleType,
            DocUrl = profile.DocUrl,
            SampleLocationIds = samples.LocationIds,
            SampleLocationOffsets = samples.LocationOffsets,
            SampleValues = samples.Values,
            SampleLabels = samples.Labels,
            SampleLabelOffsets = samples.LabelOffsets,
            // Built from a validated profile with ids, positions and string indices kept or made
            // here in range, so the validator's checks would find nothing; the resolved indices are
            // set directly instead.
            LocationIndex = profile.LocationIndex,
            LineFunctionIndexes = resolved,
        };
    }

    private sealed record SampleArrays(ulong[] LocationIds, int[] LocationOffsets, long[] Values, Label[] Labels, int[] LabelOffsets);

    /// <summary>
    /// The function table at <paramref name="granularity"/>: one function per distinct frame name
    /// (per distinct function and line at <see cref="Granularity.Lines"/>), named by
    /// <see cref="Granularities.FrameName"/>, with each line pointed at its function.
    /// </summary>
    private static (Function[] Functions, string[] Strings, Line[] Lines, int[] LineFunctions) Aggregate(
        Profile profile, Granularity granularity, Line[] lines, int[] lineFunctions)
    {
        if (granularity == Granularity.Functions)
        {
            return (profile.Functions, profile.Strings, lines, lineFunctions);
        }
        // Lines get new function ids; the input's own array is never written.
        lines = ReferenceEquals(lines, profile.Lines) ? (Line[])lines.Clone() : lines;
        var strings = new List<string>(profile.Strings);
        var stringIds = new Dictionary<string, long>(StringComparer.Ordinal);
        var functions = new ArrayBuilder<Function>(profile.Functions.Length);
        try
        {
            // Frame text → new function index; per old function (and line) → new function index.
            var byName = new Dictionary<string, int>(StringComparer.Ordinal);
            var perFunction = new int[profile.Functions.Length];
            Array.Fill(perFunction, -1);
            var perLine = granularity == Granularity.Lines ? new Dictionary<(int, long), int>() : null;
            var resolved = new int[lines.Length];
            for (var l = 0; l < lines.Length; l++)
            {
                var old = lineFunctions[l];
                int index;
                if (perLine is not null)
                {
                    if (!perLine.TryGetValue((old, lines[l].LineNumber), out index))
                    {
                        index = FunctionFor(old, lines[l].LineNumber);
                        perLine.Add((old, lines[l].LineNumber), index);
                    }
                }
                else if ((index = perFunction[old]) < 0)
                {
                    index = perFunction[old] = FunctionFor(old, 0);
                }
                resolved[l] = index;
                // Lines keep their number; the function id changes to the new table's.
                lines[l] = lines[l] with { FunctionId = functions[index].Id };
            }
            return (functions.ToArray(), [.. strings], lines, resolved);

            int FunctionFor(int old, long line)
            {
                ref readonly var f = ref profile.Functions[old];
                var name = Granularities.FrameName(granularity, profile.Strings[f.Name], profile.Strings[f.Filename], line);
                if (byName.TryGetValue(name, out var existing))
                {
                    return existing;
                }
                if (!stringIds.TryGetValue(name, out var nameId))
                {
                    nameId = name.Length == 0 ? 0 : strings.Count;
                    if (nameId != 0)
                    {
                        strings.Add(name);
                    }
                    stringIds.Add(name, nameId);
                }
                functions.Add(new Function((ulong)functions.Count + 1, nameId, 0, 0, 0));
                byName.Add(name, functions.Count - 1);
                return functions.Count - 1;
            }
        }
        finally
        {
            functions.Dispose();
        }
    }

    /// <summary>Drops the samples focus and ignore reject and takes hidden locations out of the rest.</summary>
    private static SampleArrays FilterSamples(Profile source, LocationVerdict[] verdicts, bool[]? hidden)
    {
        var ids = source.SampleLocationIds;
        var offsets = source.SampleLocationOffsets;
        var locationIndex = source.LocationIndex!.Value;
        using var keptIds = new ArrayBuilder<ulong>(ids.Length);
        using var keptOffsets = new ArrayBuilder<int>(offsets.Length);
        using var keptValues = new ArrayBuilder<long>(source.SampleValues.Length);
        using var keptLabels = new ArrayBuilder<Label>(source.SampleLabels.Length);
        using var keptLabelOffsets = new ArrayBuilder<int>(offsets.Length);
        keptOffsets.Add(0);
        keptLabelOffsets.Add(0);
        for (var s = 0; s < source.SampleCount; s++)
        {
            var verdict = default(SampleVerdict);
            for (var i = offsets[s]; i < offsets[s + 1] && !verdict.Ignored; i++)
            {
                verdict.Add(verdicts[locationIndex.Find(ids[i])]);
            }
            if (!verdict.Keeps)
            {
                continue;
            }
            var before = keptIds.Count;
            if (hidden is null)
            {
                keptIds.AddRange(ids.AsSpan(offsets[s], offsets[s + 1] - offsets[s]));
            }
            else
            {
                for (var i = offsets[s]; i < offsets[s + 1]; i++)
                {
                    if (!hidden[locationIndex.Find(ids[i])])
                    {
                        keptIds.Add(ids[i]);
                    }
                }
                if (keptIds.Count == before)
                {
                    continue;   // every location hidden: pprof removes the sample
                }
            }
            keptOffsets.Add(keptIds.Count);
            keptValues.AddRange(source.ValuesOf(s));
            keptLabels.AddRange(source.LabelsOf(s));
            keptLabelOffsets.Add(keptLabels.Count);
        }
        return new SampleArrays(keptIds.ToArray(), keptOffsets.ToArray(), keptValues.ToArray(), keptLabels.ToArray(), keptLabelOffsets.ToArray());
    }
}
