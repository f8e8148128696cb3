namespace Hotpath.Query.Ingest;

/// <summary>
/// The <c>name</c> parameter of <c>/ingest</c>: <c>app.name{key=value,key2=value2}</c>. The app name
/// is everything before <c>{</c>, trimmed; keys and values are trimmed and unquoted (a value cannot
/// contain <c>,</c> or <c>}</c>). Stricter than Pyroscope, which silently drops a label whose
/// braces are not closed: here that is an error, so a typo never loses labels unnoticed.
/// </summary>
public sealed record AppName(string Name, IReadOnlyList<KeyValuePair<string, string>> Tags)
{
    /// <exception cref="IngestException">400: empty or invalid app name, malformed braces, invalid or reserved label names.</exception>
    public static AppName Parse(string? text)
    {
        text ??= "";
        var open = text.IndexOf('{');
        var name = (open < 0 ? text : text[..open]).Trim();
        if (name.Length == 0)
        {
            throw IngestException.BadParameter("name: service name is required");
        }
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '/' or '-'))
            {
                throw IngestException.BadParameter($"invalid service name: {name}: character is not allowed: '{c}'");
            }
        }
        var tags = new List<KeyValuePair<string, string>>();
        if (open < 0)
        {
            return new AppName(name, tags);
        }
        var close = text.IndexOf('}', open);
        if (close < 0)
        {
            throw IngestException.BadParameter($"name: missing '}}' after the labels in \"{text}\"");
        }
        if (close != text.Length - 1)
        {
            throw IngestException.BadParameter($"name: unexpected text after '}}' in \"{text}\"");
        }
        var body = text[(open + 1)..close];
        if (body.Contains('{'))
        {
            throw IngestException.BadParameter($"name: unexpected '{{' inside the labels of \"{text}\"");
        }
        if (body.Trim().Length == 0)
        {
            return new AppName(name, tags);
        }
        foreach (var pair in body.Split(','))
        {
            var equals = pair.IndexOf('=');
            if (equals < 0)
            {
                throw IngestException.BadParameter($"name: label \"{pair.Trim()}\" has no '=' in \"{text}\"");
            }
            var key = pair[..equals].Trim();
            var value = pair[(equals + 1)..].Trim();
            if (key.Length == 0 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.'))
            {
                throw IngestException.BadParameter($"invalid label name: \"{key}\" (allowed: letters, digits, '_' and '.')");
            }
            if (key == IngestLabels.MetricName)
            {
                throw IngestException.BadParameter("invalid label name: __name__ is reserved");
            }
            tags.RemoveAll(t => t.Key == key);
            tags.Add(new(key, value));
        }
        return new AppName(name, tags);
    }
}
