using System.CommandLine;
using Hotpath.Plugin.Hosting;

namespace Hotpath.Plugin.Cli;

/// <summary><c>store check --data DIR</c>: the embedded store's full integrity check (docs/store.md, "Integrity").</summary>
internal sealed class StoreCommand : CliCommand
{
    public StoreCommand()
        : base("store", "Maintains the embedded profile store.", "'store check --data DIR' checks it.")
    {
        Add(new CheckCommand());
    }

    public override string? Check(ParseResult result) => "expected a store command: check";

    private sealed class CheckCommand : CliCommand
    {
        private readonly Option<string> _data = new("--data")
        {
            HelpName = "DIR",
            Description = "Folder of the embedded profile store.",
            DefaultValueFactory = _ => Standalone.ServeOptions.DefaultDataPath,
        };

        public CheckCommand()
            : base("check",
                "Checks the embedded store for damage.",
                "Runs SQLite's integrity_check and verifies every stored row against its checksum, on a read-only snapshot: "
                + "safe beside a running server. Exit status 0 when the store is intact, 1 when it is damaged or missing.")
        {
            Add(_data);
            SetAction(result => StoreCheck.Run(result.GetValue(_data)!, result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
        }
    }
}
