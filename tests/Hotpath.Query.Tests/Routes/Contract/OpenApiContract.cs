extern alias JsonSchemaNet;

using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hotpath.Engine.Errors;
using Hotpath.Query.Routing;
using JsonSchemaNet::Json.Schema;

namespace Hotpath.Query.Tests.Routes.Contract;

/// <summary>One query parameter of an operation (its own <c>$ref</c> resolved; its schema as written).</summary>
internal sealed record ContractParameter(string Name, bool Required, JsonObject Schema);

/// <summary>
/// docs/openapi.yaml, read as the contract of the resource routes: the operations it lists, and
/// whether a request or an answer conforms to it. Schemas are evaluated as JSON Schema 2020-12 (the
/// dialect of OpenAPI 3.1) with the document's <c>components/schemas</c> as <c>$defs</c>.
/// Every check answers a list of problems, empty when the request or answer conforms.
/// </summary>
internal sealed partial class OpenApiContract
{
    /// <summary>The file name beside the test assembly (copied there by the project file).</summary>
    public const string FileName = "openapi.yaml";

    private static readonly Lazy<OpenApiContract> SharedDocument = new(() => FromYaml(ReadText()));
    private static int _instances;

    private readonly ConcurrentDictionary<string, JsonSchema> _compiled = new(StringComparer.Ordinal);
    private readonly string _idBase;

    private OpenApiContract(JsonObject root)
    {
        Root = root;
        _idBase = $"https://hotpath.invalid/contract/{Interlocked.Increment(ref _instances)}/";
        Schemas = root["components"]?["schemas"] as JsonObject ?? throw new FormatException("the document has no components/schemas");
    }

    /// <summary>The document as committed, read once.</summary>
    public static OpenApiContract Shared => SharedDocument.Value;

