using System.CommandLine;
using System.CommandLine.Parsing;

namespace Hotpath.Plugin.Cli;

/// <summary>
/// Bad usage, said the way this command line says it: one line naming the word that is wrong
/// (<c>unknown option '--x'</c>, <c>--max-nodes needs a value</c>, <c>--vs given twice</c>), then
/// the usage. System.CommandLine finds the errors; its own messages are not localizable through
/// public API and do not name things the way the rest of Hotpath does, so they are translated here
/// from the parse tree and passed through only when no rule below knows the case.
/// </summary>
internal static class Usage
{
    /// <summary>The first problem of the command line (without the command's name), or null when the command can run.</summary>
    public static string? Problem(ParseResult result)
    {
        var command = result.CommandResult;
        var problem = UnknownWord(result) ?? OptionProblem(command) ?? (command.Command as CliCommand)?.Check(result);
        if (problem is null && result.Errors.Count > 0)
        {
            problem = command.Command is RootCommand ? "no command given" : Translate(result.Errors[0]);
        }
        return problem;
    }

    /// <summary>
    /// A word no option took that looks like an option, or that no argument has room for. The
    /// parser hands words such as <c>--colour</c> to a FILE... argument; before <c>--</c> they are
    /// unknown options here (after it, a file may be called <c>-x</c>).
    /// </summary>
    private static string? UnknownWord(ParseResult result)
    {
        var command = result.CommandResult;
        // Words of arguments, and of options that take several (diff's --vs), are the command's
        // operands; the one value of a single-valued option is taken as it is (--sample-type -x).
        var positional = new HashSet<Token>(command.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens), ReferenceEqualityComparer.Instance);
        var optionValues = new HashSet<Token>(ReferenceEqualityComparer.Instance);
        for (SymbolResult? c = command; c is CommandResult r; c = c.Parent)
        {
            foreach (var option in r.Children.OfType<OptionResult>())
            {
                (option.Option.Arity.MaximumNumberOfValues > 1 ? positional : optionValues).UnionWith(option.Tokens);
            }
        }
        var afterDoubleDash = false;
        foreach (var token in result.Tokens)
        {
            if (token.Type == TokenType.DoubleDash)
            {
                afterDoubleDash = true;
                continue;
            }
            if (token.Type != TokenType.Argument || optionValues.Contains(token))
            {
                continue;
            }
            var unmatched = !positional.Contains(token);
            if (!afterDoubleDash && token.Value.Length > 1 && token.Value[0] == '-')
            {
                return $"unknown option '{token.Value}'";
            }
            if (unmatched)
            {
                return command.Command is RootCommand ? $"unknown command '{token.Value}'" : $"unexpected argument '{token.Value}'";
            }
        }
        return null;
    }

    /// <summary>Options given twice, without their value, or with a value their parser refused (its message is ours).</summary>
    private static string? OptionProblem(CommandResult command)
    {
        foreach (var option in command.Children.OfType<OptionResult>().Where(o => o.IdentifierTokenCount > 0))
        {
            var name = option.Option.Name;
            if (option.IdentifierTokenCount > 1)
            {
                return $"{name} given twice";
            }
            if (option.Tokens.Count == 0 && option.Option.Arity.MinimumNumberOfValues > 0)
            {
                return $"{name} needs a value";
            }
            if (option.Errors.FirstOrDefault() is { } error)
            {
                return error.Message;
            }
        }
        return null;
    }

    private static string Translate(ParseError error) => error.SymbolResult switch
    {
        ArgumentResult { Argument: var argument } missing when missing.Tokens.Count < argument.Arity.MinimumNumberOfValues
            => $"missing {argument.Name}",
        _ => error.Message,
    };

    /// <summary>
    /// Writes the problem line (naming the command), the failing command's usage line, and every
    /// command's usage line, so that a mistyped command line shows what there is; <c>--help</c>
    /// has the details.
    /// </summary>
    public static void Write(TextWriter stderr, RootCommand root, Command failing, string problem)
    {
        var isRoot = ReferenceEquals(failing, root);
        stderr.WriteLine(isRoot ? $"{CommandLine.Name}: {problem}" : $"{CommandLine.Name}: {failing.Name}: {problem}");
        stderr.WriteLine(isRoot ? $"usage: {CommandLine.Name} COMMAND [options]" : $"usage: {CommandLine.Name} {Synopsis(failing)}");
        stderr.WriteLine("commands:");
        foreach (var command in root.Subcommands.Where(c => !c.Hidden))
        {
            stderr.WriteLine($"  {Synopsis(command)}");
            stderr.WriteLine($"        {(command as CliCommand)?.Summary ?? command.Description}");
        }
        stderr.WriteLine(isRoot
            ? $"'{CommandLine.Name} COMMAND --help' describes a command and its options."
            : $"'{CommandLine.Name} {failing.Name} --help' describes its options.");
    }

    /// <summary>
    /// <c>name [--flag] [--option VALUE] ARG... --multi VALUE...</c>: required options first, then
    /// the others, then the arguments; an option taking several values comes last because it takes
    /// every word after it.
    /// </summary>
    public static string Synopsis(Command command)
    {
        var words = new List<string> { command.Name };
        var options = command.Options.Where(o => !o.Hidden).ToList();
        bool Multi(Option o) => o.Arity.MaximumNumberOfValues > 1;
        words.AddRange(options.Where(o => o.Required && !Multi(o)).Select(o => Label(o)));
        words.AddRange(options.Where(o => !o.Required && !Multi(o)).Select(o => $"[{Label(o)}]"));
        words.AddRange(command.Arguments.Where(a => !a.Hidden).Select(a =>
            (a.Arity.MaximumNumberOfValues > 1 ? a.Name + "..." : a.Name) is var word && a.Arity.MinimumNumberOfValues == 0 ? $"[{word}]" : word));
        words.AddRange(options.Where(Multi).Select(o => o.Required ? Label(o) : $"[{Label(o)}]"));
        return string.Join(' ', words);
    }

    private static string Label(Option option) => option.Arity.MinimumNumberOfValues == 0
        ? option.Name
        : $"{option.Name} {option.HelpName ?? "VALUE"}{(option.Arity.MaximumNumberOfValues > 1 ? "..." : "")}";
}
