using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests;

/// <summary>Kustomize builds through the tool as it ships, in its own process, at the exact lines users edit.</summary>
public sealed class KustomizeTests
{
    private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "canaryguard.dll");

    // Sets only interval (line 6, column 5): CG1010 there, and nothing the base already has.
    private const string IntervalPatch = "apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata: {name: web, namespace: shop}\nspec:\n  analysis:\n    interval: 5s\n";

    internal static TempFolder BaseAndTwoOverlays()
    {
        var folder = new TempFolder();
        folder.Write(".canaryguard.yaml", Manifests.PolicyWithOnly(("CG0004", "error"), ("CG0010", "error"), ("CG1005", "warning"), ("CG1010", "warning"), ("CG1014", "warning")));
        folder.Write("base/kustomization.yaml", "resources:\n  - canary.yaml\n");
        folder.Write("base/canary.yaml", Manifests.StepWeightAboveMaxWeight());
        folder.Write("overlays/prod/kustomization.yaml", "namespace: prod\nresources:\n  - ../../base\npatches:\n  - path: patch-canary.yaml\n");
        folder.Write("overlays/prod/patch-canary.yaml", IntervalPatch);
        folder.Write("overlays/staging/kustomization.yaml", "namespace: staging\nresources:\n  - ../../base\n");
        return folder;
    }

    [Fact]
    public void AFindingInABaseThroughTwoOverlays_IsReportedOnceAtTheBaseLine_AndAPatchsFindingAtThePatchLine()
    {
        using var folder = BaseAndTwoOverlays();

        var result = ProcessRunner.Run("dotnet", [Tool, "lint", "."], folder.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        var findings = TextOutput.Findings(result.Output);
        Assert.Equal(
            [
                ("base/canary.yaml", 12, 5, "CG1005", "warning"),
                ("overlays/prod/patch-canary.yaml", 6, 5, "CG1010", "warning"),
            ],
            findings.Select(f => (f.File, f.Line, f.Column, f.Id, f.Severity)));
        Assert.EndsWith("(kustomize builds of overlays/prod, overlays/staging) [prod/web]", findings[0].Message, StringComparison.Ordinal);
        Assert.EndsWith("is below Flagger's 10s floor: Flagger silently runs the analysis every 10s instead [prod/web]", findings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APatchPassedByName_IsLintedThroughTheKustomizationBesideIt_NotAsAWholeObject()
    {
        using var folder = BaseAndTwoOverlays();

        var result = ProcessRunner.Run("dotnet", [Tool, "lint", "overlays/prod/patch-canary.yaml"], folder.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        var findings = TextOutput.Findings(result.Output);
        Assert.DoesNotContain(findings, f => f.Id is "CG0004" or "CG1014");
        Assert.Contains(findings, f => (f.File, f.Line, f.Column, f.Id) == ("overlays/prod/patch-canary.yaml", 6, 5, "CG1010"));
    }

    [Fact]
    public void AKustomizationThatCannotBeBuilt_FailsTheRunAtItsLine()
    {
        using var folder = BaseAndTwoOverlays();
        folder.Write("overlays/staging/kustomization.yaml", "namespace: staging\nresources:\n  - ../../base\n  - hpa.yaml\n");

        var result = ProcessRunner.Run("dotnet", [Tool, "lint", "."], folder.Path);

        Assert.True(result.ExitCode == 1, result.ToString());
        var failure = Assert.Single(TextOutput.Findings(result.Output), f => f.Id == "CG0010");
        Assert.Equal(("overlays/staging/kustomization.yaml", 4, 5, "error"), (failure.File, failure.Line, failure.Column, failure.Severity));
        Assert.Contains("resource hpa.yaml does not exist", failure.Message, StringComparison.Ordinal);
    }
}
