using System.Text.Json;
using Hotpath.Engine.Errors;
using Hotpath.Query.Routing;

namespace Hotpath.Query.Routes.Views;

/// <summary>
/// Reads a small JSON object a user sends (favorites, settings) strictly: size-bounded, an object,
/// no duplicate or unknown fields, each field of the expected type. Every refusal names the field.
/// </summary>
internal sealed class StrictJson : IDisposable
{
    private readonly JsonDocument _doc;
    private readonly string _what;

    private StrictJson(JsonDocument doc, string what)
    {
        _doc = doc;
        _what = what;
    }

    public static StrictJson Parse(ReadOnlyMemory<byte> body, int maxBytes, string what, IReadOnlyCollection<string> allowed)
    {
        if (body.IsEmpty)
        {
            throw new ResourceError(ErrorKind.BadRequest, $"the request body is empty; send the {what} as a JSON object");
        }
        if (body.Length > maxBytes)
        {
            throw new ResourceError(ErrorKind.PayloadTooLarge, $"the {what} is {body.Length} bytes; the limit is {maxBytes} bytes");
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new ResourceError(ErrorKind.BadRequest, $"the {what} is not valid JSON: {e.Message}");
        }
        try
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ResourceError(ErrorKind.BadRequest, $"the {what} must be a JSON object, not {doc.RootElement.ValueKind}");
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (!allowed.Contains(property.Name))
                {
                    throw new ResourceError(ErrorKind.BadRequest, $"{what}: unknown field '{property.Name}'; known fields: {string.Join(", ", allowed)}");
                }
                if (!seen.Add(property.Name))
                {
                    throw new ResourceError(ErrorKind.BadRequest, $"{what}: field '{property.Name}' appears more than once");
                }
            }
            return new StrictJson(doc, what);
        }
        catch
        {
            doc.Dispose();
            throw;
        }
    }

    public bool Has(string field) => _doc.RootElement.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null;

    /// <summary>A string field of at most <paramref name="maxLength"/> characters without control characters; null when absent or null.</summary>
    public string? String(string field, int maxLength, bool required = false)
    {
        if (!_doc.RootElement.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return required ? throw Bad(field, "is required") : null;
        }
        if (v.ValueKind != JsonValueKind.String)
        {
            throw Bad(field, $"must be a string, not {v.ValueKind}");
        }
        var text = v.GetString()!;
        if (text.Length > maxLength)
        {
            throw Bad(field, $"is {text.Length} characters; at most {maxLength} are allowed");
        }
        if (text.Any(char.IsControl))
        {
            throw Bad(field, "must not contain control characters");
        }
        if (required && text.Length == 0)
        {
            throw Bad(field, "is required");
        }
        return text;
    }

    public int? Int(string field, int min, int max)
    {
        if (!_doc.RootElement.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var value) || value < min || value > max)
        {
            throw Bad(field, $"must be a whole number from {min} to {max}, not {v.GetRawText()}");
        }
        return value;
    }

    public bool? Bool(string field)
    {
        if (!_doc.RootElement.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Bad(field, $"must be true or false, not {v.GetRawText()}"),
        };
    }

    public ResourceError Bad(string field, string problem) => new(ErrorKind.BadRequest, $"{_what}: field '{field}' {problem}");

    public void Dispose() => _doc.Dispose();
}
