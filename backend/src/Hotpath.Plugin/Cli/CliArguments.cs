namespace Hotpath.Plugin.Cli;

/// <summary>Options and positional arguments of one command; unknown options are usage errors.</summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);

    public List<string> Positional { get; } = [];

    public string? this[string option] => _options.TryGetValue(option, out var value) ? value : null;

    /// <summary>Parses <c>--name value</c> / <c>--name=value</c> options of <paramref name="allowed"/>; everything else is positional.</summary>
    public static bool TryParse(string[] args, IReadOnlySet<string> allowed, out CliArguments parsed, out string error)
    {
        parsed = new CliArguments();
        error = "";
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                parsed.Positional.AddRange(args[(i + 1)..]);
                break;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                parsed.Positional.Add(arg);
                continue;
            }
            var eq = arg.IndexOf('=');
            var name = eq < 0 ? arg : arg[..eq];
            if (!allowed.Contains(name))
            {
                error = $"unknown option '{name}'";
                return false;
            }
            string value;
            if (eq >= 0)
            {
                value = arg[(eq + 1)..];
            }
            else if (i + 1 < args.Length)
            {
                value = args[++i];
            }
            else
            {
                error = $"option '{name}' needs a value";
                return false;
            }
            if (!parsed._options.TryAdd(name, value))
            {
                error = $"option '{name}' given twice";
                return false;
            }
        }
        return true;
    }
}
