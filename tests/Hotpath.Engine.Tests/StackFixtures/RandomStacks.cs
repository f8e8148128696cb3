using Hotpath.Engine.Stacks;

namespace Hotpath.Engine.Tests.StackFixtures;

/// <summary>
/// Random distinct stacks with realistic shape: a call graph whose callees are drawn from a small
/// set per caller, so paths share prefixes; some recursion; awkward names ("other", "total", "",
/// supplementary and U+FFxx characters) mixed in; skewed values so truncation has work to do.
/// </summary>
internal static class RandomStacks
{
    private static readonly string[] OddNames = ["other", "total", "", "\U0001F600smile", "\uFF01bang", "zz top", "A", "a"];

    public static StackSet Generate(int seed, int stacks, int names = 200, int maxDepth = 14, bool oddNames = true,
        bool zeroAndNegative = false)
    {
        var rng = new Random(seed);
        var table = new NameTable();
        var pool = new string[names];
        for (var i = 0; i < names; i++)
        {
            pool[i] = oddNames && i < OddNames.Length ? OddNames[i] : $"pkg{i % 7}.func{i}";
        }
        var set = new StackSet(table);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var frames = new List<int>();
        var attempts = 0;
        while (set.Count < stacks && attempts++ < stacks * 20)
        {
            frames.Clear();
            var depth = 1 + rng.Next(maxDepth);
            var current = rng.Next(Math.Min(names, 12));
            for (var d = 0; d < depth; d++)
            {
                frames.Add(table.Intern(pool[current]));
                // Callees come from a few candidates per caller, so stacks share prefixes.
                current = rng.Next(10) == 0 ? current : (current * 31 + 7 + rng.Next(4) * 13) % names;
            }
            var key = string.Join('\u0001', frames);
            if (!seen.Add(key))
            {
                continue;
            }
            long value = rng.Next(4) == 0 ? rng.Next(1, 100_000) : rng.Next(1, 50);
            if (zeroAndNegative && rng.Next(10) == 0)
            {
                value = rng.Next(2) == 0 ? 0 : -rng.Next(1, 100);
            }
            set.Add(frames.ToArray(), value);
        }
        return set;
    }
}
