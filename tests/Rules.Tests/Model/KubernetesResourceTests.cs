using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Rules.Input;
using CanaryGuard.Rules.Tests.Infrastructure;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Tests.Model;

public sealed class KubernetesResourceTests
{
    [Fact]
    public void AView_IsMadeOnce_AndItsListsWithIt()
    {
        var canary = Resources(Yaml.Canary("    interval: 1m\n" + Yaml.SafeChecks)).Single();

        var first = CanaryView.From(canary)!;
        var second = CanaryView.From(canary)!;

        Assert.Same(first, second);
        Assert.Same(first.Analysis!.Metrics, second.Analysis!.Metrics);
        Assert.NotEmpty(first.Analysis.Metrics);
        Assert.Null(DeploymentView.From(canary));
        Assert.Same(first, CanaryView.From(canary));
    }

    [Fact]
    public void TheSchemaCheck_IsMadeOnce_BesideTheView()
    {
        var canary = Resources(Yaml.Canary("    interval: 1m\n    stepweight: 10\n" + Yaml.SafeChecks)).Single();
        var view = CanaryView.From(canary);

        var problems = SchemaValidator.ProblemsOf(canary);

        Assert.Same(problems, SchemaValidator.ProblemsOf(canary));
        Assert.Same(view, CanaryView.From(canary));
        Assert.Contains(problems, p => p.Kind == SchemaProblemKind.UnknownField && p.Node.Path == "spec.analysis.stepweight");
    }

    [Fact]
    public void Group_IsTheApiVersionBeforeTheSlash_AndEmptyForTheCoreGroup()
    {
        var resources = Resources("apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: b}\n");

        Assert.Equal(["", "apps"], resources.Select(r => r.Group));
        Assert.True(resources[1].Is("apps", "Deployment"));
        Assert.False(resources[0].Is("apps", "Service"));
    }

    private static List<KubernetesResource> Resources(string yaml) => [.. KubernetesResource.FromFile(YamlManifestReader.Read("f.yaml", yaml))];
}
