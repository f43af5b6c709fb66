using System.CommandLine;
using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Linter.Commands;

/// <summary><c>canaryguard explain CG1005</c>: the rule's documentation page, embedded in the tool.</summary>
internal static class ExplainCommand
{
    public static Command Create(CliIo io)
    {
        var id = new Argument<string>("id") { Description = "A rule id, such as CG1005." };
        var command = new Command("explain", "Print a rule's documentation: why it matters, how to fix it, when to suppress it.") { id };
        command.SetAction(parse => Run(parse.GetValue(id)!, io));
        return command;
    }

    private static int Run(string id, CliIo io)
    {
        var descriptor = AnalysisEngine.CreateDefault().Descriptors.FirstOrDefault(d => string.Equals(d.Id, id.Trim(), StringComparison.OrdinalIgnoreCase));
        if (descriptor is null)
        {
            io.Error.WriteLine($"canaryguard: unknown rule id '{id}'; 'canaryguard rules' lists them");
            return LintRunner.Failure;
        }

        io.Output.Write(RulePages.Find(descriptor.Id) ?? Summary(descriptor));
        return LintRunner.Clean;
    }

    /// <summary>What the descriptor itself says, for a rule whose page is not in this build.</summary>
    private static string Summary(DiagnosticDescriptor descriptor) =>
        $"""
        # {descriptor.Id}: {descriptor.Title}

        Category: {descriptor.Category}
        Default severity: {descriptor.DefaultSeverity.ToText()}

        {descriptor.Description}

        More: {descriptor.HelpLink}

        """;
}

/// <summary>The docs/rules/*.md pages, embedded as resources named <c>rules/CGxxxx.md</c> (see Linter.csproj).</summary>
internal static class RulePages
{
    public static string? Find(string id)
    {
        using var stream = typeof(RulePages).Assembly.GetManifestResourceStream($"rules/{id}.md");
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
