using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryGuard.Rules.Fixes;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Webhook.Canaries;
using CanaryGuard.Webhook.Tests.Kubernetes;

namespace CanaryGuard.Webhook.Tests.Canaries;

/// <summary>The Canary that <c>lint --fix</c> writes for CG4001 has the spec the webhook generates.</summary>
public sealed class LinterCanaryParityTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("http://flagger-loadtester.test/")]
    public void RenderedCanary_HasTheSpecOfTheGeneratedOne(string? loadTester)
    {
        var policy = CanaryGuardPolicy.Default with { CanaryTemplate = new CanaryTemplatePolicy { Interval = TimeSpan.FromSeconds(30), LoadTester = loadTester } };
        var deployment = JsonDocument.Parse(ApiObjects.Deployment("shop", "web", ports: [("http", 8080)])).RootElement;
        var generated = CanaryBuilder.Build(deployment, policy).Canary!;

        var yaml = CanaryYaml.Render(new CanaryTarget("apps/v1", "Deployment", "web", "shop", 8080), policy.CanaryTemplate, policy.MeshProvider, "\n");
        var rendered = (MappingNode)YamlManifestReader.Read("web.canary.yaml", yaml).Documents[0].Root!;

        var expected = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Flatten(generated["spec"], "spec", expected);
        var actual = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Flatten(rendered["spec"], actual);
        Assert.Equal(expected, actual);
        Assert.Equal("web", rendered.Mapping("metadata")?.String("name"));
        Assert.Equal("shop", rendered.Mapping("metadata")?.String("namespace"));
    }

    private static void Flatten(JsonNode? node, string path, IDictionary<string, string> map)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    Flatten(value, ManifestNode.ChildPath(path, key), map);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Flatten(array[i], ManifestNode.ItemPath(path, i), map);
                }

                break;
            default:
                map[path] = node!.ToJsonString().Trim('"');
                break;
        }
    }

    private static void Flatten(ManifestNode? node, IDictionary<string, string> map)
    {
        switch (node)
        {
            case MappingNode mapping:
                foreach (var entry in mapping.Entries)
                {
                    Flatten(entry.Value, map);
                }

                break;
            case SequenceNode sequence:
                foreach (var item in sequence.Items)
                {
                    Flatten(item, map);
                }

                break;
            case ScalarNode scalar:
                map[scalar.Path] = scalar.Value;
                break;
            default:
                break;
        }
    }
}
