using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Fixes;

namespace CanaryGuard.Linter.Commands;

/// <summary><c>canaryguard rules [--format text|markdown|json]</c>: every rule the engine can report.</summary>
internal static class RulesCommand
{
    public static readonly string[] Formats = ["text", "markdown", "json"];

    // Made on first use, not with the command line: every 'canaryguard lint' builds this command, and creating
    // the serializer options would load System.Text.Json into each pre-commit run.
    private static RulesJsonContext JsonContext => field ??= new(new(RulesJsonContext.Default.Options) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public static Command Create(CliIo io)
    {
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output format: text, markdown (the README's rule table) or json.",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong(Formats);
        var command = new Command("rules", "List every rule: id, default severity, category, whether it has a code fix, and title.") { format };
        command.SetAction(parse =>
        {
            var descriptors = AnalysisEngine.CreateDefault().Descriptors;
            io.Output.Write(parse.GetValue(format) switch
            {
                "markdown" => Markdown(descriptors),
                "json" => Json(descriptors),
                _ => Text(descriptors),
            });
            return LintRunner.Clean;
        });
        return command;
    }

    /// <summary>A column-aligned table for a terminal.</summary>
    public static string Text(IReadOnlyList<DiagnosticDescriptor> descriptors)
    {
        string[][] rows =
        [
            ["ID", "SEVERITY", "CATEGORY", "FIX", "TITLE"],
            .. descriptors.Select(d => new[] { d.Id, d.DefaultSeverity.ToText(), d.Category, Fix(d), d.Title }),
        ];
        var widths = Enumerable.Range(0, 4).Select(column => rows.Max(row => row[column].Length)).ToArray();
        var lines = rows.Select(row => string.Join("  ", row.Select((cell, column) => column < widths.Length ? cell.PadRight(widths[column]) : cell)));
        return string.Concat(lines.Select(line => line + "\n"));
    }

    /// <summary>The README's rule table; ids link to the rule pages.</summary>
    public static string Markdown(IReadOnlyList<DiagnosticDescriptor> descriptors)
    {
        var lines = new List<string> { "| Id | Severity | Category | Fix | Title |", "|---|---|---|---|---|" };
        lines.AddRange(descriptors.Select(d => string.Create(
            CultureInfo.InvariantCulture,
            $"| [{d.Id}](docs/rules/{d.Id}.md) | {d.DefaultSeverity.ToText()} | {d.Category} | {Fix(d)} | {d.Title.Replace("|", "\\|", StringComparison.Ordinal)} |")));
        return string.Concat(lines.Select(line => line + "\n"));
    }

    /// <summary>"yes" for a rule with a code fix (<c>lint --fix</c>).</summary>
    private static string Fix(DiagnosticDescriptor descriptor) => CodeFixCatalog.FixableIds.Contains(descriptor.Id) ? "yes" : string.Empty;

    public static string Json(IReadOnlyList<DiagnosticDescriptor> descriptors)
    {
        var rules = descriptors.Select(d => new JsonRule(
            d.Id, d.Title, d.Category, d.DefaultSeverity.ToText(), d.IsEnabledByDefault, d.IsConfigurable, CodeFixCatalog.For(d.Id)?.Title, d.Description, d.HelpLink.ToString()));
        return JsonSerializer.Serialize(rules.ToList(), JsonContext.ListJsonRule) + "\n";
    }
}

internal sealed record JsonRule(
    string Id,
    string Title,
    string Category,
    string DefaultSeverity,
    bool EnabledByDefault,
    bool Configurable,
    string? Fix,
    string Description,
    string HelpUri);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(List<JsonRule>))]
internal sealed partial class RulesJsonContext : JsonSerializerContext;
