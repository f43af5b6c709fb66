using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Kustomize;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Rules.Tests.Kustomize;

/// <summary>How the engine lints kustomize builds: built objects, patches, namespaces, overlays, what was not built.</summary>
public sealed class KustomizeAnalysisTests
{
    private const string Deployment =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: podinfo
        spec:
          selector:
            matchLabels: {app: podinfo}
          template:
            metadata:
              labels: {app: podinfo}
            spec:
              containers:
                - name: podinfo
                  image: podinfo:6.0.0
                  ports: [{containerPort: 9898}]
                  readinessProbe: {httpGet: {path: /readyz, port: 9898}}
        """;

    private const string Canary =
        """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata:
          name: podinfo
          namespace: test
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}
          service: {port: 9898}
          analysis:
            interval: 1m
            threshold: 5
            maxWeight: 50
            stepWeight: 10
            metrics:
              - {name: request-success-rate, thresholdRange: {min: 99}, interval: 1m}
              - {name: request-duration, thresholdRange: {max: 500}, interval: 1m}
            webhooks:
              - {name: load-test, url: "http://flagger-loadtester.test/", metadata: {cmd: "hey -z 1m http://podinfo-canary.test:9898/"}}
        """;

    // The example: a patch holding only the webhook it adds.
    private const string WebhookPatch =
        """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata: {name: podinfo, namespace: test}
        spec: {analysis: {webhooks: [{name: smoke, type: pre-rollout, url: "http://flagger-loadtester.test/"}]}}
        """;

    private static KustomizeFixture WithBase(string canary = Canary) => new KustomizeFixture()
        .With("/repo/base/kustomization.yaml", "namespace: test\nresources: [deployment.yaml, canary.yaml]\n")
        .With("/repo/base/deployment.yaml", Deployment)
        .With("/repo/base/canary.yaml", canary);

    private static AnalysisResult Lint(KustomizeFixture fixture, bool complete = true, bool kustomize = true)
    {
        var files = fixture.Linted();
        var policy = CanaryGuardPolicy.Default with { Complete = complete };
        return AnalysisEngine.CreateDefault().Analyze(files, new AnalysisOptions
        {
            PolicyFor = _ => policy,
            Kustomize = kustomize ? KustomizeBuilder.Build(files, fixture) : null,
        });
    }

    private static List<string> Findings(AnalysisResult result) =>
        [.. result.Reported.Select(d => $"{d.File}({d.Span?.StartLine},{d.Span?.StartColumn}) {d.Id} {d.Severity.ToText()}")];

    [Fact]
    public void APatchFile_IsNotLintedAsAWholeObject_ButFindsAFieldItSets()
    {
        var fixture = WithBase()
            .With("/repo/overlays/prod/kustomization.yaml", "resources: [../../base]\npatches: [{path: patch-canary.yaml}]\n")
            .With("/repo/overlays/prod/patch-canary.yaml", WebhookPatch);

        Assert.Contains(Findings(Lint(fixture, kustomize: false)), f => f.StartsWith("/repo/overlays/prod/patch-canary.yaml(", StringComparison.Ordinal) && f.Contains("CG0004", StringComparison.Ordinal));
        Assert.Empty(Findings(Lint(fixture)));

        fixture.With("/repo/overlays/prod/patch-canary.yaml", WebhookPatch.Replace("{analysis: {webhooks", "{analysis: {interval: 5s, webhooks", StringComparison.Ordinal));
        Assert.Equal(["/repo/base/canary.yaml(13,5) CG1008 warning", "/repo/overlays/prod/patch-canary.yaml(4,19) CG1010 warning"], Findings(Lint(fixture)));
    }

    [Fact]
    public void AFindingInAnInlinePatch_PointsAtItsLineInsideTheBlock()
    {
        var fixture = WithBase().With(
            "/repo/overlays/prod/kustomization.yaml",
            """
            resources: [../../base]
            patches:
              - target: {kind: Canary, name: podinfo}
                patch: |-
                  apiVersion: flagger.app/v1beta1
                  kind: Canary
                  metadata: {name: podinfo}
                  spec:
                    analysis:
                      interval: 5s
            """);

        Assert.Equal(["/repo/base/canary.yaml(13,5) CG1008 warning", "/repo/overlays/prod/kustomization.yaml(10,11) CG1010 warning"], Findings(Lint(fixture)));
    }

    [Fact]
    public void AKustomizationsNamespace_AppliesToItsObjects_SoTheirReferencesResolve()
    {
        var fixture = WithBase();

        Assert.Contains("/repo/base/canary.yaml(7,54) CG2001 error", Findings(Lint(fixture, kustomize: false)));
        Assert.Empty(Findings(Lint(fixture)));
    }

    [Fact]
    public void OneBaseLineReachedThroughTwoOverlays_IsOneFinding_NamingBoth()
    {
        var fixture = WithBase(Canary.Replace("interval: 1m\n    threshold", "interval: 5s\n    threshold", StringComparison.Ordinal))
            .With("/repo/overlays/prod/kustomization.yaml", "namespace: prod\nresources: [../../base]\n")
            .With("/repo/overlays/staging/kustomization.yaml", "namespace: staging\nresources: [../../base]\n");

        var result = Lint(fixture);

        var finding = Assert.Single(result.Reported, d => d.Id == "CG1010");
        Assert.Equal(["/repo/base/canary.yaml(10,5) CG1010 warning", "/repo/base/canary.yaml(13,5) CG1008 warning"], Findings(result));
        Assert.EndsWith("(kustomize builds of /repo/overlays/prod, /repo/overlays/staging)", finding.Message, StringComparison.Ordinal);
        Assert.Equal("prod/podinfo", finding.Resource!.ToString());
    }

    [Fact]
    public void ABuildsObjects_FindTheirReferencesInTheirOwnBuild()
    {
        // Each overlay renames the Deployment; only its own Canary's target exists in its build.
        var fixture = WithBase()
            .With("/repo/overlays/prod/kustomization.yaml", "resources: [../../base]\npatches:\n  - path: target.yaml\n")
            .With("/repo/overlays/prod/target.yaml", "apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata: {name: podinfo, namespace: test}\nspec: {targetRef: {name: prod-podinfo}}\n")
            .With("/repo/overlays/staging/kustomization.yaml", "namePrefix: prod-\nresources: [../../base]\n");

        // staging's Canary keeps its targetRef while its Deployment is renamed, as kustomize does; prod's names a
        // Deployment only staging's build has.
        Assert.Equal(["/repo/base/canary.yaml(7,54) CG2001 error", "/repo/overlays/prod/target.yaml(4,20) CG2001 error"], Findings(Lint(fixture)));
    }

    [Fact]
    public void ASuppressionCommentInTheBase_SuppressesTheBuiltFinding()
    {
        var fixture = WithBase(Canary.Replace("    interval: 1m\n    threshold", "    # canaryguard-disable-next-line CG1010 -- fast on purpose\n    interval: 5s\n    threshold", StringComparison.Ordinal))
            .With("/repo/overlays/prod/kustomization.yaml", "resources: [../../base]\n");

        var result = Lint(fixture);

        Assert.DoesNotContain(result.Reported, d => d.Id == "CG1010");
        Assert.Equal("fast on purpose", Assert.Single(result.Diagnostics, d => d.Id == "CG1010").Suppression!.Justification);
    }

    [Fact]
    public void AReferenceTheBuildCannotFind_IsUnproven_WhenTheBuildIsIncomplete()
    {
        var fixture = new KustomizeFixture()
            .With("/repo/app/kustomization.yaml", "resources:\n  - canary.yaml\n  - https://github.com/example/apps//podinfo?ref=v1\n")
            .With("/repo/app/canary.yaml", Canary);

        Assert.Equal(
            ["/repo/app/canary.yaml(7,54) CG2001 info", "/repo/app/kustomization.yaml(3,5) CG0011 info"],
            Findings(Lint(fixture, complete: true)));
        Assert.Contains("its kustomize build is not built in full (CG0011)", Assert.Single(Lint(fixture).Reported, d => d.Id == "CG2001").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AKustomizationThatFails_IsAnErrorAtItsLine_AndItsResourcesAreLintedOnTheirOwn()
    {
        var fixture = new KustomizeFixture()
            .With("/repo/app/kustomization.yaml", "resources:\n  - canary.yaml\n  - missing.yaml\n")
            .With("/repo/app/canary.yaml", Canary);

        Assert.Equal(
            ["/repo/app/canary.yaml(7,54) CG2001 error", "/repo/app/kustomization.yaml(3,5) CG0010 error"],
            Findings(Lint(fixture, complete: true)));
    }
}
