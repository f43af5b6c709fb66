using System.CommandLine;
using CanaryGuard.Linter.Lsp;
using CanaryGuard.Linter.Lsp.JsonRpc;

namespace CanaryGuard.Linter.Commands;

/// <summary><c>canaryguard lsp</c>: the language server, over standard input and output (docs/editors.md).</summary>
internal static class LspCommand
{
    public static Command Create(CliIo io)
    {
        // vscode-languageclient passes --stdio to a server started with the stdio transport; it is the only one.
        var stdio = new Option<bool>("--stdio") { Description = "Talk LSP over standard input and output (the default and only transport)." };
        var command = new Command("lsp", "Run the CanaryGuard language server (LSP 3.17 over stdio) for editors: diagnostics, quick fixes, hover, completion.")
        {
            stdio,
        };
        command.SetAction(_ => Run(io));
        return command;
    }

    private static int Run(CliIo io)
    {
        // The protocol owns standard output: nothing else may be written there. Logs go to standard error.
        using var input = Console.OpenStandardInput();
        using var output = Console.OpenStandardOutput();
        var connection = new JsonRpcConnection(input, output, io.Error);
        using var server = new LanguageServer(connection, io.Error);
        var running = connection.RunAsync(server, CancellationToken.None);
        Task.WaitAny(running, server.Exited);

        // Input that ends without exit is a client gone away: 0 only if it had asked to shut down.
        return server.Exited.IsCompleted ? server.Exited.Result : server.IsShutDown ? 0 : 1;
    }
}
