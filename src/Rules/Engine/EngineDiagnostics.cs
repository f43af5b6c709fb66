namespace CanaryGuard.Rules.Engine;

/// <summary>
/// Findings the engine itself reports, not a rule: input that cannot be read, configuration that is wrong,
/// a rule that failed. Their ids live beside the rules' (CG0xxx) and have docs pages like every rule.
/// </summary>
public static class EngineDiagnostics
{
    public static readonly DiagnosticDescriptor SyntaxError = new(
        "CG0001",
        "YAML syntax error",
        "{0}",
        RuleCategories.Input,
        DiagnosticSeverity.Error,
        "The file is not valid YAML (or JSON). Nothing after the error is linted; kubectl would refuse the file too.",
        isConfigurable: false);

    public static readonly DiagnosticDescriptor InvalidConfiguration = new(
        "CG0006",
        "Invalid configuration or suppression",
        "{0}",
        RuleCategories.Input,
        DiagnosticSeverity.Warning,
        "A policy file entry, suppression comment, annotation or command-line option is not valid; it is ignored.");

    public static readonly DiagnosticDescriptor RuleFailed = new(
        "CG0007",
        "A rule failed",
        "rule {0} failed on this resource: {1}",
        RuleCategories.Input,
        DiagnosticSeverity.Warning,
        "A rule threw while analysing a resource. The other rules still ran; please report the input that caused it.");

    public static readonly DiagnosticDescriptor UnsafeInput = new(
        "CG0008",
        "Input refused as unsafe to process",
        "{0}",
        RuleCategories.Input,
        DiagnosticSeverity.Error,
        "A document exceeds a safety limit (alias expansion, nesting depth, size, document count or scalar length). It is skipped, the rest is linted.",
        isConfigurable: false);

    public static readonly DiagnosticDescriptor KustomizationNotBuilt = new(
        "CG0010",
        "Kustomization cannot be built",
        "{0}",
        RuleCategories.Input,
        DiagnosticSeverity.Error,
        "kustomize build would fail on this kustomization: a resource, component or patch file is missing or invalid, or a patch matches no object. Its resource files are linted on their own; its patches are not linted as whole objects.");

    public static readonly DiagnosticDescriptor KustomizationNotResolved = new(
        "CG0011",
        "Kustomization not built in full",
        "{0}",
        RuleCategories.Input,
        DiagnosticSeverity.Info,
        "A part of a kustomization that CanaryGuard does not build (a remote base, a generator, a Helm chart, a plugin, replacements): what it makes or changes is not linted, and a reference the build cannot find is reported as unproven.");

    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = [SyntaxError, InvalidConfiguration, RuleFailed, UnsafeInput, KustomizationNotBuilt, KustomizationNotResolved];
}
