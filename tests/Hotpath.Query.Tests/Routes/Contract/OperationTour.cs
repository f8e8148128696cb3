using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hotpath.Query.Routing;
using Hotpath.Query.Tests.Routes.Support;

namespace Hotpath.Query.Tests.Routes.Contract;

/// <summary>
/// Calls one operation of the document many ways through the real router, and checks each request
/// and each answer against the document. Nothing stops at the first mismatch: every one is collected
/// in <see cref="Failures"/>, so a run shows all the ways route and document disagree.
/// </summary>
internal sealed class OperationTour(OpenApiContract contract, string method, string path, HotpathInstance instance, string? user = "alice")
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public string Method => method;

    public string Path => path;

    public List<string> Failures { get; } = [];

    /// <summary>Statuses the route answered, for the checks that each documented error was seen.</summary>
    public SortedSet<int> Statuses { get; } = [];

    /// <summary>The parameters the document lists for this operation.</summary>
    public IReadOnlyList<ContractParameter> Parameters => contract.Parameters(method, path);

    /// <summary>Calls the route; the answer must be as documented for its status, whatever that is.</summary>
    public async Task<(ResourceResponse Response, IReadOnlyList<string> RequestProblems)> CallAsync(string query, byte[]? body = null, HotpathInstance? on = null)
    {
        var parsed = ResourceRequest.ParseQuery(query);
        var request = new ResourceRequest(method, path, new RecordingQuery(parsed, _read), new Dictionary<string, IReadOnlyList<string>>(),
            body ?? [], new RequestContext(1, user, on ?? instance));
        var response = await RouteCalls.Router.DispatchAsync(request, CancellationToken.None);
        Statuses.Add(response.Status);
        var problems = contract.ResponseProblems(method, path, response);
        if (problems.Count > 0)
        {
            Fail(query, response, "the answer is not as documented", problems);
        }
        return (response, contract.RequestProblems(method, path, parsed, body ?? []));
    }

    /// <summary>A request the document allows: answered <paramref name="status"/>.</summary>
    public async Task<ResourceResponse> GoodAsync(string query, byte[]? body = null, int status = 200, HotpathInstance? on = null)
    {
        var (response, requestProblems) = await CallAsync(query, body, on);
        if (requestProblems.Count > 0)
        {
            Fail(query, response, "the document refuses a request the test means as good", requestProblems);
        }
        if (response.Status != status)
        {
            Fail(query, response, $"expected {status}", []);
        }
        return response;
    }

    /// <summary>
    /// A request the document refuses for <paramref name="parameter"/> (or, when null, for its body):
    /// the route must refuse it too, 400 naming the parameter (or <paramref name="messagePart"/>).
    /// </summary>
    public async Task RefusedByBothAsync(string query, string? parameter, byte[]? body = null, string? messagePart = null, int status = 400)
    {
        var (response, requestProblems) = await CallAsync(query, body);
        var prefix = parameter is null ? "body:" : $"parameter '{parameter}':";
        if (!requestProblems.Any(p => p.StartsWith(prefix, StringComparison.Ordinal)))
        {
            Fail(query, response, $"the document allows what the test means as bad ({prefix[..^1]})", requestProblems);
        }
        ExpectRefusal(query, response, status, parameter, messagePart);
    }

    /// <summary>
    /// A request the document allows but the route refuses for a reason a schema cannot state (an
    /// unknown source, a reversed range, a file that does not parse): <paramref name="status"/>.
    /// </summary>
    public async Task RefusedBeyondSchemaAsync(string query, int status, string? parameter = null, byte[]? body = null, string? messagePart = null, HotpathInstance? on = null)
    {
        var (response, requestProblems) = await CallAsync(query, body, on);
        if (requestProblems.Count > 0)
        {
            Fail(query, response, "the document refuses a request the test means as valid in form", requestProblems);
        }
        ExpectRefusal(query, response, status, parameter, messagePart);
    }

    private void ExpectRefusal(string query, ResourceResponse response, int status, string? parameter, string? messagePart)
    {
        if (response.Status != status)
        {
            Fail(query, response, $"expected {status}", []);
            return;
        }
        var message = ErrorMessage(response);
        if (parameter is not null && !message.StartsWith($"parameter '{parameter}':", StringComparison.Ordinal))
        {
            Fail(query, response, $"the message does not name parameter '{parameter}'", []);
        }
        if (messagePart is not null && !message.Contains(messagePart, StringComparison.Ordinal))
        {
            Fail(query, response, $"the message does not say '{messagePart}'", []);
        }
    }

    /// <summary>
    /// The document-driven checks of every parameter, around a request that succeeds: each required
    /// one left out, each number outside its bounds or not a number, each enum given another word,
    /// each constrained string given one of <paramref name="badValues"/>; integer bounds themselves
    /// are accepted, and (for GET) a documented default answers as leaving the parameter out. A
    /// constrained parameter without a bad value is a failure, so a new bound in the document needs
    /// a case here.
    /// </summary>
    public async Task CheckParametersAsync(IReadOnlyDictionary<string, string> good, byte[]? body, IReadOnlyDictionary<string, string[]> badValues, int goodStatus = 200)
    {
        await GoodAsync(Query(good), body, goodStatus);
        foreach (var parameter in Parameters)
        {
            var name = parameter.Name;
            string With(string value) => Query(good, name, value);
            var schema = parameter.Schema;
            JsonNode? Keyword(string keyword) => schema[keyword] ?? contract.Deref(schema)[keyword];
            if (method == "GET" && Keyword("default") is { } defaultValue)
            {
                var text = defaultValue is JsonValue v && v.TryGetValue<string>(out var s) ? s : defaultValue.ToJsonString();
                var omitted = await GoodAsync(Query(good, name, null), body, goodStatus);
                var given = await GoodAsync(With(text), body, goodStatus);
                if (!omitted.Body.Span.SequenceEqual(given.Body.Span))
                {
                    Failures.Add($"{method} /{path}: parameter '{name}' documents the default '{text}', but leaving it out answers differently from giving it");
                }
            }
            if (parameter.Required)
            {
                await RefusedByBothAsync(Query(good, name, null), name, body);
            }
            var type = Keyword("type") is JsonValue t ? (string?)t : null;
            var covered = false;
            if (type is "integer" or "number")
            {
                await RefusedByBothAsync(With("x1"), name, body);
                if (Keyword("minimum") is { } min)
                {
                    var below = type == "integer" ? (Number(min) - 1).ToString("R", CultureInfo.InvariantCulture) : (Number(min) / 2).ToString("R", CultureInfo.InvariantCulture);
                    await RefusedByBothAsync(With(below), name, body);
                }
                if (Keyword("maximum") is { } max)
                {
                    await RefusedByBothAsync(With((Number(max) + 1).ToString("R", CultureInfo.InvariantCulture)), name, body);
                }
                if (type == "integer" && Keyword("minimum") is { } low && Keyword("maximum") is { } high)
                {
                    await GoodAsync(With(low.ToJsonString()), body, goodStatus);
                    await GoodAsync(With(high.ToJsonString()), body, goodStatus);
                }
                covered = true;
            }
            if (Keyword("enum") is JsonArray words)
            {
                await RefusedByBothAsync(With("not-" + string.Join("-", words.Select(w => (string?)w))), name, body);
                covered = true;
            }
            var constrained = Keyword("pattern") is not null || Keyword("maxLength") is not null || Keyword("contentSchema") is not null;
            if (badValues.TryGetValue(name, out var values))
            {
                foreach (var value in values)
                {
                    await RefusedByBothAsync(With(value), name, body);
                }
            }
            else if (constrained && !covered)
            {
                Failures.Add($"{method} /{path}: parameter '{name}' is constrained by the document, and the test gives it no bad value to check");
            }
        }
    }

    /// <summary>The read parameters equal the documented ones: a route reading one the document lacks, or the document listing one the route never reads, fails.</summary>
    public void CheckParametersRead()
    {
        var documented = Parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in _read.Except(documented).Order(StringComparer.Ordinal))
        {
            Failures.Add($"{method} /{path} reads parameter '{name}', which the document does not list");
        }
        foreach (var name in documented.Except(_read).Order(StringComparer.Ordinal))
        {
            Failures.Add($"{method} /{path}: the document lists parameter '{name}', which the route never read in this test");
        }
    }

    /// <summary>Every status the operation documents was answered at least once.</summary>
    public void CheckDocumentedStatusesSeen(IEnumerable<int> exempt)
    {
        var documented = (contract.Operation(method, path)["responses"] as JsonObject ?? [])
            .Select(r => int.Parse(r.Key, CultureInfo.InvariantCulture))
            .Except(exempt);
        foreach (var status in documented.Where(s => !Statuses.Contains(s)))
        {
            Failures.Add($"{method} /{path}: the document lists status {status}, which the test never saw");
        }
    }

    /// <summary>The good query with one parameter replaced (or left out, when <paramref name="value"/> is null).</summary>
    public static string Query(IReadOnlyDictionary<string, string> good, string name, string? value)
    {
        var pairs = good.Where(p => p.Key != name).ToList();
        if (value is not null)
        {
            pairs.Add(new(name, value));
        }
        return Query(pairs);
    }

    public static string Query(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join("&", pairs.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));

    private static double Number(JsonNode node) => double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);

    public static string ErrorMessage(ResourceResponse response)
    {
        try
        {
            using var doc = JsonDocument.Parse(response.Body);
            return doc.RootElement.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private void Fail(string query, ResourceResponse response, string what, IReadOnlyList<string> problems)
    {
        var body = Encoding.UTF8.GetString(response.Body.Span);
        var text = new StringBuilder($"{method} /{path}?{query} → {response.Status}: {what}");
        foreach (var problem in problems.Take(10))
        {
            text.Append("\n    ").Append(problem);
        }
        text.Append("\n    body: ").Append(body.Length > 300 ? body[..300] + "…" : body);
        Failures.Add(text.ToString());
    }
}