    public static string ReadText() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, FileName));

    public static OpenApiContract FromJson(JsonObject root) => new(root);

    public static OpenApiContract FromYaml(string yaml) =>
        new(YamlJson.Parse(yaml) as JsonObject ?? throw new FormatException("the document is not a mapping"));

    public JsonObject Root { get; }

    public JsonObject Schemas { get; }

    /// <summary>Every operation, as the router names it: method in capitals, path without the leading '/'.</summary>
    public IReadOnlyList<(string Method, string Path)> Operations =>
    [
        .. Paths.SelectMany(p => ((JsonObject)p.Value!)
            .Where(m => HttpMethods.Contains(m.Key))
            .Select(m => (m.Key.ToUpperInvariant(), p.Key.TrimStart('/')))),
    ];

    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private JsonObject Paths => Root["paths"] as JsonObject ?? throw new FormatException("the document has no paths");

    public JsonObject Operation(string method, string path) =>
        Paths[$"/{path}"]?[method.ToLowerInvariant()] as JsonObject
        ?? throw new KeyNotFoundException($"the document has no operation {method} /{path}");

    public IReadOnlyList<ContractParameter> Parameters(string method, string path) =>
    [
        .. (Operation(method, path)["parameters"] as JsonArray ?? []).Select(p =>
        {
            var parameter = Deref(p!);
            if ((string?)parameter["in"] != "query")
            {
                throw new FormatException($"{method} /{path}: parameter {parameter["name"]} is not in the query; the routes take query parameters only");
            }
            return new ContractParameter((string)parameter["name"]!, (bool?)parameter["required"] ?? false, (JsonObject)parameter["schema"]!);
        }),
    ];

    /// <summary>Follows a local <c>$ref</c> (<c>#/components/…</c>) to what it names; any other node as it is.</summary>
    public JsonObject Deref(JsonNode node)
    {
        var current = (JsonObject)node;
        for (var hops = 0; current["$ref"] is JsonValue reference; hops++)
        {
            if (hops > 16)
            {
                throw new FormatException($"$ref chain too long at {reference}");
            }
            current = Pointer((string)reference!) as JsonObject ?? throw new FormatException($"$ref '{reference}' names no object in the document");
        }
        return current;
    }

    /// <summary>The node at a local reference such as <c>#/components/schemas/ErrorBody</c>, or null.</summary>
    public JsonNode? Pointer(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new FormatException($"$ref '{reference}' is not local to the document");
        }
        JsonNode? node = Root;
        foreach (var raw in reference[2..].Split('/'))
        {
            var part = raw.Replace("~1", "/").Replace("~0", "~");
            node = node switch
            {
                JsonObject o => o[part],
                JsonArray a when int.TryParse(part, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }
        return node;
    }

    /// <summary>Checks a request against the operation: parameters known, required ones present, values of their schema; the body of its schema.</summary>
    public IReadOnlyList<string> RequestProblems(string method, string path, IReadOnlyDictionary<string, string> query, ReadOnlyMemory<byte> body)
    {
        var problems = new List<string>();
        var parameters = Parameters(method, path);
        foreach (var name in query.Keys.Where(k => parameters.All(p => p.Name != k)))
        {
            problems.Add($"parameter '{name}': not documented for {method} /{path}");
        }
        foreach (var parameter in parameters)
        {
            // An empty value is the same as none (see the document's conventions).
            if (!query.TryGetValue(parameter.Name, out var text) || text.Length == 0)
            {
                if (parameter.Required)
                {
                    problems.Add($"parameter '{parameter.Name}': required, and missing");
                }
                continue;
            }
            var pointer = ParameterPointer(method, path, parameter.Name);
            foreach (var problem in Validate(pointer, parameter.Schema, QueryValue(text, parameter.Schema)))
            {
                problems.Add($"parameter '{parameter.Name}': {problem}");
            }
            if ((string?)parameter.Schema["contentMediaType"] == "application/json" && parameter.Schema["contentSchema"] is JsonObject content)
            {
                JsonNode? decoded;
                try
                {
                    decoded = JsonNode.Parse(text);
                }
                catch (JsonException e)
                {
                    problems.Add($"parameter '{parameter.Name}': not JSON: {e.Message}");
                    continue;
                }
                foreach (var problem in Validate(pointer + "/contentSchema", content, decoded))
                {
                    problems.Add($"parameter '{parameter.Name}': {problem}");
                }
            }
        }
        if (Operation(method, path)["requestBody"] is { } bodyNode)
        {
            var requestBody = Deref(bodyNode);
            if (body.IsEmpty)
            {
                if ((bool?)requestBody["required"] == true)
                {
                    problems.Add("body: required, and empty");
                }
            }
            else if (requestBody["content"]?["application/json"]?["schema"] is { } schema)
            {
                problems.AddRange(ValidateJsonText($"{OperationPointer(method, path)}/requestBody/json", schema, body).Select(p => $"body: {p}"));
            }
        }
        else if (!body.IsEmpty)
        {
            problems.Add($"body: {method} /{path} takes none");
        }
        return problems;
    }

    /// <summary>Checks an answer of an operation: its status documented, its media type one of the status's, its body of that schema, required headers present.</summary>
    public IReadOnlyList<string> ResponseProblems(string method, string path, ResourceResponse response)
    {
        var status = response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Operation(method, path)["responses"]?[status] is not { } responseNode)
        {
            return [$"status {status} is not documented for {method} /{path}"];
        }
        return ResponseProblems(Deref(responseNode), $"{OperationPointer(method, path)}/{status}", response);
    }

    /// <summary>
    /// Checks an answer no operation covers (no route at the path, a method the path does not take)
    /// against <c>ErrorBody</c>, its <c>kind</c> the one of its status.
    /// </summary>
    public IReadOnlyList<string> PathErrorProblems(ResourceResponse response)
    {
        var problems = new List<string>();
        if (MediaType(response) != "application/json")
        {
            problems.Add($"content type '{MediaType(response)}' is not application/json");
        }
        problems.AddRange(ValidateJsonText("#/components/schemas/ErrorBody", new JsonObject { ["$ref"] = "#/components/schemas/ErrorBody" }, response.Body));
        problems.AddRange(KindMatchesStatus(response));
        return problems;
    }

    private IReadOnlyList<string> ResponseProblems(JsonObject documented, string pointer, ResourceResponse response)
    {
        var problems = new List<string>();
        foreach (var (name, header) in documented["headers"] as JsonObject ?? [])
        {
            if ((bool?)Deref(header!)["required"] == true && !response.Headers.Keys.Any(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"header '{name}' is required, and missing");
            }
        }
        if (documented["content"] is not JsonObject content)
        {
            if (!response.Body.IsEmpty)
            {
                problems.Add($"the status documents no body, but {response.Body.Length} bytes came");
            }
            return problems;
        }
        var mediaType = MediaType(response);
        if (content[mediaType ?? ""] is not JsonObject media)
        {
            problems.Add($"content type '{mediaType}' is not one of {string.Join(", ", content.Select(c => c.Key))}");
            return problems;
        }
        var schema = media["schema"] ?? new JsonObject();
        if (mediaType is "application/json" or "text/plain" && !ContentType(response)!.Contains("charset=utf-8", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"content type '{ContentType(response)}' does not say charset=utf-8");
        }
        switch (mediaType)
        {
            case "application/json":
                problems.AddRange(ValidateJsonText($"{pointer}/json", schema, response.Body));
                if (response.Status >= 400)
                {
                    problems.AddRange(KindMatchesStatus(response));
                }
                break;
            case "text/plain":
                string text;
                try
                {
                    text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(response.Body.Span);
                }
                catch (DecoderFallbackException)
                {
                    problems.Add("the text/plain body is not UTF-8");
                    break;
                }
                problems.AddRange(Validate($"{pointer}/text", schema, JsonValue.Create(text)));
                break;
        }
        return problems;
    }

    /// <summary>An error body's <c>kind</c> is the one the router gives its status.</summary>
    private static IEnumerable<string> KindMatchesStatus(ResourceResponse response)
    {
        JsonNode? body;
        try
        {
            body = JsonNode.Parse(response.Body.Span);
        }
        catch (JsonException)
        {
            yield break;
        }
        var kind = (string?)(body as JsonObject)?["kind"];
        var matching = Enum.GetValues<ErrorKind>().Where(k => k.Wire() == kind).ToList();
        if (matching.Count == 0 || matching[0].Status() != response.Status)
        {
            yield return $"kind '{kind}' does not go with status {response.Status}";
        }
    }

    private static string? ContentType(ResourceResponse response) =>
        response.Headers.FirstOrDefault(h => string.Equals(h.Key, "Content-Type", StringComparison.OrdinalIgnoreCase)).Value;

    private static string? MediaType(ResourceResponse response) => ContentType(response)?.Split(';')[0].Trim();

    private IEnumerable<string> ValidateJsonText(string key, JsonNode schema, ReadOnlyMemory<byte> json)
    {
        JsonNode? instance;
        try
        {
            instance = JsonNode.Parse(json.Span);
        }
        catch (JsonException e)
        {
            return [$"not JSON: {e.Message}"];
        }
        return Validate(key, schema, instance);
    }

    /// <summary>Evaluates <paramref name="instance"/> against a schema of the document; <paramref name="key"/> names the schema's place, for the cache.</summary>
    public IReadOnlyList<string> Validate(string key, JsonNode schema, JsonNode? instance)
    {
        var compiled = _compiled.GetOrAdd(key, _ => Compile(schema));
        var element = JsonSerializer.SerializeToElement(instance);
        var results = compiled.Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }
        var problems = (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"at '{d.InstanceLocation}' ({d.EvaluationPath}): {e.Value}"))
            .ToList();
        return problems.Count > 0 ? problems : [$"does not match {key}"];
    }

    /// <summary>A schema of the document as a standalone JSON Schema: the components as <c>$defs</c>, references rewritten to them.</summary>
    private JsonSchema Compile(JsonNode schema)
    {
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = _idBase + Guid.NewGuid().ToString("N"),
            ["$defs"] = RewriteRefs(Schemas.DeepClone()),
        };
        var body = RewriteRefs(schema.DeepClone());
        if (body is JsonObject o)
        {
            foreach (var (name, value) in o.ToList())
            {
                o.Remove(name);
                root[name] = value;
            }
        }
        else
        {
            throw new FormatException($"a schema is not an object: {schema.ToJsonString()}");
        }
        return JsonSchema.Build(JsonSerializer.SerializeToElement(root));
    }

    private static JsonNode? RewriteRefs(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o.ToList())
                {
                    if (name == "$ref" && value is JsonValue v && (string?)v is { } text && text.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                    {
                        o[name] = "#/$defs/" + text["#/components/schemas/".Length..];
                    }
                    else
                    {
                        RewriteRefs(value);
                    }
                }
                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    RewriteRefs(item);
                }
                break;
        }
        return node;
    }

    /// <summary>
    /// A query parameter's text as the JSON value its schema describes: a whole number in plain
    /// decimal for <c>integer</c>, a JSON number for <c>number</c>; anything else stays a string (and
    /// then fails a numeric schema, as the route refuses it).
    /// </summary>
    private JsonNode? QueryValue(string text, JsonObject schema)
    {
        var type = (string?)Deref(schema)["type"];
        if (type == "integer" && WholeNumber().IsMatch(text))
        {
            return JsonNode.Parse(text);
        }
        if (type == "number" && JsonNumber().IsMatch(text))
        {
            return JsonNode.Parse(text);
        }
        return JsonValue.Create(text);
    }

    private static string OperationPointer(string method, string path) => $"#/paths/~1{path.Replace("/", "~1")}/{method.ToLowerInvariant()}";

    private static string ParameterPointer(string method, string path, string name) => $"{OperationPointer(method, path)}/parameters/{name}";

    [GeneratedRegex("^-?[0-9]+$")]
    private static partial Regex WholeNumber();

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$")]
    private static partial Regex JsonNumber();
}
