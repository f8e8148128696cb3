using System.Globalization;
using Hotpath.Engine.FunctionTables;
using Hotpath.Engine.Stacks;

namespace Hotpath.Plugin.Cli;

/// <summary><c>top [--sample-type T] FILE...</c>: NAME&lt;TAB&gt;SELF&lt;TAB&gt;TOTAL per function, sorted by name (ordinal).</summary>
internal sealed class TopCommand() : MergeAndWriteCommand("top",
    "The function table: NAME<TAB>SELF<TAB>TOTAL per function, sorted by name.",
    "SELF is the value of stacks where the function is the leaf; TOTAL the value of stacks that contain it, counted once per stack however deep it recurses (go tool pprof's flat and cum). Names are sorted in ordinal order; functions whose self and total are both zero are left out.")
{
    protected override void Write(StackSet stacks, TextWriter output)
    {
        foreach (var row in FunctionTable.Build(stacks).SortedByName())
        {
            output.Write(row.Name);
            output.Write('\t');
            output.Write(row.Self.ToString(CultureInfo.InvariantCulture));
            output.Write('\t');
            output.Write(row.Total.ToString(CultureInfo.InvariantCulture));
            output.Write('\n');
        }
    }
}
