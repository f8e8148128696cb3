using Hotpath.Engine.FunctionDetails;
using Hotpath.Query.ProfileTypes;
using Hotpath.Query.Routes.Views;
using Hotpath.Query.Routing;
using Hotpath.Query.Selectors;
using Hotpath.Query.Sources;

namespace Hotpath.Query.Routes;

/// <summary>
/// <c>GET function-details</c>: one function's self and total, split by source line, and its direct
/// callers and callees, over the selection after the frame filters. Lines get a link when the user
/// set a source link template (settings) and, if it uses <c>{version}</c>, the selection has exactly
/// one value of the version label.
/// </summary>
public static class FunctionDetailsRoute
{
    public static async Task<ResourceResponse> HandleAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var q = new QueryParams(request);
        var profileType = q.ProfileType();
        var function = q.Required("function");
        var selector = q.Selector();
        var range = q.Range();
        var filters = q.FrameFilters();
        var source = q.Source();
        var (profile, sampleType) = await SelectionStacks.FilteredProfileAsync(source, new MergeRequest(profileType, selector, range), filters, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var detail = sampleType < 0 ? new FunctionDetail(function, 0, 0, [], [], []) : FunctionDetail.Build(profile, sampleType, function);
        if (detail.Total == 0)
        {
            throw ResourceError.BadParameter("function", $"'{function}' is not in the selection ({profileType} {selector} from {range.StartMs} to {range.EndMs})");
        }
        var link = await LinkAsync(request, source, profileType, selector, range, cancellationToken).ConfigureAwait(false);
        return JsonAnswer.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("function", function);
            w.WriteString("unit", ProfileTypeInfo.Describe(profileType).Unit);
            w.WriteNumber("self", detail.Self);
            w.WriteNumber("total", detail.Total);
            w.WriteStartArray("lines");
            foreach (var line in detail.Lines)
            {
                w.WriteStartObject();
                w.WriteString("file", line.File);
                w.WriteNumber("line", line.Line);
                w.WriteNumber("self", line.Self);
                w.WriteNumber("total", line.Total);
                if (link is not null && line.File.Length > 0)
                {
                    w.WriteString("url", SourceLinks.Fill(link.Value.Template, line.File, line.Line, function, link.Value.Version));
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            WriteNeighbours(w, "callers", detail.Callers, detail.Total);
            WriteNeighbours(w, "callees", detail.Callees, detail.Total);
            w.WriteEndObject();
        });
    }

    private static void WriteNeighbours(System.Text.Json.Utf8JsonWriter w, string name, IReadOnlyList<NeighbourCost> neighbours, long total)
    {
        w.WriteStartArray(name);
        foreach (var n in neighbours)
        {
            w.WriteStartObject();
            w.WriteString("name", n.Name);
            w.WriteNumber("self", n.Self);
            w.WriteNumber("total", n.Total);
            w.WriteNumber("share", total == 0 ? 0 : (double)n.Total / total);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>The template and the version that fills it, or null when lines get no links.</summary>
    private static async Task<(string Template, string? Version)?> LinkAsync(
        ResourceRequest request, IProfileSource source, string profileType, string selector, Engine.Selection.TimeRange range, CancellationToken cancellationToken)
    {
        var settings = await SettingsRoute.ReadOrDefaultsAsync(request).ConfigureAwait(false);
        if (settings.SourceLinkTemplate is not { } template)
        {
            return null;
        }
        if (!SourceLinks.NeedsVersion(template))
        {
            return (template, null);
        }
        if (settings.SourceLinkVersionLabel is not { } label)
        {
            return null;
        }
        var values = await source.LabelValuesAsync(label, SelectorText.WithProfileType(selector, profileType), range, cancellationToken).ConfigureAwait(false);
        return values.Count == 1 ? (template, values[0]) : null;
    }
}
