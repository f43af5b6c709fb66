using System.CommandLine;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Linter.Commands;

/// <summary><c>canaryguard init [--path FOLDER] [--force]</c>: writes a commented default <c>.canaryguard.yaml</c>.</summary>
internal static class InitCommand
{
    public static Command Create(CliIo io)
    {
        var path = new Option<string?>("--path", "-p") { Description = "The folder to write .canaryguard.yaml into. Default: the current folder." };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing .canaryguard.yaml." };
        var command = new Command("init", "Write a commented default policy file (.canaryguard.yaml) that documents every setting.") { path, force };
        command.SetAction(parse => Run(parse.GetValue(path) ?? Directory.GetCurrentDirectory(), parse.GetValue(force), io));
        return command;
    }

    private static int Run(string folder, bool force, CliIo io)
    {
        var file = Path.Combine(folder, PolicyLoader.FileName);
        if (File.Exists(file) && !force)
        {
            io.Error.WriteLine($"canaryguard: {file} already exists; use --force to overwrite it");
            return LintRunner.Failure;
        }

        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(file, DefaultPolicyFile.Text);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            io.Error.WriteLine($"canaryguard: cannot write {file}: {exception.Message}");
            return LintRunner.Failure;
        }

        io.Output.WriteLine($"wrote {file}");
        return LintRunner.Clean;
    }
}
