using System.Globalization;
using System.Text;

namespace Hotpath.Query.Ingest;

/// <summary>Series label sets: sorting, Pyroscope's text form, and its label validation rules.</summary>
public static class IngestLabels
{
    public const string MetricName = "__name__";
    public const string ServiceName = "service_name";
    public const string UnknownService = "unknown_service";

    public static List<KeyValuePair<string, string>> Sorted(IEnumerable<KeyValuePair<string, string>> labels)
    {
        var list = labels.ToList();
        // Stable, so duplicates keep their order and are reported as Pyroscope reports them.
        var sorted = list.Select((pair, index) => (pair, index))
            .OrderBy(x => x.pair.Key, StringComparer.Ordinal).ThenBy(x => x.index)
            .Select(x => x.pair).ToList();
        return sorted;
    }

    /// <summary>Prometheus' text form of a label set, as Pyroscope quotes it in errors: <c>{a="b", c="d"}</c>.</summary>
    public static string Format(IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        var text = new StringBuilder("{");
        for (var i = 0; i < labels.Count; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }
            text.Append(labels[i].Key).Append('=');
            AppendGoQuoted(text, labels[i].Value);
        }
        return text.Append('}').ToString();
    }

    /// <summary>
    /// Pyroscope's <c>ValidateLabels</c> on a sorted label set. Label names may be any non-empty UTF-8
    /// (Pyroscope's default, <c>validation.disable-label-sanitization=true</c>).
    /// </summary>
    /// <exception cref="IngestException">The first rule broken, in Pyroscope's words.</exception>
    public static void Validate(IReadOnlyList<KeyValuePair<string, string>> labels, IngestLimits limits)
    {
        if (labels.Count == 0)
        {
            throw IngestException.Invalid("error at least one label pair is required per profile");
        }
        var text = Format(labels);
        if (labels.Count > limits.MaxLabelNamesPerSeries)
        {
            throw IngestException.Invalid($"profile series '{text}' has {labels.Count} label names; limit {limits.MaxLabelNamesPerSeries}");
        }
        var metric = labels.FirstOrDefault(l => l.Key == MetricName).Value;
        if (string.IsNullOrEmpty(metric))
        {
            throw IngestException.Invalid($"invalid labels '{text}' with error: invalid metric name");
        }
        if (string.IsNullOrEmpty(labels.FirstOrDefault(l => l.Key == ServiceName).Value))
        {
            throw IngestException.Invalid($"invalid labels '{text}' with error: service name is not provided");
        }
        string? previous = null;
        foreach (var (name, value) in labels)
        {
            if (name.Length > limits.MaxLabelNameLength)
            {
                throw IngestException.Invalid($"profile with labels '{text}' has label name too long: '{name}'");
            }
            if (value.Length > limits.MaxLabelValueLength)
            {
                throw IngestException.Invalid($"profile with labels '{text}' has label value too long: '{value}'");
            }
            if (name.Length == 0 || !IsValidUtf16(name))
            {
                throw IngestException.Invalid($"invalid labels '{text}' with error: invalid label name '{name}'");
            }
            if (!IsValidUtf16(value))
            {
                throw IngestException.Invalid($"invalid labels '{text}' with error: invalid label value '{value}'");
            }
            if (previous == name)
            {
                throw IngestException.Invalid($"profile with labels '{text}' has duplicate label name: '{name}'");
            }
            previous = name;
        }
    }

    // Protobuf strings arrive as UTF-8; invalid sequences decode to lone surrogates only through
    // JSON escapes, which is what this catches.
    private static bool IsValidUtf16(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]))
                {
                    return false;
                }
                i++;
            }
            else if (char.IsLowSurrogate(s[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Go's strconv.Quote for the characters label values contain in practice.</summary>
    private static void AppendGoQuoted(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (c < 0x20 || c == 0x7f)
                    {
                        text.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }
                    break;
            }
        }
        text.Append('"');
    }
}
