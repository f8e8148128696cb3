using System.Buffers;
using System.Text.Json;
using Hotpath.Engine.FlameGraphs;
using Hotpath.Query.ProfileTypes;
using Hotpath.Query.Routing;

namespace Hotpath.Query.Routes.Views;

/// <summary>
/// Answers written straight to UTF-8 with <see cref="Utf8JsonWriter"/>: flame graphs and function
/// tables are large column arrays, cheaper to stream than to build as object graphs.
/// </summary>
internal static class JsonAnswer
{
    public static ResourceResponse Write(Action<Utf8JsonWriter> write, int status = 200)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, FlameGraphJson.WriterOptions))
        {
            write(writer);
        }
        return new ResourceResponse(status, new Dictionary<string, string> { ["Content-Type"] = ResourceResponse.JsonContentType }, buffer.WrittenMemory);
    }

    public static void WriteProfileType(Utf8JsonWriter w, string propertyName, ProfileTypeDescription view)
    {
        w.WritePropertyName(propertyName);
        JsonSerializer.Serialize(w, view, QueryJson.Wire.ProfileTypeDescription);
    }
}
