using System.Globalization;
using System.Text;

namespace Hotpath.Query.Routes.Views;

/// <summary>
/// The user's source link template (settings <c>sourceLinkTemplate</c>): an http(s) URL with
/// <c>{file}</c>, <c>{line}</c>, <c>{function}</c> and <c>{version}</c> placeholders, filled per line of
/// <c>function-details</c>. Each value is URL-escaped; <c>{file}</c> keeps its <c>/</c> so it fills a path.
/// </summary>
public static class SourceLinks
{
    private static readonly string[] Placeholders = ["file", "line", "function", "version"];

    /// <summary>Null when the template is usable, else what is wrong with it.</summary>
    public static string? Check(string template)
    {
        if (!template.StartsWith("https://", StringComparison.Ordinal) && !template.StartsWith("http://", StringComparison.Ordinal))
        {
            return $"must be an absolute http:// or https:// URL, not '{template}'";
        }
        if (!template.Contains("{file}", StringComparison.Ordinal))
        {
            return "must use {file} (the source file of each line)";
        }
        for (var i = template.IndexOf('{'); i >= 0; i = template.IndexOf('{', i + 1))
        {
            var end = template.IndexOf('}', i);
            var placeholder = end < 0 ? template[i..] : template[(i + 1)..end];
            if (end < 0 || !Placeholders.Contains(placeholder))
            {
                return $"unknown placeholder '{{{placeholder}' (use {{file}}, {{line}}, {{function}} or {{version}})";
            }
        }
        return null;
    }

    /// <summary>Whether filling <paramref name="template"/> needs a version.</summary>
    public static bool NeedsVersion(string template) => template.Contains("{version}", StringComparison.Ordinal);

    /// <summary>The link for one line; <paramref name="version"/> may be null only when the template does not use it.</summary>
    public static string Fill(string template, string file, long line, string function, string? version)
    {
        var builder = new StringBuilder(template.Length + file.Length + 32);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0)
            {
                builder.Append(template, i, template.Length - i);
                break;
            }
            builder.Append(template, i, open - i);
            var close = template.IndexOf('}', open);
            var placeholder = template[(open + 1)..close];
            builder.Append(placeholder switch
            {
                "file" => EscapePath(file.TrimStart('/')),
                "line" => line.ToString(CultureInfo.InvariantCulture),
                "function" => Uri.EscapeDataString(function),
                _ => Uri.EscapeDataString(version ?? ""),
            });
            i = close + 1;
        }
        return builder.ToString();
    }

    private static string EscapePath(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
