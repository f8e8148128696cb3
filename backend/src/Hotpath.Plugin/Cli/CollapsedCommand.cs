using Hotpath.Engine.Folded;
using Hotpath.Engine.Stacks;

namespace Hotpath.Plugin.Cli;

/// <summary><c>collapsed [--sample-type T] FILE...</c>: folded stacks of all files merged.</summary>
internal sealed class CollapsedCommand() : MergeAndWriteCommand("collapsed",
    "Folded stacks of all files merged.",
    "One line per distinct stack: frames root first joined by ';', a space, the summed value. Stacks that sum to zero are left out; lines are sorted in ordinal order.")
{
    protected override void Write(StackSet stacks, TextWriter output) => FoldedFormat.Write(stacks, output);
}
