using Hotpath.Engine.Pprof;

namespace Hotpath.Engine.Model;

/// <summary>
/// Checks a profile against the pprof rules the algorithms rely on and resolves its ids to array
/// positions. The rules follow google/pprof's <c>CheckValid</c> and string-table decoding: every string
/// index in range with <c>string_table[0] == ""</c>, ids non-zero and unique, samples and lines
/// pointing at locations and functions that exist, one value per sample type. A location's mapping id
/// may name no mapping (it is then treated as unknown), as google/pprof allows.
/// </summary>
public static class ProfileValidator
{
    /// <exception cref="PprofFormatException">The first rule broken, naming <paramref name="source"/>.</exception>
    public static void Validate(Profile profile, string source)
    {
        try
        {
            Check(profile);
        }
        catch (ProfileInvalidException e)
        {
            throw new PprofFormatException(source, e.Message);
        }
    }

    private static void Check(Profile p)
    {
        var strings = p.Strings.Length;
        if (strings == 0)
        {
            throw new ProfileInvalidException("string table is empty (string_table[0] must be \"\")");
        }
        if (p.Strings[0].Length != 0)
        {
            throw new ProfileInvalidException("string_table[0] must be \"\"");
        }

        for (var i = 0; i < p.SampleTypes.Length; i++)
        {
            CheckString(p.SampleTypes[i].Type, strings, "sample_type", i, "type");
            CheckString(p.SampleTypes[i].Unit, strings, "sample_type", i, "unit");
        }
        CheckString(p.PeriodType.Type, strings, "period_type", -1, "type");
        CheckString(p.PeriodType.Unit, strings, "period_type", -1, "unit");
        CheckString(p.DropFrames, strings, "drop_frames", -1, "value");
        CheckString(p.KeepFrames, strings, "keep_frames", -1, "value");
        CheckString(p.DefaultSampleType, strings, "default_sample_type", -1, "value");
        CheckString(p.DocUrl, strings, "doc_url", -1, "value");
        for (var i = 0; i < p.Comments.Length; i++)
        {
            CheckString(p.Comments[i], strings, "comment", i, "value");
        }

        var samples = p.SampleCount;
        if (samples > 0 && p.SampleTypes.Length == 0)
        {
            throw new ProfileInvalidException("missing sample type information: samples present but no sample_type");
        }
        if (p.SampleValues.Length != (long)samples * p.SampleTypes.Length)
        {
            throw new ProfileInvalidException($"{p.SampleValues.Length} sample values for {samples} samples of {p.SampleTypes.Length} sample types");
        }
        var labels = p.SampleLabels;
        for (var i = 0; i < labels.Length; i++)
        {
            CheckString(labels[i].Key, strings, "label", i, "key");
            CheckString(labels[i].Str, strings, "label", i, "str");
            CheckString(labels[i].NumUnit, strings, "label", i, "num_unit");
        }

        // Built for its checks (non-zero, unique ids); a location may name a mapping that is absent.
        IdIndex.Build(p.Mappings.Length, i => p.Mappings[i].Id, "mapping");
        for (var i = 0; i < p.Mappings.Length; i++)
        {
            CheckString(p.Mappings[i].Filename, strings, "mapping", i, "filename");
            CheckString(p.Mappings[i].BuildId, strings, "mapping", i, "build_id");
        }

        var functionIndex = IdIndex.Build(p.Functions.Length, i => p.Functions[i].Id, "function");
        for (var i = 0; i < p.Functions.Length; i++)
        {
            ref readonly var f = ref p.Functions[i];
            CheckString(f.Name, strings, "function", i, "name");
            CheckString(f.SystemName, strings, "function", i, "system_name");
            CheckString(f.Filename, strings, "function", i, "filename");
        }

        var locationIndex = IdIndex.Build(p.Locations.Length, i => p.Locations[i].Id, "location");
        var lineFunctions = new int[p.Lines.Length];
        for (var i = 0; i < p.Locations.Length; i++)
        {
            ref readonly var location = ref p.Locations[i];
            if (location.FirstLine < 0 || location.LineCount < 0 || location.FirstLine + location.LineCount > p.Lines.Length)
            {
                throw new ProfileInvalidException($"location id {location.Id} has lines outside the line table");
            }
            for (var l = location.FirstLine; l < location.FirstLine + location.LineCount; l++)
            {
                var functionId = p.Lines[l].FunctionId;
                var index = functionId == 0 ? -1 : functionIndex.Find(functionId);
                if (index < 0)
                {
                    throw new ProfileInvalidException(functionId == 0
                        ? $"location id {location.Id} has a line with no function (function_id 0)"
                        : $"location id {location.Id} has a line with missing function id {functionId}");
                }
                lineFunctions[l] = index;
            }
        }

        var offsets = p.SampleLocationOffsets;
        if (offsets.Length == 0 || offsets[0] != 0 || offsets[^1] != p.SampleLocationIds.Length
            || p.SampleLabelOffsets.Length != offsets.Length || p.SampleLabelOffsets[^1] != labels.Length)
        {
            throw new ProfileInvalidException("sample offsets do not match the sample arrays");
        }
        var ids = p.SampleLocationIds;
        for (var i = 0; i < ids.Length; i++)
        {
            if (locationIndex.Find(ids[i]) < 0)
            {
                var sample = 0;
                while (offsets[sample + 1] <= i)
                {
                    sample++;
                }
                throw new ProfileInvalidException($"sample #{sample} refers to missing location id {ids[i]}");
            }
        }

        p.LineFunctionIndexes = lineFunctions;
        p.LocationIndex = locationIndex;
    }

    private static void CheckString(long index, int count, string message, int item, string field)
    {
        if ((ulong)index >= (ulong)count)
        {
            var what = item >= 0 ? $"{message} #{item}" : message;
            throw new ProfileInvalidException($"bad string index {index} in {what} {field} (string table has {count} entries)");
        }
    }
}
