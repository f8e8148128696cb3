using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Hotpath.Query.Tests.Routes.Contract;

/// <summary>
/// YAML to JSON for the OpenAPI document: mappings, sequences and scalars typed by YAML 1.2's core
/// schema (a plain <c>1</c> is a number, <c>"1"</c> a string, <c>null</c> and <c>~</c> null). Refuses
/// what JSON cannot hold or the document should not use: duplicate keys, non-string keys, aliases.
/// </summary>
internal static partial class YamlJson
{
    public static JsonNode? Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count != 1)
        {
            throw new FormatException($"expected one YAML document, found {stream.Documents.Count}");
        }
        return Convert(stream.Documents[0].RootNode, "");
    }

    private static JsonNode? Convert(YamlNode node, string path) => node switch
    {
        YamlMappingNode map => ConvertMapping(map, path),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select((child, i) => Convert(child, $"{path}/{i}"))]),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => throw new FormatException($"{path}: unsupported YAML node {node.NodeType} at line {node.Start.Line}"),
    };

    private static JsonObject ConvertMapping(YamlMappingNode map, string path)
    {
        var result = new JsonObject();
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                throw new FormatException($"{path}: a key at line {keyNode.Start.Line} is not a string");
            }
            if (result.ContainsKey(key))
            {
                throw new FormatException($"{path}: key '{key}' appears twice (line {keyNode.Start.Line})");
            }
            result[key] = Convert(value, $"{path}/{key}");
        }
        return result;
    }

    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }
        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }
        if (text is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }
        if (text is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }
        if (IntegerPattern().IsMatch(text))
        {
            return JsonValue.Create(long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        }
        if (FloatPattern().IsMatch(text))
        {
            return JsonValue.Create(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
        }
        return JsonValue.Create(text);
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
