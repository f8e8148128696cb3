using Hotpath.Plugin.Standalone;

namespace Hotpath.Plugin.Cli;

/// <summary>
/// <c>gpx_hotpath hash-password</c>: reads a password from stdin (its first line) and prints the
/// hash a <c>--basic-auth-file</c> line takes after <c>USER:</c>. Reading stdin keeps the password
/// out of the process list and the shell's history.
/// </summary>
internal sealed class HashPasswordCommand : CliCommand
{
    public HashPasswordCommand()
        : base("hash-password",
            "Prints the hash of a password read from stdin, for serve's --basic-auth-file.",
            "Reads one line from stdin and prints pbkdf2-sha256$ITERATIONS$SALT$HASH; write it in the file as USER:HASH.")
    {
        SetAction(result =>
        {
            var password = Output.StandardInput().ReadLine();
            if (string.IsNullOrEmpty(password))
            {
                return CommandLine.InputError(result.InvocationConfiguration.Error, "hash-password: no password on stdin");
            }
            result.InvocationConfiguration.Output.WriteLine(ServeCredentials.HashPassword(password));
            return CommandLine.Ok;
        });
    }
}
