using System.Text.RegularExpressions;

namespace Hotpath.Engine.Filters;

/// <summary>
/// Compiles a user's frame pattern with a linear-time guarantee: .NET's non-backtracking engine,
/// which, like Go's RE2 that pprof uses, runs in time linear in the input and refuses what needs
/// backtracking (backreferences, lookarounds, atomic groups). So a pattern from a URL cannot make
/// a query spin, and no match timeout is needed.
/// </summary>
/// <remarks>
/// Syntax is .NET's, which agrees with RE2 for what frame filters use (literals, <c>.</c>, classes,
/// alternation, repetition, anchors, <c>(?i)</c>). Where they differ: <c>\d</c>, <c>\w</c>, <c>\s</c> and
/// <c>\b</c> are Unicode-aware here (ASCII in RE2); <c>$</c> also matches before a final newline;
/// RE2's <c>(?P&lt;name&gt;…)</c>, <c>\Q…\E</c>, <c>[[:alpha:]]</c> and <c>(?U)</c> are not accepted.
/// </remarks>
public static class FrameRegex
{
    /// <summary>Longest pattern accepted, in characters: far above any hand-written filter, and a bound on compile cost.</summary>
    public const int MaxLength = 4096;

    /// <summary>Null for a null or empty pattern (not set, as in pprof).</summary>
    /// <exception cref="FrameFilterException">The pattern is too long or does not compile; the message names <paramref name="parameter"/>.</exception>
    public static Regex? Compile(string parameter, string? pattern)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return null;
        }
        if (pattern.Length > MaxLength)
        {
            throw new FrameFilterException(parameter, $"the regular expression is {pattern.Length} characters long, over the limit of {MaxLength}");
        }
        try
        {
            return new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            throw new FrameFilterException(parameter, $"invalid regular expression '{pattern}': {e.Message}");
        }
        catch (NotSupportedException e)
        {
            throw new FrameFilterException(parameter, $"regular expression '{pattern}' needs backtracking, which is not supported (no backreferences, lookarounds or atomic groups): {e.Message}");
        }
    }
}

/// <summary>
/// A filter or granularity value that cannot be used. <see cref="Exception.Message"/> is
/// <c>&lt;parameter&gt;: &lt;reason&gt;</c>; transports that name parameters their own way use the parts.
/// </summary>
public sealed class FrameFilterException(string parameter, string reason) : FormatException($"{parameter}: {reason}")
{
    /// <summary>The option or query parameter at fault, as the caller named it (<c>--focus</c>, <c>focus</c>).</summary>
    public string Parameter { get; } = parameter;

    /// <summary>What is wrong with the value, without the parameter's name.</summary>
    public string Reason { get; } = reason;
}
