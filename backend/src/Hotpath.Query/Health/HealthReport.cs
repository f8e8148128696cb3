namespace Hotpath.Query.Health;

/// <summary>The state of one configured source: <c>ok</c> or <c>error</c> with the reason.</summary>
public sealed record SourceHealth(string Uid, string Name, string Kind, string Status, string Message);

/// <summary>Every source's state; <c>ok</c> only when all are.</summary>
public sealed record HealthReport(string Status, string Message, IReadOnlyList<SourceHealth> Sources)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsOk => Status == "ok";
}
