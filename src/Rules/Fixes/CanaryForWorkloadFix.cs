using CanaryGuard.Rules.Generation;
using CanaryGuard.Rules.Rules.Coverage;

namespace CanaryGuard.Rules.Fixes;

/// <summary>
/// CG4001: writes the Canary the webhook would generate for the workload (<see cref="CanaryGenerator"/>: the
/// policy's <c>canaryTemplate:</c> with the workload's override annotations) into <c>FILE.canary.yaml</c> beside
/// the file (<c>deploy.yaml</c> gets <c>deploy.canary.yaml</c>), or with <c>--fix-inline</c> as a new document at the end
/// of the same file. Not offered when no Canary can be generated (the service port cannot be told, an override
/// annotation does not parse), since a wrong port routes traffic nowhere.
/// </summary>
public sealed class CanaryForWorkloadFix : CodeFixProvider
{
    public override IReadOnlyList<string> FixableDiagnosticIds { get; } = [CanaryMissingRule.Rule.Id];

    public override string EquivalenceKey => "WriteCanaryFromTemplate";

    public override string Title => "writes a Canary from the policy's canaryTemplate into FILE.canary.yaml beside the file (deploy.yaml gets deploy.canary.yaml) (with --fix-inline: a new document in the same file)";

    /// <summary>The file a workload file's Canaries go to.</summary>
    public static string CompanionPath(string file)
    {
        var folder = Path.GetDirectoryName(file);
        var name = Path.GetFileNameWithoutExtension(file) + ".canary.yaml";
        return string.IsNullOrEmpty(folder) ? name : Path.Combine(folder, name);
    }

    public override IEnumerable<TextEdit> ComputeEdits(FixContext context)
    {
        var resource = context.Resource;
        if (CanaryGenerator.Generate(resource, resource.DeclaredNamespace, context.Policy).Canary is not { } generated)
        {
            yield break;
        }

        var path = context.Inline ? context.Diagnostic.File : CompanionPath(context.Diagnostic.File);
        var target = context.TextOf(path);
        var canary = CanaryYaml.Render(generated, target.Text.Length > 0 ? target.NewLine : context.Edits.Source.NewLine);
        if (target.Text.Contains(canary, StringComparison.Ordinal))
        {
            yield break;
        }

        var separator = target.Text.Length == 0 ? string.Empty : (target.Text.EndsWith('\n') ? string.Empty : target.NewLine) + "---" + target.NewLine;
        yield return TextEdit.Insert(path, target.Text.Length, separator + canary);
    }
}
