using CanaryGuard.Cluster;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Webhook.Tests.Deploy;

/// <summary>
/// What the rules read, what the webhook fetches and what deploy/manifests/base/rbac.yaml grants must agree: a kind
/// a rule declares but the client cannot fetch, or the ServiceAccount may not read, is never in the cluster context.
/// </summary>
public sealed class RbacTests
{
    private static string RbacPath => Path.Combine(RenderedManifests.ManifestsFolder, "base", "rbac.yaml");

    [Fact]
    public void Every_kind_a_rule_declares_is_fetchable_by_the_client_or_deliberately_not_fetched()
    {
        var unaccounted = AnalysisEngine.CreateDefault().Inputs
            .Where(kind => KubernetesResourceType.For(kind) is null && !ClusterContext.NotFetched.ContainsKey(kind))
            .Select(kind => kind.ToString())
            .ToList();

        Assert.Empty(unaccounted);
        Assert.All(ClusterContext.NotFetched.Keys, kind => Assert.Null(KubernetesResourceType.For(kind)));
    }

    [Fact]
    public void Every_collection_the_client_reads_is_granted_get_and_list()
    {
        Assert.Empty(MissingGrants(File.ReadAllText(RbacPath)));
    }

    [Theory]
    [InlineData("  - apiGroups: [\"keda.sh\"]\n    resources: [\"scaledobjects\"]\n    verbs: [\"get\", \"list\", \"watch\"]\n", "", "keda.sh/scaledobjects")]
    [InlineData("resources: [\"deployments\", \"daemonsets\"]", "resources: [\"deployments\"]", "apps/daemonsets")]
    [InlineData("resources: [\"services\", \"namespaces\"]\n    verbs: [\"get\", \"list\", \"watch\"]", "resources: [\"services\", \"namespaces\"]\n    verbs: [\"get\", \"watch\"]", "/services, /namespaces")]
    public void The_check_fails_when_a_grant_is_removed_from_rbac_yaml(string granted, string removed, string reported)
    {
        var text = File.ReadAllText(RbacPath);
        Assert.Contains(granted, text, StringComparison.Ordinal);

        Assert.Equal(reported, string.Join(", ", MissingGrants(text.Replace(granted, removed, StringComparison.Ordinal))));
    }

    [Fact]
    public void The_kinds_flagger_supports_beyond_deployments_and_hpas_are_fetched()
    {
        Assert.Contains(KubernetesResourceType.DaemonSets, AnalysisEngine.CreateDefault().Inputs.Select(KubernetesResourceType.For));
        Assert.Contains(KubernetesResourceType.ScaledObjects, AnalysisEngine.CreateDefault().Inputs.Select(KubernetesResourceType.For));
    }

    [Fact]
    public void The_background_audit_may_read_create_and_replace_its_reports_and_nothing_more()
    {
        var granted = Grants(File.ReadAllText(RbacPath));

        foreach (var type in new[] { KubernetesResourceType.PolicyReports, KubernetesResourceType.OpenReports })
        {
            Assert.Equal(["create", "get", "update"], granted.Where(g => g.Group == type.Group && g.Resource == type.Plural).Select(g => g.Verb).Order(StringComparer.Ordinal));
        }
    }

    /// <summary>The client's collections (<c>group/plural</c>) the ClusterRole <c>canaryguard</c> does not let it get and list.</summary>
    private static List<string> MissingGrants(string rbacYaml)
    {
        var granted = Grants(rbacYaml);
        return [.. KubernetesResourceType.All
            .Where(type => !granted.Contains((type.Group, type.Plural, "get")) || !granted.Contains((type.Group, type.Plural, "list")))
            .Select(type => $"{type.Group}/{type.Plural}")];
    }

    /// <summary>Every (apiGroup, resource, verb) the ClusterRole <c>canaryguard</c> grants.</summary>
    private static HashSet<(string Group, string Resource, string Verb)> Grants(string rbacYaml)
    {
        var file = YamlManifestReader.Read("rbac.yaml", rbacYaml);
        Assert.Empty(file.Problems);
        var role = Assert.Single(KubernetesResource.FromFile(file), r => r.Kind == "ClusterRole" && r.Name == "canaryguard");
        return role.Root.Seq("rules")
            .SelectMany(rule => from g in rule.Strings("apiGroups") from r in rule.Strings("resources") from v in rule.Strings("verbs") select (g, r, v))
            .ToHashSet();
    }
}
