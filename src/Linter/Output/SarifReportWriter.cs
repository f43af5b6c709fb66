using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Linter.Output;

/// <summary>
/// <c>--format sarif</c>: SARIF 2.1.0 as GitHub code scanning reads it. One run; every rule in
/// <c>tool.driver.rules</c>; results in report order with repository-relative locations under <c>%SRCROOT%</c>;
/// fingerprints from rule, file, resource and YAML path (not the line, so edits above a finding keep its alert).
/// Suppressed findings are left out unless <see cref="ReportContext.IncludeSuppressed"/>.
/// </summary>
internal sealed class SarifReportWriter(ReportContext context) : IReportWriter
{
    /// <summary>Readable output: quotes and angle brackets are not escaped (the files are not embedded in HTML).</summary>
    private static readonly SarifJsonContext Json = new(new JsonSerializerOptions(SarifJsonContext.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string InformationUri = "https://github.com/canaryguard/canaryguard";
    public const string SourceRootBase = "%SRCROOT%";
    public const string FingerprintKey = "primaryLocationLineHash";

    public void Write(LintReport report, TextWriter output)
    {
        var rules = report.Descriptors;
        var index = rules.Select((d, i) => (d.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var results = report.Result.Diagnostics
            .Where(d => d.Severity >= DiagnosticSeverity.Info && (context.IncludeSuppressed || !d.IsSuppressed))
            .Select(d => ToResult(d, index[d.Id]))
            .ToList();
        var overrides = context.SeverityOverrides
            .Select(o => new SarifConfigurationOverride(new SarifDescriptorReference(o.Descriptor.Id, index[o.Descriptor.Id]), Configuration(o.Severity)))
            .ToList();
        var notifications = report.Notices.Select(n => new SarifNotification("note", new SarifText(n))).ToList();
        if (report.Failure is not null)
        {
            notifications.Add(new SarifNotification("error", new SarifText($"The run failed: {report.Failure}")));
        }

        var invocation = new SarifInvocation(
            report.Failure is null,
            overrides.Count > 0 ? overrides : null,
            notifications.Count > 0 ? notifications : null);
        var driver = new SarifDriver("CanaryGuard", ToolVersion.Current, InformationUri, [.. rules.Select(ToRule)]);
        var log = new SarifLog(SchemaUri, "2.1.0", [new SarifRun(new SarifTool(driver), [invocation], results, "utf16CodeUnits")]);
        output.WriteLine(JsonSerializer.Serialize(log, Json.SarifLog));
    }

    public static string Level(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "note",
        _ => "none",
    };

    /// <summary>The rule's name as SARIF wants it: an identifier made of the title's words.</summary>
    public static string RuleName(DiagnosticDescriptor descriptor)
    {
        var name = new StringBuilder();
        foreach (var word in descriptor.Title.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var letters = new string([.. word.Where(char.IsLetterOrDigit)]);
            if (letters.Length > 0)
            {
                name.Append(char.ToUpperInvariant(letters[0])).Append(letters.AsSpan(1));
            }
        }

        return name.ToString();
    }

    /// <summary>A severity as SARIF configuration: <c>none</c> turns the rule off, <c>hidden</c> runs it without showing results.</summary>
    private static SarifConfiguration Configuration(DiagnosticSeverity severity, bool enabled = true) =>
        new(Level(severity), Enabled: enabled && severity != DiagnosticSeverity.None ? null : false);

    private static SarifRule ToRule(DiagnosticDescriptor descriptor)
    {
        var help = descriptor.HelpLink.ToString();
        return new SarifRule(
            descriptor.Id,
            RuleName(descriptor),
            new SarifText(descriptor.Title),
            new SarifText(descriptor.Description),
            new SarifHelp(
                $"{descriptor.Description} See {help}",
                $"**{descriptor.Id}: {descriptor.Title}**\n\n{descriptor.Description}\n\n[Rule documentation]({help})"),
            help,
            Configuration(descriptor.DefaultSeverity, descriptor.IsEnabledByDefault),
            new SarifRuleProperties([descriptor.Category], "high", ProblemSeverity(descriptor.DefaultSeverity)));
    }

    private static string ProblemSeverity(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "recommendation",
    };

    private SarifResult ToResult(Diagnostic diagnostic, int ruleIndex)
    {
        var relative = context.RelativePath(diagnostic.File);
        var resource = Fingerprints.ResourceKey(diagnostic);
        var logical = resource is null ? null : new[]
        {
            new SarifLogicalLocation(
                diagnostic.Path.Length > 0 ? diagnostic.Path : resource,
                diagnostic.Path.Length > 0 ? $"{resource}/{diagnostic.Path}" : resource,
                "object"),
        };
        var physical = relative is null ? null : new SarifPhysicalLocation(
            new SarifArtifactLocation(EscapeUri(relative), SourceRootBase),
            diagnostic.Span is { } span ? new SarifRegion(span.StartLine, span.StartColumn, span.EndLine, span.EndColumn) : null);
        var locations = physical is null && logical is null ? null : new[] { new SarifLocation(physical, logical) };
        var fingerprint = Fingerprints.Hash(diagnostic.Id, relative ?? diagnostic.File, resource, diagnostic.Path);
        return new SarifResult(
            diagnostic.Id,
            ruleIndex,
            Level(diagnostic.Severity),
            new SarifText(diagnostic.Message),
            locations,
            new Dictionary<string, string>(StringComparer.Ordinal) { [FingerprintKey] = fingerprint },
            diagnostic.Suppression is { } suppression ? [ToSuppression(suppression)] : null);
    }

    private static SarifSuppression ToSuppression(Suppression suppression) => new(
        suppression.Kind is SuppressionKind.Comment or SuppressionKind.Annotation ? "inSource" : "external",
        "accepted",
        suppression.Justification);

    /// <summary>A relative URI reference: each path segment percent-encoded, the slashes kept.</summary>
    private static string EscapeUri(string relativePath) =>
        string.Join('/', relativePath.Split('/').Select(Uri.EscapeDataString));
}
