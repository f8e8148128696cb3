using System.Text;
using System.Text.Json;
using Hotpath.Engine.Filters;
using Hotpath.Engine.FlameGraphs;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.ProfileTypes;
using Hotpath.Engine.Selection;
using Hotpath.Query.FlameGraphs;
using Hotpath.Query.Routes.Views;
using Hotpath.Query.Routing;
using Hotpath.Query.Sources;

namespace Hotpath.Query.Routes;

/// <summary>
/// <c>GET export?format=pprof|folded|flamebearer</c>: the merged selection as a file to download,
/// named <c>&lt;service&gt;_&lt;type&gt;_&lt;from&gt;_&lt;to&gt;.&lt;ext&gt;</c>. pprof and folded are
/// untruncated; flamebearer (Pyroscope's render JSON) is truncated to <c>maxNodes</c>. Frame filters
/// (<c>focus</c>, <c>ignore</c>, <c>hide</c>, <c>show</c>) and <c>granularity</c> apply to every format:
/// to the stacks, and to a pprof export's merged profile by pprof's rules on what it holds.
/// </summary>
public static class ExportRoute
{
    public static async Task<ResourceResponse> HandleAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var q = new QueryParams(request);
        var format = q.OneOf("format", "pprof", "pprof", "folded", "flamebearer");
        var profileType = q.ProfileType();
        var selector = q.Selector();
        var range = q.Range();
        var maxNodes = q.MaxNodes();
        var options = q.StackOptions();
        var source = q.Source();
        var merge = new MergeRequest(profileType, selector, range);
        ProfileTypeId.TryParse(profileType, out var id);
        var baseName = FileName(selector, id, range.StartMs, range.EndMs);

        switch (format)
        {
            case "pprof":
                {
                    var profile = await source.MergeProfileAsync(merge, cancellationToken).ConfigureAwait(false);
                    profile = ProfileFilter.Apply(profile, options);
                    return File(PprofWriter.Write(profile), "application/octet-stream", baseName + ".pb.gz");
                }
            case "folded":
                {
                    var stacks = await SelectionStacks.MergeAsync(source, merge, options, cancellationToken).ConfigureAwait(false);
                    var text = new StringWriter(new StringBuilder(stacks.Count * 64)) { NewLine = "\n" };
                    FoldedFormat.Write(stacks, text);
                    return File(Encoding.UTF8.GetBytes(text.ToString()), ResourceResponse.TextContentType, baseName + ".folded.txt");
                }
            default:
                {
                    var stacks = await SelectionStacks.MergeAsync(source, merge, options, cancellationToken).ConfigureAwait(false);
                    var flamebearer = Flamebearer.From(FlameGraphComposition.Compose(stacks, maxNodes, FlameGraphCut.Pyroscope));
                    var json = JsonAnswer.Write(w => WriteRender(w, flamebearer, id));
                    return File(json.Body, ResourceResponse.JsonContentType, baseName + ".json");
                }
        }
    }

    /// <summary>
    /// Pyroscope's render answer (flamebearer profile v1): the flamebearer, and metadata whose
    /// units and sample rate follow Pyroscope's <c>ExportToFlamebearer</c>; no timeline is computed.
    /// </summary>
    private static void WriteRender(Utf8JsonWriter w, Flamebearer flamebearer, ProfileTypeId id)
    {
        var (units, sampleRate) = id.SampleType switch
        {
            "inuse_objects" or "alloc_objects" or "goroutine" or "samples" => ("objects", 100L),
            "cpu" => ("samples", 1_000_000_000L),
            _ => (id.SampleUnit, 100L),
        };
        w.WriteStartObject();
        w.WriteNumber("version", 1);
        w.WritePropertyName("flamebearer");
        FlameGraphJson.WriteFlamebearerV1(w, flamebearer);
        w.WriteStartObject("metadata");
        w.WriteString("format", "single");
        w.WriteString("spyName", "");
        w.WriteNumber("sampleRate", sampleRate);
        w.WriteString("units", units);
        w.WriteString("name", id.SampleType);
        w.WriteEndObject();
        w.WriteNull("timeline");
        w.WriteNull("groups");
        w.WriteNull("heatmap");
        w.WriteEndObject();
    }

    /// <summary>
    /// <c>&lt;service&gt;_&lt;name&gt;-&lt;sample type&gt;_&lt;from&gt;_&lt;to&gt;</c>: the service is the
    /// selector's <c>service_name="…"</c> value, else <c>all</c>; anything but letters, digits,
    /// <c>.</c>, <c>-</c> and <c>_</c> becomes <c>_</c>, so the name is safe in the header and on disk.
    /// </summary>
    internal static string FileName(string selector, ProfileTypeId id, long fromMs, long toMs)
    {
        var service = LabelSelector.Parse(selector).EqualityValue("service_name") is { Length: > 0 } s ? s : "all";
        return $"{Safe(service)}_{Safe(id.Name)}-{Safe(id.SampleType)}_{fromMs}_{toMs}";

        static string Safe(string text)
        {
            var chars = text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray();
            var safe = new string(chars, 0, Math.Min(chars.Length, 100)).Trim('.');
            return safe.Length == 0 ? "_" : safe;
        }
    }

    private static ResourceResponse File(ReadOnlyMemory<byte> body, string contentType, string fileName) => new(200,
        new Dictionary<string, string>
        {
            ["Content-Type"] = contentType,
            ["Content-Disposition"] = $"attachment; filename=\"{fileName}\"",
        },
        body);
}
