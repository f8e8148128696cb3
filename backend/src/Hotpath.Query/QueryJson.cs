using System.Text.Json.Serialization;
using Hotpath.Query.Health;
using Hotpath.Query.Routes;
using Hotpath.Query.Routing;
using Hotpath.Query.Services;

namespace Hotpath.Query;

/// <summary>Source-generated JSON for every wire type the routes answer (camelCase, no reflection, so it survives trimming and NativeAOT).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(DataSourceList))]
// Exploration views
[JsonSerializable(typeof(StatsAnswer))]
[JsonSerializable(typeof(ServiceList))]
[JsonSerializable(typeof(SeriesAnswer))]
[JsonSerializable(typeof(ServiceAnswer))]
[JsonSerializable(typeof(LabelsAnswer))]
[JsonSerializable(typeof(ChangesAnswer))]
[JsonSerializable(typeof(FunctionTrendsAnswer))]
[JsonSerializable(typeof(LabelNameList))]
[JsonSerializable(typeof(LabelValueList))]
[JsonSerializable(typeof(AdhocProfileView))]
[JsonSerializable(typeof(AdhocProfileList))]
[JsonSerializable(typeof(UserSettings))]
public sealed partial class QueryJson : JsonSerializerContext
{
    /// <summary>
    /// The context every route serialises with: as generated, but without escaping quotes and
    /// non-ASCII text into \u sequences (answers are application/json, never inlined into HTML).
    /// </summary>
    public static QueryJson Wire { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
