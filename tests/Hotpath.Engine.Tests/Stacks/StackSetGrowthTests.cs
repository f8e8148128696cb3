using FluentAssertions;
using Hotpath.Engine.Stacks;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.Stacks;

public class StackSetGrowthTests
{
    [Test]
    public void Keeps_every_stack_across_many_doublings_from_a_small_capacity()
    {
        var names = new NameTable();
        var set = new StackSet(names, stackCapacity: 1, frameCapacity: 1);
        for (var i = 0; i < 1000; i++)
        {
            set.Add([names.Intern("f" + i), names.Intern("g")], i);
        }

        set.Count.Should().Be(1000);
        for (var i = 0; i < 1000; i++)
        {
            set.ValueOf(i).Should().Be(i);
            names[set.FramesOf(i)[0]].Should().Be("f" + i);
        }
    }
}
