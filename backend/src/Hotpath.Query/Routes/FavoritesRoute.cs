using System.Text.Json;
using System.Text.RegularExpressions;
using Hotpath.Engine.Errors;
using Hotpath.Engine.ProfileTypes;
using Hotpath.Engine.Selection;
using Hotpath.Query.Routes.Views;
using Hotpath.Query.Routing;
using Hotpath.Query.Stores;

namespace Hotpath.Query.Routes;

/// <summary>
/// <c>GET/POST/DELETE favorites</c>: saved views per Grafana org and user. A favorite is stored as
/// its canonical JSON (fields in a fixed order, absent ones left out), which is also what makes two
/// favorites "the same": posting equal content again answers the existing one.
/// </summary>
public static partial class FavoritesRoute
{
    private static readonly string[] Fields = ["datasource", "view", "profileType", "service", "selector", "groupBy", "title"];
    private static readonly string[] Views = ["all-services", "service", "labels", "flame-graph", "diff"];

    public static async Task<ResourceResponse> ListAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var store = UserScope.Store(request);
        var rows = await UserScope.RunAsync("reading favorites", () => store.ListFavoritesAsync(UserScope.Owner(request))).ConfigureAwait(false);
        return JsonAnswer.Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("favorites");
            foreach (var row in rows)
            {
                WriteFavorite(w, row);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    public static async Task<ResourceResponse> AddAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var limits = request.Context.Instance.Settings.Limits;
        var canonical = Canonical(request.Body, limits.MaxUserJsonBytes);
        var store = UserScope.Store(request);
        var candidate = new Favorite(UserScope.NewId(), canonical, canonical, UserScope.NowMs(request));
        var result = await UserScope.RunAsync("storing the favorite",
            () => store.AddFavoriteAsync(UserScope.Owner(request), candidate, limits.MaxFavoritesPerUser, cancellationToken)).ConfigureAwait(false);
        if (result.Full)
        {
            throw new ResourceError(ErrorKind.BadRequest, $"this user already has {limits.MaxFavoritesPerUser} favorites, the most kept; delete some first");
        }
        return JsonAnswer.Write(w => WriteFavorite(w, result.Stored!), result.Created ? 201 : 200);
    }

    public static async Task<ResourceResponse> DeleteAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var id = new QueryParams(request).Required("id");
        var store = UserScope.Store(request);
        var deleted = await UserScope.RunAsync("deleting the favorite", () => store.DeleteFavoriteAsync(UserScope.Owner(request), id, cancellationToken)).ConfigureAwait(false);
        if (!deleted)
        {
            throw new ResourceError(ErrorKind.NotFound, $"parameter 'id': no favorite with id '{id}' for this user");
        }
        return new ResourceResponse(204, new Dictionary<string, string>(), ReadOnlyMemory<byte>.Empty);
    }

    /// <summary>The favorite's group-by: comma-separated label names, as the <c>series</c> route takes them.</summary>
    private static string? GroupBy(StrictJson json)
    {
        var text = json.String("groupBy", 1024);
        if (text is not null && text.Split(',', StringSplitOptions.TrimEntries) is var names
            && (!names.All(QueryParams.IsLabelName) || names.Distinct(StringComparer.Ordinal).Count() != names.Length))
        {
            throw json.Bad("groupBy", $"'{text}' is not a comma-separated list of distinct label names");
        }
        return text;
    }

    /// <summary>Checks a posted favorite and gives its canonical JSON.</summary>
    internal static string Canonical(ReadOnlyMemory<byte> body, int maxBytes)
    {
        using var json = StrictJson.Parse(body, maxBytes, "favorite", [.. Fields, "id", "createdMs"]);
        if (json.Has("id") || json.Has("createdMs"))
        {
            throw json.Bad(json.Has("id") ? "id" : "createdMs", "is set by the server; post a favorite without it");
        }
        var view = json.String("view", 32, required: true)!;
        if (Array.IndexOf(Views, view) < 0)
        {
            throw json.Bad("view", $"must be one of {string.Join(", ", Views)}, not '{view}'");
        }
        var profileType = json.String("profileType", 512, required: true)!;
        if (!ProfileTypeId.TryParse(profileType, out _))
        {
            throw json.Bad("profileType", $"'{profileType}' is not a profile type id (name:sample_type:sample_unit:period_type:period_unit)");
        }
        var datasource = json.String("datasource", 64);
        if (datasource is not null && !UidPattern().IsMatch(datasource))
        {
            throw json.Bad("datasource", $"'{datasource}' is not a data source uid (1 to 64 letters, digits, '-' or '_')");
        }
        var selector = json.String("selector", 4096);
        if (selector is not null)
        {
            try
            {
                LabelSelector.Parse(selector);
            }
            catch (SelectorException e)
            {
                throw json.Bad("selector", $"does not parse: {e.Message}");
            }
        }
        var values = new Dictionary<string, string?>
        {
            ["datasource"] = datasource,
            ["view"] = view,
            ["profileType"] = profileType,
            ["service"] = json.String("service", 256),
            ["selector"] = selector,
            ["groupBy"] = GroupBy(json),
            ["title"] = json.String("title", 256),
        };
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Hotpath.Engine.FlameGraphs.FlameGraphJson.WriterOptions))
        {
            w.WriteStartObject();
            foreach (var field in Fields)
            {
                if (values[field] is { } value)
                {
                    w.WriteString(field, value);
                }
            }
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteFavorite(Utf8JsonWriter w, Favorite row)
    {
        using var stored = JsonDocument.Parse(row.Body);
        w.WriteStartObject();
        w.WriteString("id", row.Id);
        foreach (var property in stored.RootElement.EnumerateObject())
        {
            property.WriteTo(w);
        }
        w.WriteNumber("createdMs", row.CreatedMs);
        w.WriteEndObject();
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex UidPattern();
}
