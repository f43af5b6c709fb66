using System.Globalization;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Rules.Coverage;

/// <summary>CG4002: label and annotation values are strings; YAML 1.1 reads some unquoted values as booleans or numbers.</summary>
public sealed class NonStringLabelValueRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG4002",
        "Label or annotation value is not a string",
        "{0} {1}: {2} is read as the {3} {4}, not the string \"{2}\": the API server rejects it, and tools that convert it store \"{4}\"; quote the value",
        RuleCategories.Coverage,
        DiagnosticSeverity.Error,
        "Kubernetes reads YAML with YAML 1.1 rules: yes, no, on, off, true and false are booleans and 1.10 is the number 1.1. Labels, annotations and selectors take strings only, so kubectl apply fails, and tools that convert the value (Helm, Kustomize) store a different one.",
        admissionMessageFormat: "{0} {1}: {2} is read as the {3} {4}, not a string; quote the value");

    // Where Kubernetes objects keep string-to-string maps that users write by hand.
    private static readonly string[][] StringMaps =
    [
        ["metadata", "labels"],
        ["metadata", "annotations"],
        ["spec", "selector", "matchLabels"],
        ["spec", "template", "metadata", "labels"],
        ["spec", "template", "metadata", "annotations"],
    ];

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => true;

    public override void Analyze(RuleContext context)
    {
        foreach (var path in StringMaps)
        {
            if (context.Resource.Root.At(path) is not MappingNode map)
            {
                continue;
            }

            var what = path[^1] == "annotations" ? "annotation" : "label";
            foreach (var (key, value) in map.Entries)
            {
                if (value is ScalarNode { Kind: ScalarKind.Bool or ScalarKind.Int or ScalarKind.Float } scalar)
                {
                    var (type, read) = ReadAs(scalar);
                    context.Report(Rule, value, what, key.Value, scalar.Value, type, read);
                }
            }
        }
    }

    private static (string Type, string Value) ReadAs(ScalarNode scalar)
    {
        if (scalar.TryGetBool(out var flag))
        {
            return ("boolean", flag ? "true" : "false");
        }

        return scalar.TryGetDouble(out var number)
            ? ("number", number.ToString(CultureInfo.InvariantCulture))
            : ("number", scalar.Value);
    }
}
