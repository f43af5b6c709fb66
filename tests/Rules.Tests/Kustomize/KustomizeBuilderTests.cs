using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using static CanaryGuard.Rules.Tests.Kustomize.KustomizeFixture;

namespace CanaryGuard.Rules.Tests.Kustomize;

/// <summary>
/// Each kustomize feature against the output <c>kustomize build</c> gives for the same files, written here by hand
/// from kustomize's documented semantics (and its source: kyaml's merge, the built-in transformers' field lists).
/// </summary>
public sealed class KustomizeBuilderTests
{
    private const string Deployment =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: podinfo
          labels: {tier: web}
        spec:
          replicas: 2
          minReadySeconds: 5
          selector:
            matchLabels: {app: podinfo}
          template:
            metadata:
              labels: {app: podinfo}
            spec:
              containers:
                - name: podinfo
                  image: podinfo:6.0.0
                  args: [--port=9898]
                  env:
                    - {name: A, value: "1"}
                  ports:
                    - {containerPort: 9898, name: http}
                - name: sidecar
                  image: busybox
        """;

    private const string Canary =
        """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata:
          name: podinfo
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}
          service: {port: 9898}
          analysis:
            interval: 1m
            threshold: 5
            stepWeights: [5, 10, 50]
            metrics:
              - {name: request-success-rate, thresholdRange: {min: 99}, interval: 1m}
            webhooks:
              - {name: load-test, url: "http://flagger-loadtester.test/"}
        """;

    private static KustomizeFixture WithBase() => new KustomizeFixture()
        .With("/repo/base/kustomization.yaml", "resources:\n  - deployment.yaml\n  - canary.yaml\n")
        .With("/repo/base/deployment.yaml", Deployment)
        .With("/repo/base/canary.yaml", Canary);

    [Fact]
    public void AnOverlaysNamespace_IsSetOnEveryObjectOfItsBase_AndOnlyTheOverlayIsBuilt()
    {
        var fixture = WithBase().With("/repo/overlays/prod/kustomization.yaml", "namespace: prod\nresources:\n  - ../../base\n");

        var result = fixture.Build();

        var build = Assert.Single(result.Builds);
        Assert.Equal("/repo/overlays/prod", build.Name);
        Assert.True(build.IsComplete);
        Assert.Equal(["prod", "prod"], build.Resources.Select(r => r.DeclaredNamespace));
        Assert.Equal("/repo/overlays/prod/kustomization.yaml(1,1)", Where(build.Resources[1], "metadata", "namespace"));
        Assert.Equal("/repo/base/canary.yaml(4,3)", Where(build.Resources[1], "metadata", "name"));
        Assert.All(fixture.Linted(), file => Assert.True(result.IsConsumed(file), file.Path));
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void TwoOverlaysOfOneBase_AreTwoBuilds_AndAFolderWithoutKustomizationIsNoBuild()
    {
        var fixture = WithBase()
            .With("/repo/overlays/prod/kustomization.yaml", "namespace: prod\nbases: [../../base]\n")
            .With("/repo/overlays/staging/kustomization.yaml", "namespace: staging\nresources: [../../base]\n")
            .With("/repo/plain/service.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: other}\n");

        var result = fixture.Build();

        Assert.Equal(["/repo/overlays/prod", "/repo/overlays/staging"], result.Builds.Select(b => b.Name));
        Assert.Equal(["prod/podinfo", "prod/podinfo", "staging/podinfo", "staging/podinfo"], result.Builds.SelectMany(b => b.Resources).Select(r => r.DisplayName));
        Assert.False(result.IsConsumed(fixture.Linted("/repo/plain")[0]));
    }

    [Fact]
    public void ACanaryPatch_MergesListsByName_NewItemsFirst_AndReplacesListsWithoutNames()
    {
        var fixture = WithBase()
            .With("/repo/overlays/prod/kustomization.yaml", "resources: [../../base]\npatches:\n  - path: patch-canary.yaml\n")
            .With(
                "/repo/overlays/prod/patch-canary.yaml",
                """
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata: {name: podinfo}
                spec:
                  analysis:
                    interval: 30s
                    stepWeights: [20, 80]
                    webhooks:
                      - {name: smoke, type: pre-rollout, url: "http://flagger-loadtester.test/"}
                      - {name: load-test, timeout: 5s}
                """);

        var canary = Assert.Single(fixture.Build().Builds).Resources[1];

        Assert.Equal(
            Expected(
                """
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata: {name: podinfo}
                spec:
                  targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}
                  service: {port: 9898}
                  analysis:
                    interval: 30s
                    threshold: 5
                    stepWeights: [20, 80]
                    metrics:
                      - {name: request-success-rate, thresholdRange: {min: 99}, interval: 1m}
                    webhooks:
                      - {name: smoke, type: pre-rollout, url: "http://flagger-loadtester.test/"}
                      - {name: load-test, url: "http://flagger-loadtester.test/", timeout: 5s}
                """),
            [Render(canary.Root)]);
        Assert.Equal("/repo/overlays/prod/patch-canary.yaml(6,5)", Where(canary, "spec", "analysis", "interval"));
        Assert.Equal("/repo/base/canary.yaml(10,5)", Where(canary, "spec", "analysis", "threshold"));
        Assert.Equal("/repo/base/canary.yaml(15,27)", Where(canary, "spec", "analysis", "webhooks", "1", "url"));
        Assert.Equal("/repo/overlays/prod/patch-canary.yaml(10,27)", Where(canary, "spec", "analysis", "webhooks", "1", "timeout"));
    }

    [Fact]
    public void ADeploymentPatch_MergesContainersEnvAndPortsOnTheirApiKeys_WithDeletes()
    {
        var fixture = WithBase()
            .With("/repo/overlays/prod/kustomization.yaml", "resources: [../../base]\npatchesStrategicMerge:\n  - patch.yaml\n")
            .With(
                "/repo/overlays/prod/patch.yaml",
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: podinfo}
                spec:
                  replicas: null
                  template:
                    spec:
                      containers:
                        - name: podinfo
                          env:
                            - {name: B, value: "2"}
                          ports:
                            - {containerPort: 9898, name: http-web}
                        - name: sidecar
                          $patch: delete
                """);

        var deployment = Assert.Single(fixture.Build().Builds).Resources[0];

        Assert.Equal(
            Expected(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: podinfo, labels: {tier: web}}
                spec:
                  minReadySeconds: 5
                  selector: {matchLabels: {app: podinfo}}
                  template:
                    metadata: {labels: {app: podinfo}}
                    spec:
                      containers:
                        - name: podinfo
                          image: podinfo:6.0.0
                          args: [--port=9898]
                          env: [{name: B, value: "2"}, {name: A, value: "1"}]
                          ports: [{containerPort: 9898, name: http-web}]
                """),
            [Render(deployment.Root)]);
    }

    [Fact]
    public void PatchTargets_SelectByLabelAndNamePattern_AndATargetedPatchNeverRenames()
    {
        var fixture = WithBase()
            .With("/repo/base/worker.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: worker}\nspec: {replicas: 1}\n")
            .With("/repo/base/kustomization.yaml", "resources: [deployment.yaml, canary.yaml, worker.yaml]\n")
            .With(
                "/repo/overlays/prod/kustomization.yaml",
                """
                resources: [../../base]
                patches:
                  - target: {kind: Deployment, labelSelector: "tier in (web,api)"}
                    patch: |-
                      - op: add
                        path: /metadata/annotations
                        value: {patched: "yes"}
                  - target: {kind: Can.*, name: "pod.*"}
                    patch: |-
                      apiVersion: flagger.app/v1beta1
                      kind: Canary
                      metadata: {name: ignored}
                      spec: {analysis: {threshold: 10}}
                """);

        var build = Assert.Single(fixture.Build().Builds);

        Assert.Equal(["podinfo", "podinfo", "worker"], build.Resources.Select(r => r.Name));
        Assert.Equal("{patched: \"yes\"}", Render(build.Resources[0].Root.At("metadata", "annotations")!));
        Assert.Null(build.Resources[2].Root.At("metadata", "annotations"));
        Assert.Equal("10", Render(build.Resources[1].Root.At("spec", "analysis", "threshold")!));

        // An inline patch's nodes point at their own lines inside the block, a JSON patch's values as much.
        Assert.Equal("/repo/overlays/prod/kustomization.yaml(13,25)", Where(build.Resources[1], "spec", "analysis", "threshold"));
        Assert.Equal("/repo/overlays/prod/kustomization.yaml(7,17)", Where(build.Resources[0], "metadata", "annotations", "patched"));
    }

    [Theory]
    [InlineData("    patch: \"apiVersion: flagger.app/v1beta1\\nkind: Canary\\nmetadata: {name: podinfo}\\nspec: {analysis: {threshold: 10}}\"\n")]
    [InlineData("    patch: >-\n      apiVersion: flagger.app/v1beta1\n\n      kind: Canary\n\n      metadata: {name: podinfo}\n\n      spec: {analysis: {threshold: 10}}\n")]
    public void AQuotedOrFoldedInlinePatch_PointsAtThePatchKey(string patch)
    {
        var fixture = WithBase().With("/repo/overlays/prod/kustomization.yaml", "resources: [../../base]\npatches:\n  - target: {kind: Canary}\n" + patch);

        var canary = Assert.Single(fixture.Build().Builds).Resources.Single(r => r.Kind == "Canary");

        Assert.Equal("10", Render(canary.Root.At("spec", "analysis", "threshold")!));
        Assert.Equal("/repo/overlays/prod/kustomization.yaml(4,5)", Where(canary, "spec", "analysis", "threshold"));
    }

    [Fact]
    public void JsonPatches_AddRemoveReplaceMoveCopyAndTest()
    {
        var fixture = WithBase()
            .With("/repo/overlays/prod/kustomization.yaml", "resources: [../../base]\npatchesJson6902:\n  - target: {group: apps, version: v1, kind: Deployment, name: podinfo}\n    path: ops.yaml\n")
            .With(
                "/repo/overlays/prod/ops.yaml",
                """
                - {op: replace, path: /spec/replicas, value: 3}
                - {op: add, path: /spec/template/spec/containers/0/args/-, value: --level=debug}
                - {op: add, path: /spec/template/spec/containers/0/args/0, value: --first}
                - {op: remove, path: /spec/template/spec/containers/1}
                - {op: copy, from: /metadata/labels, path: /spec/template/metadata/labels}
                - {op: move, from: /spec/minReadySeconds, path: /spec/progressDeadlineSeconds}
                - {op: add, path: /metadata/labels/app~1name, value: podinfo}
                - {op: test, path: /spec/replicas, value: 3}
                """);

        var deployment = Assert.Single(fixture.Build().Builds).Resources[0];

        Assert.Equal(
            Expected(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: podinfo, labels: {tier: web, app/name: podinfo}}
                spec:
                  replicas: 3
                  progressDeadlineSeconds: 5
                  selector: {matchLabels: {app: podinfo}}
                  template:
                    metadata: {labels: {tier: web}}
                    spec:
                      containers:
                        - name: podinfo
                          image: podinfo:6.0.0
                          args: [--first, --port=9898, --level=debug]
                          env: [{name: A, value: "1"}]
                          ports: [{containerPort: 9898, name: http}]
                """),
            [Render(deployment.Root)]);
        Assert.Equal("/repo/overlays/prod/ops.yaml(1,39)", Where(deployment, "spec", "replicas"));
    }

    [Fact]
    public void NamePrefixAndSuffix_RenameObjectsAndTheAutoscalersReference_NotACanarysTargetRef()
    {
        var fixture = new KustomizeFixture()
            .With(
                "/repo/base/all.yaml",
                """
                apiVersion: v1
                kind: Namespace
                metadata: {name: apps}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: podinfo}
                ---
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: podinfo}
                spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}}
                ---
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata: {name: podinfo}
                spec: {targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}}
                """)
            .With("/repo/base/kustomization.yaml", "resources: [all.yaml]\n")
            .With("/repo/overlays/prod/kustomization.yaml", "namePrefix: prod-\nnameSuffix: -v2\nresources: [../../base]\npatches:\n  - patch: |-\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata: {name: podinfo}\n      spec: {replicas: 2}\n");

        var build = Assert.Single(fixture.Build().Builds);

        Assert.Equal(["apps", "prod-podinfo-v2", "prod-podinfo-v2", "prod-podinfo-v2"], build.Resources.Select(r => r.Name));
        Assert.Equal("\"prod-podinfo-v2\"", Render(build.Resources[2].Root.At("spec", "scaleTargetRef", "name")!));
        Assert.Equal("\"podinfo\"", Render(build.Resources[3].Root.At("spec", "targetRef", "name")!));
        Assert.Equal("2", Render(build.Resources[1].Root.At("spec", "replicas")!));
    }

    [Fact]
    public void Labels_GoToSelectorsAndTemplatesOnlyWhereKustomizePutsThem_AndAnnotationsToTemplates()
    {
        var fixture = new KustomizeFixture()
            .With(
                "/repo/app/all.yaml",
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  selector: {matchLabels: {app: web}}
                  template: {metadata: {labels: {app: web}}}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec: {selector: {app: web}}
                """)
            .With(
                "/repo/app/kustomization.yaml",
                """
                resources: [all.yaml]
                commonLabels: {team: a}
                labels:
                  - pairs: {env: prod}
                  - pairs: {tier: web}
                    includeTemplates: true
                commonAnnotations: {owner: x, on: true}
                """);

        var build = Assert.Single(fixture.Build().Builds);

        Assert.Equal(
            Expected(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, labels: {team: a, env: prod, tier: web}, annotations: {owner: x, "on": "true"}}
                spec:
                  selector: {matchLabels: {app: web, team: a}}
                  template: {metadata: {labels: {app: web, team: a, tier: web}, annotations: {owner: x, "on": "true"}}}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web, labels: {team: a, env: prod, tier: web}, annotations: {owner: x, "on": "true"}}
                spec: {selector: {app: web, team: a}}
                """),
            Objects(build));
        Assert.Equal("/repo/app/kustomization.yaml(2,16)", Where(build.Resources[1], "spec", "selector", "team"));
    }

    [Fact]
    public void AComponent_AddsItsResources_AndPatchesTheObjectsOfTheKustomizationThatListsIt()
    {
        var fixture = WithBase()
            .With("/repo/components/loadtest/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [loadtester.yaml]\npatches:\n  - path: webhook.yaml\n    target: {kind: Canary}\n")
            .With("/repo/components/loadtest/loadtester.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: flagger-loadtester}\n")
            .With("/repo/components/loadtest/webhook.yaml", "apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata: {name: any}\nspec:\n  analysis:\n    webhooks:\n      - {name: acceptance, type: pre-rollout, url: \"http://x/\"}\n")
            .With("/repo/overlays/prod/kustomization.yaml", "namespace: prod\nresources: [../../base]\ncomponents: [../../components/loadtest]\n");

        var result = fixture.Build();

        var build = Assert.Single(result.Builds);
        Assert.Equal(["Deployment prod/podinfo", "Canary prod/podinfo", "Service prod/flagger-loadtester"], build.Resources.Select(r => $"{r.Kind} {r.DisplayName}"));
        Assert.Equal(["acceptance", "load-test"], ((SequenceNode)build.Resources[1].Root.At("spec", "analysis", "webhooks")!).Items.Select(w => ((MappingNode)w).String("name")));
        Assert.True(result.IsConsumed(fixture.Linted("/repo/components")[2]));
    }

    [Fact]
    public void Replicas_SetTheCountOfTheNamedWorkload()
    {
        var fixture = WithBase().With("/repo/overlays/prod/kustomization.yaml", "resources: [../../base]\nreplicas:\n  - {name: podinfo, count: 4}\n");

        var deployment = Assert.Single(fixture.Build().Builds).Resources[0];

        Assert.Equal("4", Render(deployment.Root.At("spec", "replicas")!));
        Assert.Null(Assert.Single(fixture.Build().Builds).Resources[1].Root.At("spec", "replicas"));
    }

    [Fact]
    public void ARemoteBaseAndAGenerator_AreReportedAsNotBuilt_AndTheBuildIsIncomplete()
    {
        var fixture = WithBase().With(
            "/repo/overlays/prod/kustomization.yaml",
            "resources:\n  - ../../base\n  - https://github.com/fluxcd/flagger//kustomize/tester?ref=v1.44.0\nconfigMapGenerator:\n  - name: settings\n");

        var result = fixture.Build();

        var build = Assert.Single(result.Builds);
        Assert.False(build.IsComplete);
        Assert.Equal(2, build.Resources.Count);
        Assert.Equal([("CG0011", 3, 5), ("CG0011", 4, 1)], result.Problems.Select(p => (p.Descriptor.Id, p.Span!.Value.StartLine, p.Span.Value.StartColumn)));
        Assert.StartsWith("the remote base https://github.com/fluxcd/flagger//kustomize/tester?ref=v1.44.0 is not fetched", result.Problems[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("/repo/overlays/prod/kustomization.yaml: configMapGenerator (generated ConfigMaps) are not built", result.Problems[1].Message, StringComparison.Ordinal);
        Assert.All(result.Problems, p => Assert.Equal(DiagnosticSeverity.Info, p.Descriptor.DefaultSeverity));
    }

    [Fact]
    public void AMissingResource_FailsTheBuild_WhoseResourcesAreThenLintedOnTheirOwn_ButNotItsPatches()
    {
        var fixture = WithBase()
            .With("/repo/overlays/prod/kustomization.yaml", "patches:\n  - path: patch.yaml\nresources:\n  - ../../base\n  - missing.yaml\n")
            .With("/repo/overlays/prod/patch.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: podinfo}\nspec: {replicas: 1}\n");

        var result = fixture.Build();

        Assert.Empty(result.Builds);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(("CG0010", "/repo/overlays/prod/kustomization.yaml", 5, 5), (problem.Descriptor.Id, problem.File, problem.Span!.Value.StartLine, problem.Span.Value.StartColumn));
        Assert.Contains("resource missing.yaml does not exist", problem.Message, StringComparison.Ordinal);
        Assert.False(result.IsConsumed(fixture.Linted("/repo/base")[0]));
        Assert.True(result.IsConsumed(fixture.Linted("/repo/overlays")[1]));
    }

    [Fact]
    public void APatchThatMatchesNoObject_FailsTheBuildWhereThePatchIs()
    {
        var fixture = WithBase()
            .With("/repo/overlays/prod/kustomization.yaml", "resources: [../../base]\npatches:\n  - path: patch.yaml\n")
            .With("/repo/overlays/prod/patch.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: podinfo, namespace: other}\nspec: {replicas: 1}\n");

        var problem = Assert.Single(fixture.Build().Problems);

        Assert.Equal(("CG0010", "/repo/overlays/prod/patch.yaml", 1, 1), (problem.Descriptor.Id, problem.File, problem.Span!.Value.StartLine, problem.Span.Value.StartColumn));
        Assert.Contains("matches no object", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AKustomizationThatIncludesItself_FailsInsteadOfRecursing()
    {
        var fixture = new KustomizeFixture()
            .With("/repo/a/kustomization.yaml", "resources: [../b]\n")
            .With("/repo/b/kustomization.yaml", "resources: [../c]\n")
            .With("/repo/c/kustomization.yaml", "resources: [../b]\n");

        var problem = Assert.Single(fixture.Build().Problems);

        Assert.Contains("includes itself", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AKustomizationBesideALintedPatch_IsFoundWithoutBeingLinted_AndABaseOutsideTheLintedFolderIsRead()
    {
        var fixture = WithBase()
            .With("/repo/overlays/prod/Kustomization", "resources: [../../base]\npatches: [{path: patch.yaml}]\n")
            .With("/repo/overlays/prod/patch.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: podinfo}\nspec: {replicas: 1}\n");

        var result = fixture.Build("/repo/overlays");

        var build = Assert.Single(result.Builds);
        Assert.Equal("1", Render(build.Resources[0].Root.At("spec", "replicas")!));
        Assert.True(result.IsConsumed(Assert.Single(fixture.Linted("/repo/overlays"))));
        Assert.Contains("/repo/base/deployment.yaml", result.FilesRead.Select(f => f.Path));
    }

    [Fact]
    public void AComponentLintedOnItsOwn_BuildsNothing_AndItsPatchIsStillNoObject()
    {
        var fixture = new KustomizeFixture()
            .With("/repo/components/loadtest/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: webhook.yaml\n")
            .With("/repo/components/loadtest/webhook.yaml", "apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata: {name: any}\n");

        var result = fixture.Build();

        Assert.Empty(result.Builds);
        Assert.Empty(result.Problems);
        Assert.All(fixture.Linted(), file => Assert.True(result.IsConsumed(file), file.Path));
    }

    [Fact]
    public void AFluxKustomizationInAFileNamedKustomization_IsAnOrdinaryManifest()
    {
        var fixture = new KustomizeFixture()
            .With("/repo/clusters/kustomization.yaml", "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps}\nspec: {path: ./apps}\n");

        var result = fixture.Build();

        Assert.Empty(result.Builds);
        Assert.False(result.IsConsumed(Assert.Single(fixture.Linted())));
    }
}
