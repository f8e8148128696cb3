using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;
using Hotpath.Engine.Filters;

namespace Hotpath.Plugin.Cli;

/// <summary>The options and arguments several commands share, so that they read and describe them alike.</summary>
internal static class CliSymbols
{
    /// <summary>Pyroscope's default flame graph size (querier.max-flamegraph-nodes-default).</summary>
    public const long DefaultMaxNodes = 8192;

    public static Option<string> SampleType() => new("--sample-type")
    {
        HelpName = "T",
        Description = "Sample type by name (cpu, alloc_space) or type/unit. Default: the first pprof file's "
                      + "default sample type, else its last; looked up by name in the other files.",
    };

    /// <summary>Profile files: pprof (gzip or raw protobuf) or folded text, told apart by content.</summary>
    public static Argument<string[]> Files(string name, string description) => new(name)
    {
        Arity = ArgumentArity.OneOrMore,
        Description = description,
    };

    public static Option<long> MaxNodes() => new("--max-nodes")
    {
        HelpName = "N",
        Description = "Keep at most N nodes (by total), folding the rest into 'other'; 0 keeps every node. "
                      + "Ties with the cut-off are kept, as a Pyroscope server keeps them.",
        DefaultValueFactory = _ => DefaultMaxNodes,
        CustomParser = result =>
        {
            var text = Value(result);
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return n;
            }
            result.AddError($"--max-nodes needs a whole number ≥ 0 (0 = no limit), got '{text}'");
            return 0;
        },
    };

    /// <summary><c>--format flamebearer|nested</c>.</summary>
    public static Option<string> Format() => new("--format")
    {
        HelpName = "flamebearer|nested",
        Description = "flamebearer: Pyroscope's querier.v1 JSON; nested: Hotpath's nested-set columns.",
        DefaultValueFactory = _ => "flamebearer",
        CustomParser = result =>
        {
            var text = Value(result);
            if (text is not ("flamebearer" or "nested"))
            {
                result.AddError($"--format must be flamebearer or nested, got '{text}'");
            }
            return text;
        },
    };

    /// <summary>
    /// A frame filter, go tool pprof's <c>--focus</c>, <c>--ignore</c>, <c>--hide</c> or <c>--show</c>:
    /// the pattern is compiled while parsing, so a bad one is a usage error naming the option.
    /// </summary>
    public static Option<Regex?> FrameFilter(string name, string description) => new("--" + name)
    {
        HelpName = "REGEX",
        Description = description,
        CustomParser = result =>
        {
            try
            {
                return FrameRegex.Compile("--" + name, Value(result));
            }
            catch (FrameFilterException e)
            {
                result.AddError(e.Message);
                return null;
            }
        },
    };

    /// <summary><c>--granularity functions|filefunctions|lines|files</c>.</summary>
    public static Option<Granularity> Granularity() => new("--granularity")
    {
        HelpName = string.Join('|', Granularities.Names),
        Description = "What a frame stands for, as go tool pprof's -functions (the default), -filefunctions, -lines and "
                      + "-files: the non-empty parts among function name and file name (file:line for lines), joined by one space. "
                      + "pprof input only.",
        CustomParser = result =>
        {
            try
            {
                return Granularities.Parse("--granularity", Value(result));
            }
            catch (FrameFilterException e)
            {
                result.AddError(e.Message);
                return Engine.Filters.Granularity.Functions;
            }
        },
    };

    /// <summary>The one word an option of arity one was given (the parser reports a missing one before it calls us).</summary>
    public static string Value(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";

    /// <summary>Whether the command line names the option (the parser also keeps results for defaults and for missing required options).</summary>
    public static bool Given(this ParseResult result, Option option) => result.GetResult(option) is { IdentifierTokenCount: > 0 };

    /// <summary>How many words the command line gave an argument (0 when missing; never throws).</summary>
    public static int Count(this ParseResult result, Argument argument) => result.GetResult(argument)?.Tokens.Count ?? 0;
}
