using System.Globalization;
using Hotpath.Engine.Stacks;

namespace Hotpath.Engine.Tests.StackFixtures;

/// <summary>
/// Reads folded stacks ("a;b;c 10", root first) into a <see cref="StackSet"/> for tests: the
/// value is the text after the last space, so frame names may contain spaces. Repeated stacks
/// add up, as merging would.
/// </summary>
internal static class FoldedText
{
    public static StackSet Parse(string text, NameTable? names = null)
    {
        var set = new StackSet(names ?? new NameTable());
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var frames = new List<int>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }
            var space = line.LastIndexOf(' ');
            if (space <= 0)
            {
                throw new FormatException($"folded line without a value: '{line}'");
            }
            var stack = line[..space];
            var value = long.Parse(line[(space + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            if (index.TryGetValue(stack, out var existing))
            {
                set.AddValue(existing, value);
                continue;
            }
            frames.Clear();
            foreach (var frame in stack.Split(';'))
            {
                frames.Add(set.Names.Intern(frame));
            }
            index.Add(stack, set.Add(frames.ToArray(), value));
        }
        return set;
    }

    public static StackSet Lines(params string[] lines) => Parse(string.Join('\n', lines));

    /// <summary>The set as "frames value" lines, sorted ordinally: a readable, comparable form.</summary>
    public static List<string> Render(StackSet set)
    {
        var lines = new List<string>(set.Count);
        for (var s = 0; s < set.Count; s++)
        {
            var names = new List<string>();
            foreach (var id in set.FramesOf(s))
            {
                names.Add(set.Names[id]);
            }
            lines.Add($"{string.Join(';', names)} {set.ValueOf(s)}");
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
