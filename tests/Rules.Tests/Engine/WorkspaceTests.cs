using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Rules.Tests.Engine;

public sealed class WorkspaceTests
{
    [Fact]
    public void ListBy_BuildsEachIndexOnce_AndKeepsTheListOrder()
    {
        var workspace = new Workspace([YamlManifestReader.Read("apps.yaml", Deployments(200, "shop"))], "default", isComplete: true);
        var keysRead = 0;
        var byTeam = new ResourceIndex("metadata.labels.team", r =>
        {
            Interlocked.Increment(ref keysRead);
            return r.Metadata?.Mapping("labels")?.String("team");
        });

        for (var i = 0; i < 50; i++)
        {
            var odd = workspace.ListBy("apps", "Deployment", "shop", byTeam, "odd");
            Assert.Equal(Enumerable.Range(0, 100).Select(n => $"app-{(2 * n) + 1}"), odd.Select(r => r.Name));
        }

        Assert.Equal(200, keysRead);

        // Same name, same index: a second instance made by another rule reuses the first one's index.
        var again = new ResourceIndex("metadata.labels.team", _ => throw new InvalidOperationException("must not rebuild"));
        Assert.Equal(100, workspace.ListBy("apps", "Deployment", "shop", again, "even").Count);
        Assert.Empty(workspace.ListBy("apps", "Deployment", "shop", again, "none"));
        Assert.Empty(workspace.ListBy("apps", "Deployment", "elsewhere", again, "even"));
    }

    [Fact]
    public void Find_ReturnsTheFirstDefinition_InItsNamespaceOnly()
    {
        var first = YamlManifestReader.Read("a.yaml", Deployments(3, "shop"));
        var second = YamlManifestReader.Read("b.yaml", Deployments(3, "shop"));
        var workspace = new Workspace([first, second], "default", isComplete: false);

        Assert.Same(first, workspace.Find("apps", "Deployment", "shop", "app-2")!.File);
        Assert.Null(workspace.Find("apps", "Deployment", "default", "app-2"));
        Assert.Null(workspace.Find("apps", "Deployment", "shop", "app-3"));
        Assert.Null(workspace.Find("", "Deployment", "shop", "app-2"));
        Assert.Same(workspace.ResourcesOf(1)[2], workspace.List("apps", "Deployment", "shop")[5]);
    }

    [Fact]
    public void TheDefaultListBy_FiltersTheListInOrder()
    {
        IResourceLookup lookup = new ListOnlyLookup(new Workspace([YamlManifestReader.Read("apps.yaml", Deployments(6, "shop"))], "default", isComplete: true));
        var byTeam = new ResourceIndex("metadata.labels.team", r => r.Metadata?.Mapping("labels")?.String("team"));
        Assert.Equal(["app-0", "app-2", "app-4"], lookup.ListBy("apps", "Deployment", "shop", byTeam, "even").Select(r => r.Name));
    }

    /// <summary>
    /// A namespace holding every application (common in small clusters) must not make the cross-resource rules
    /// quadratic: what the rules read through the look-up stays proportional to the resources, not their square.
    /// </summary>
    [Fact]
    public void OneLargeNamespace_RulesReadALinearNumberOfResources()
    {
        const int apps = 300;
        var text = string.Join("---\n", Enumerable.Range(0, apps).Select(App));
        var file = YamlManifestReader.Read("apps.yaml", text);
        var counting = new CountingLookup(new Workspace([file], "default", isComplete: true));
        var result = AnalysisEngine.CreateDefault().Analyze([file], new AnalysisOptions { PolicyFor = _ => CanaryGuardPolicy.Default, Lookup = counting });

        Assert.Equal(apps * 3, result.ResourceCount);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id is "CG0007" or "CG2001" or "CG4001");
        Assert.InRange(counting.ResourcesReturned, apps, 20 * apps);
    }

    private static string Deployments(int count, string ns) => string.Join("---\n", Enumerable.Range(0, count).Select(i => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: app-{i}
          namespace: {ns}
          labels:
            team: {(i % 2 == 0 ? "even" : "odd")}
        spec:
          selector:
            matchLabels:
              app: app-{i}

        """));

    private static string App(int i) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: app-{i}
          namespace: shop
        spec:
          selector:
            matchLabels:
              app: app-{i}
          template:
            metadata:
              labels:
                app: app-{i}
            spec:
              containers:
                - name: app
                  image: app:1
                  ports:
                    - name: http
                      containerPort: 8080
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: app-{i}
          namespace: shop
        spec:
          selector:
            app: app-{i}
          ports:
            - name: http
              port: 80
              targetPort: 8080
        ---
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata:
          name: app-{i}
          namespace: shop
        spec:
          targetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: app-{i}
          service:
            port: 80
            targetPort: 8080
          analysis:
            interval: 1m
            threshold: 5
            maxWeight: 50
            stepWeight: 10

        """;

    /// <summary>A look-up without indexes: only Find and List, as a cluster look-up or a test double may be.</summary>
    private sealed class ListOnlyLookup(Workspace inner) : IResourceLookup
    {
        public bool ProvesAbsence(ObjectReference reference) => inner.ProvesAbsence(reference);

        public string AbsenceCaveat => inner.AbsenceCaveat;

        public KubernetesResource? Find(string group, string kind, string @namespace, string name) => inner.Find(group, kind, @namespace, name);

        public IReadOnlyList<KubernetesResource> List(string group, string kind, string? @namespace) => inner.List(group, kind, @namespace);
    }

    /// <summary>Counts how many resources the rules were handed by every kind of look-up.</summary>
    private sealed class CountingLookup(Workspace inner) : IResourceLookup
    {
        private int returned;

        public int ResourcesReturned => returned;

        public bool ProvesAbsence(ObjectReference reference) => inner.ProvesAbsence(reference);

        public string AbsenceCaveat => inner.AbsenceCaveat;

        public KubernetesResource? Find(string group, string kind, string @namespace, string name)
        {
            Interlocked.Increment(ref returned);
            return inner.Find(group, kind, @namespace, name);
        }

        public IReadOnlyList<KubernetesResource> List(string group, string kind, string? @namespace) => Count(inner.List(group, kind, @namespace));

        public IReadOnlyList<KubernetesResource> ListBy(string group, string kind, string? @namespace, ResourceIndex index, string key) =>
            Count(inner.ListBy(group, kind, @namespace, index, key));

        private IReadOnlyList<KubernetesResource> Count(IReadOnlyList<KubernetesResource> resources)
        {
            Interlocked.Add(ref returned, resources.Count);
            return resources;
        }
    }
}
