using FluentAssertions;
using Hotpath.Engine.Folded;
using Hotpath.Engine.FunctionTables;
using Hotpath.Engine.Stacks;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.FunctionTables;

public sealed class FunctionTableRuleTests
{
    [Test]
    public void Recursive_functions_count_once_per_stack_in_total()
    {
        var table = Compute("main;fib;fib;fib 4\nmain;fib 1\nmain;other;fib 2\n");
        table.Should().Equal(
            new Row("fib", 7, 7),
            new Row("main", 0, 7),
            new Row("other", 0, 2));
    }

    [Test]
    public void Negative_values_are_summed_with_their_sign_and_cancelled_functions_are_left_out()
    {
        var table = Compute("main;a 5\nmain;b -3\nmain;c 2\nmain;c -2\nmain;d;c 2\nmain;d -2\n");
        table.Should().Equal(
            new Row("a", 5, 5),
            new Row("b", -3, -3),
            new Row("c", 2, 2),
            new Row("d", -2, 0),
            new Row("main", 0, 2));
    }

    private sealed record Row(string Name, long Self, long Total);

    private static Row[] Compute(string folded)
    {
        var builder = new StackSetBuilder(new NameTable());
        FoldedFormat.Read(folded, "t", builder);
        return [.. FunctionTable.Build(builder.Stacks).SortedByName().Select(f => new Row(f.Name, f.Self, f.Total))];
    }
}
