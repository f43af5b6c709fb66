using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Rules.Input;
using CanaryGuard.Rules.Views;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Rules.Tests.Engine;

/// <summary>
/// A rule's <see cref="AnalysisRule.Inputs"/> is what the webhook fetches: a rule looking up a kind it did not
/// declare would find nothing in the cluster. Each rule runs alone over manifests that give every look-up something
/// to find, and every kind it asked for must be declared.
/// </summary>
public sealed class RuleInputsTests
{
    private const string Application = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop, labels: {istio-injection: enabled, canaryguard.io/canary: enabled}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop, labels: {tier: web}}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
                - name: web
                  image: web:1
                  ports: [{name: http, containerPort: 8080}]
                  envFrom: [{configMapRef: {name: web-config}}, {secretRef: {name: web-secret}}]
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent, namespace: shop}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: agent, image: agent:1}]}
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: web, namespace: shop}
        spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}, minReplicas: 2, maxReplicas: 4}
        ---
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata: {name: agent, namespace: shop}
        spec: {scaleTargetRef: {name: agent}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec: {selector: {app: web}, ports: [{port: 80}]}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: web-config-primary, namespace: shop}
        ---
        apiVersion: flagger.app/v1beta1
        kind: MetricTemplate
        metadata: {name: errors, namespace: shop}
        spec: {provider: {type: prometheus, address: "http://prometheus:9090"}, query: "sum(rate(x{pod=~'{{ target }}'}[1m]))"}
        ---
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata: {name: web, namespace: shop}
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          autoscalerRef: {apiVersion: keda.sh/v1alpha1, kind: ScaledObject, name: agent}
          service: {port: 80, targetPort: http}
          analysis:
            interval: 1m
            threshold: 5
            maxWeight: 50
            stepWeight: 10
            metrics:
              - {name: errors, templateRef: {name: errors}, thresholdRange: {max: 1}}
              - {name: elsewhere, templateRef: {name: latency, namespace: monitoring}, thresholdRange: {max: 1}}
        ---
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata: {name: agent, namespace: shop}
        spec:
          targetRef: {apiVersion: apps/v1, kind: DaemonSet, name: agent}
          autoscalerRef: {apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, name: web}
          service: {port: 80}
          analysis: {interval: 1m, threshold: 5, maxWeight: 50, stepWeight: 10}
        """;

    public static TheoryData<string> Rules => [.. RuleCatalog.All.Select(r => r.GetType().Name)];

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_rule_looks_up_only_the_kinds_it_declares(string ruleName)
    {
        var rule = RuleCatalog.All.Single(r => r.GetType().Name == ruleName);
        if (rule is DuplicateObjectRule)
        {
            // CG0009 compares the linted files with each other, by any kind; the cluster cannot hold an object twice,
            // so the rule never runs on an object read from an admission review and has nothing to fetch.
            Assert.False(rule.AppliesTo(AdmissionObject("""{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "shop"}}""")));
            return;
        }

        var files = ManifestsThatGiveEveryLookUpSomethingToFind();
        var recording = new RecordingLookup(new Workspace(files, "default", isComplete: true));

        new AnalysisEngine([rule]).Analyze(files, new AnalysisOptions { PolicyFor = _ => CanaryGuardPolicy.Default, Lookup = recording, Parallel = false });

        var declared = rule.Inputs.Select(k => (k.Group, k.Kind)).ToHashSet();
        Assert.All(recording.Asked, asked => Assert.Contains(asked, declared));
    }

    private static KubernetesResource AdmissionObject(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var root = (MappingNode)JsonManifestReader.Read(document.RootElement);
        var file = new ManifestFile("admission:Service/shop/web", [new ManifestDocument(0, root, null)], [], []);
        return KubernetesResource.FromRoot(file, root).Single();
    }

    [Fact]
    public void The_look_ups_of_the_rule_set_are_the_union_of_what_the_rules_declare()
    {
        var engine = AnalysisEngine.CreateDefault();

        Assert.Equal(RuleCatalog.All.SelectMany(r => r.Inputs).ToHashSet(), engine.Inputs.ToHashSet());
        Assert.Contains(ReadKinds.DaemonSet, engine.Inputs);
        Assert.Contains(ReadKinds.ScaledObject, engine.Inputs);
    }

    [Fact]
    public void The_inputs_for_a_resource_are_those_of_the_enabled_rules_that_apply_to_it()
    {
        var engine = AnalysisEngine.CreateDefault();
        var service = KubernetesResource.FromFile(YamlManifestReader.Read("s.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: web}\n")).Single();
        var canary = KubernetesResource.FromFile(ManifestsThatGiveEveryLookUpSomethingToFind()[0]).First(r => r.Kind == "Canary");
        var withoutAutoscalerWiring = CanaryGuardPolicy.Default with { RuleSeverities = new Dictionary<string, DiagnosticSeverity> { ["CG2006"] = DiagnosticSeverity.None } };

        Assert.Empty(engine.InputsFor(service, CanaryGuardPolicy.Default));
        Assert.Contains(ReadKinds.ScaledObject, engine.InputsFor(canary, CanaryGuardPolicy.Default));
        Assert.DoesNotContain(ReadKinds.ScaledObject, engine.InputsFor(canary, withoutAutoscalerWiring));
    }

    private static List<ManifestFile> ManifestsThatGiveEveryLookUpSomethingToFind() =>
        [
            YamlManifestReader.Read("application.yaml", Application),
            .. Directory.EnumerateFiles(RepositoryRoot.Combine("examples"), "*.yaml", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
                .Select(path => YamlManifestReader.Read(path, File.ReadAllText(path))),
        ];

    private sealed class RecordingLookup(Workspace inner) : IResourceLookup
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Group, string Kind), bool> asked = new();

        public IEnumerable<(string Group, string Kind)> Asked => asked.Keys;

        public string AbsenceCaveat => inner.AbsenceCaveat;

        public bool ProvesAbsence(ObjectReference reference) => Record(reference.Group, reference.Kind, inner.ProvesAbsence(reference));

        public KubernetesResource? Find(string group, string kind, string @namespace, string name) =>
            Record(group, kind, inner.Find(group, kind, @namespace, name));

        public IReadOnlyList<KubernetesResource> List(string group, string kind, string? @namespace) =>
            Record(group, kind, inner.List(group, kind, @namespace));

        public IReadOnlyList<KubernetesResource> ListBy(string group, string kind, string? @namespace, ResourceIndex index, string key) =>
            Record(group, kind, inner.ListBy(group, kind, @namespace, index, key));

        private T Record<T>(string group, string kind, T answer)
        {
            asked[(group, kind)] = true;
            return answer;
        }
    }
}
