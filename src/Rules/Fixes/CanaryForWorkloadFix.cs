using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Rules.Coverage;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Fixes;

/// <summary>
/// CG4001: writes a Canary for the workload from the policy's <c>canaryTemplate:</c>, into <c>NAME.canary.yaml</c>
/// beside the file (<c>web.yaml</c> gets <c>web.canary.yaml</c>), or with <c>--fix-inline</c> as a new document at
/// the end of the same file. Not offered when the service port cannot be told (several container ports, none
/// named http), since a wrong port routes traffic nowhere.
/// </summary>
public sealed class CanaryForWorkloadFix : CodeFixProvider
{
    public override IReadOnlyList<string> FixableDiagnosticIds { get; } = [CanaryMissingRule.Rule.Id];

    public override string EquivalenceKey => "WriteCanaryFromTemplate";

    public override string Title => "writes a Canary from the policy's canaryTemplate into NAME.canary.yaml beside the file (with --fix-inline: a new document in the same file)";

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
        if (resource.Name is null || ServicePort(resource) is not { } port)
        {
            yield break;
        }

        var path = context.Inline ? context.Diagnostic.File : CompanionPath(context.Diagnostic.File);
        var target = context.TextOf(path);
        var canary = CanaryYaml.Render(
            new CanaryTarget(resource.ApiVersion, resource.Kind, resource.Name, resource.DeclaredNamespace, port),
            context.Policy.CanaryTemplate,
            context.Policy.MeshProvider,
            target.Text.Length > 0 ? target.NewLine : context.Edits.Source.NewLine);
        if (target.Text.Contains(canary, StringComparison.Ordinal))
        {
            yield break;
        }

        var separator = target.Text.Length == 0 ? string.Empty : (target.Text.EndsWith('\n') ? string.Empty : target.NewLine) + "---" + target.NewLine;
        yield return TextEdit.Insert(path, target.Text.Length, separator + canary);
    }

    /// <summary>As the webhook picks it: the container port named http, else the only one.</summary>
    private static int? ServicePort(KubernetesResource resource)
    {
        var ports = (DeploymentView.From(resource)?.PodSpec?.Sequence("containers")?.Items ?? [])
            .OfType<MappingNode>()
            .SelectMany(c => c.Sequence("ports")?.Items.OfType<MappingNode>() ?? [])
            .Select(p => (Name: p.String("name"), Port: p.Scalar("containerPort")))
            .Where(p => p.Port is not null && p.Port.TryGetInt64(out _))
            .Select(p => (p.Name, Port: (int)long.Parse(p.Port!.Value, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        var http = ports.FirstOrDefault(p => p.Name == "http");
        return http.Name is not null ? http.Port : ports.Count == 1 ? ports[0].Port : null;
    }
}
