using Hotpath.Plugin.Cli;

// One executable, three ways to run (see docs/architecture.md):
//   started by Grafana (go-plugin magic cookie in the environment, no arguments) → plugin host;
//   `serve` → standalone server; anything else → command line.
return CommandLine.Run(args, Console.Out, Console.Error);
