using System.Globalization;
using System.Text;
using Hotpath.Engine.Stacks;

namespace Hotpath.Engine.Folded;

/// <summary>
/// Folded ("collapsed") stacks: one line per distinct stack, frames root first joined by <c>;</c>,
/// a space, the summed integer value. Written with zero-sum stacks left out and lines in ordinal
/// string order, so equal stack sets always give identical bytes.
/// </summary>
public static class FoldedFormat
{
    /// <summary>The lines of <paramref name="stacks"/>, sorted by ordinal order, without line ends.</summary>
    public static string[] Lines(StackSet stacks)
    {
        var lines = new List<string>(stacks.Count);
        var names = stacks.Names;
        var builder = new StringBuilder(256);
        for (var s = 0; s < stacks.Count; s++)
        {
            var value = stacks.ValueOf(s);
            if (value == 0)
            {
                continue;
            }
            builder.Clear();
            var frames = stacks.FramesOf(s);
            for (var f = 0; f < frames.Length; f++)
            {
                if (f > 0)
                {
                    builder.Append(';');
                }
                builder.Append(names[frames[f]]);
            }
            builder.Append(' ').Append(value.ToString(CultureInfo.InvariantCulture));
            lines.Add(builder.ToString());
        }
        var array = lines.ToArray();
        Array.Sort(array, StringComparer.Ordinal);
        return array;
    }

    /// <summary>Writes <see cref="Lines"/>, each ended by <c>\n</c>.</summary>
    public static void Write(StackSet stacks, TextWriter output)
    {
        foreach (var line in Lines(stacks))
        {
            output.Write(line);
            output.Write('\n');
        }
    }

    /// <summary>
    /// Parses folded text into <paramref name="into"/>, summing repeated stacks. Accepts <c>\n</c> and
    /// <c>\r\n</c> line ends and skips blank lines; the value is the text after the last space. A line
    /// that starts with the space before its value is a stack without frames (what <see cref="Write"/>
    /// writes for a pprof sample without locations), so written output always reads back.
    /// </summary>
    /// <exception cref="FormatException">A line without a value, with a value that is not an integer, with no frames, or whose stack's sum overflows; the message names the source and line.</exception>
    public static void Read(ReadOnlySpan<char> text, string source, StackSetBuilder into)
    {
        var frames = new List<int>(64);
        var lineNumber = 0;
        while (!text.IsEmpty)
        {
            lineNumber++;
            var end = text.IndexOf('\n');
            var line = end < 0 ? text : text[..end];
            text = end < 0 ? [] : text[(end + 1)..];
            if (line.EndsWith('\r'))
            {
                line = line[..^1];
            }
            if (line.IsWhiteSpace())
            {
                continue;
            }
            var space = line.LastIndexOf(' ');
            if (space < 0)
            {
                throw new FormatException($"{source}: line {lineNumber}: no value (expected 'frame;frame;... <integer>')");
            }
            var valueText = line[(space + 1)..];
            if (!long.TryParse(valueText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException($"{source}: line {lineNumber}: value '{valueText.ToString()}' is not a 64-bit integer");
            }
            frames.Clear();
            if (space == 0)
            {
                // " <value>": a stack without frames (a pprof sample without locations), as Write writes it.
                Add(into, [], value, source, lineNumber);
                continue;
            }
            var stack = line[..space].TrimEnd(' ');
            if (stack.IsEmpty)
            {
                throw new FormatException($"{source}: line {lineNumber}: no frames before the value");
            }
            foreach (var range in stack.Split(';'))
            {
                frames.Add(into.Names.Intern(stack[range]));
            }
            Add(into, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(frames), value, source, lineNumber);
        }
    }

    // Repeated stacks sum with overflow checking (StackSet.AddValue); a sum past the 64-bit range is
    // bad input, reported like any other bad line.
    private static void Add(StackSetBuilder into, ReadOnlySpan<int> frames, long value, string source, int lineNumber)
    {
        try
        {
            into.Add(frames, value);
        }
        catch (OverflowException)
        {
            throw new FormatException($"{source}: line {lineNumber}: the summed value of its stack overflows a 64-bit integer");
        }
    }
}
