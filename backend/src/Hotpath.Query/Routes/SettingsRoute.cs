using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Hotpath.Engine.Errors;
using Hotpath.Engine.ProfileTypes;
using Hotpath.Query.Routes.Views;
using Hotpath.Query.Routing;

namespace Hotpath.Query.Routes;

/// <summary>A user's app settings, every field filled in (defaults where the user set nothing).</summary>
public sealed record UserSettings(
    int MaxNodes,
    bool CollapsedFrames,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? DefaultProfileType,
    string DefaultRange,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? SourceLinkTemplate = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? SourceLinkVersionLabel = null);

/// <summary>
/// <c>GET/PUT settings</c> per Grafana org and user. PUT replaces the settings: fields left out take
/// their defaults; unknown fields, wrong types and out-of-range values are refused naming the field.
/// </summary>
public static partial class SettingsRoute
{
    private static readonly string[] Fields = ["maxNodes", "collapsedFrames", "defaultProfileType", "defaultRange", "sourceLinkTemplate", "sourceLinkVersionLabel"];

    public static async Task<ResourceResponse> GetAsync(ResourceRequest request, CancellationToken cancellationToken) =>
        ResourceResponse.Json(await ReadAsync(request).ConfigureAwait(false), QueryJson.Wire.UserSettings);

    /// <summary>
    /// The calling user's settings for a view that only reads them (source links): the defaults
    /// when this process keeps no user data rather than a failure, since the view works without.
    /// </summary>
    internal static async Task<UserSettings> ReadOrDefaultsAsync(ResourceRequest request)
    {
        try
        {
            return await ReadAsync(request).ConfigureAwait(false);
        }
        catch (ResourceError e) when (e.Kind == ErrorKind.Plugin)
        {
            return Defaults(request);
        }
    }

    private static async Task<UserSettings> ReadAsync(ResourceRequest request)
    {
        var store = UserScope.Store(request);
        var stored = await UserScope.RunAsync("reading settings", () => store.GetSettingsAsync(UserScope.Owner(request))).ConfigureAwait(false);
        var settings = Defaults(request);
        if (stored is not null)
        {
            try
            {
                settings = Parse(System.Text.Encoding.UTF8.GetBytes(stored), request);
            }
            catch (ResourceError)
            {
                // Stored under other limits (e.g. a lower maxNodes ceiling now): show the defaults
                // rather than fail every page; the next PUT stores valid settings again.
            }
        }
        return settings;
    }

    public static async Task<ResourceResponse> PutAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var settings = Parse(request.Body, request);
        var store = UserScope.Store(request);
        var body = System.Text.Json.JsonSerializer.Serialize(settings, QueryJson.Wire.UserSettings);
        await UserScope.RunAsync("storing settings", async () =>
        {
            await store.PutSettingsAsync(UserScope.Owner(request), body, UserScope.NowMs(request), cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        return ResourceResponse.Json(settings, QueryJson.Wire.UserSettings);
    }

    private static UserSettings Defaults(ResourceRequest request) =>
        new(request.Context.Instance.Settings.Limits.DefaultMaxNodes, CollapsedFrames: true, DefaultProfileType: null, DefaultRange: "now-1h");

    private static UserSettings Parse(ReadOnlyMemory<byte> body, ResourceRequest request)
    {
        var limits = request.Context.Instance.Settings.Limits;
        var defaults = Defaults(request);
        using var json = StrictJson.Parse(body, limits.MaxUserJsonBytes, "settings", Fields);
        var profileType = json.String("defaultProfileType", 512);
        if (profileType is { Length: 0 })
        {
            profileType = null;
        }
        if (profileType is not null && !ProfileTypeId.TryParse(profileType, out _))
        {
            throw json.Bad("defaultProfileType", $"'{profileType}' is not a profile type id (name:sample_type:sample_unit:period_type:period_unit)");
        }
        var range = json.String("defaultRange", 32);
        if (range is not null && !RangePattern().IsMatch(range))
        {
            throw json.Bad("defaultRange", $"must be a relative time like now-15m, now-1h or now-7d, not '{range}'");
        }
        var template = json.String("sourceLinkTemplate", 2048);
        if (template is { Length: 0 })
        {
            template = null;
        }
        if (template is not null && SourceLinks.Check(template) is { } problem)
        {
            throw json.Bad("sourceLinkTemplate", problem);
        }
        var versionLabel = json.String("sourceLinkVersionLabel", 256);
        if (versionLabel is { Length: 0 })
        {
            versionLabel = null;
        }
        return new UserSettings(
            json.Int("maxNodes", 1, limits.MaxNodes) ?? defaults.MaxNodes,
            json.Bool("collapsedFrames") ?? defaults.CollapsedFrames,
            profileType,
            range ?? defaults.DefaultRange,
            template,
            versionLabel);
    }

    // Grafana's relative time units: seconds to years.
    [GeneratedRegex("^now-[1-9][0-9]{0,5}(s|m|h|d|w|M|y)$")]
    private static partial Regex RangePattern();
}
