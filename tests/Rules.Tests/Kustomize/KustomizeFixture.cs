using System.Globalization;
using CanaryGuard.Rules.Kustomize;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Tests.Kustomize;

/// <summary>A repository held in memory (full path to text) that kustomize builds read through <see cref="IKustomizeSource"/>.</summary>
internal sealed class KustomizeFixture : IKustomizeSource
{
    private readonly Dictionary<string, string> texts = new(StringComparer.Ordinal);

    public List<string> Reads { get; } = [];

    public KustomizeFixture With(string path, string text)
    {
        texts[path] = text;
        return this;
    }

    public ManifestFile? ReadFile(string fullPath)
    {
        Reads.Add(fullPath);
        return texts.TryGetValue(fullPath, out var text) ? YamlManifestReader.Read(fullPath, text) : null;
    }

    public bool DirectoryExists(string fullPath) => texts.Keys.Any(path => path.StartsWith(fullPath + "/", StringComparison.Ordinal));

    /// <summary>The files under <paramref name="folder"/>, as a lint of that folder parses them.</summary>
    public IReadOnlyList<ManifestFile> Linted(string folder = "/repo") =>
        [.. texts.Where(t => t.Key.StartsWith(folder + "/", StringComparison.Ordinal) && Path.GetExtension(t.Key) is ".yaml" or ".yml").OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => YamlManifestReader.Read(t.Key, t.Value))];

    public KustomizeResult Build(string folder = "/repo") => KustomizeBuilder.Build(Linted(folder), this);

    /// <summary>
    /// An object as data, for comparison with what <c>kustomize build</c> prints: mapping keys sorted (their order is
    /// no part of the meaning), list order kept, strings quoted, other scalars as written.
    /// </summary>
    public static string Render(ManifestNode node) => node switch
    {
        MappingNode mapping => "{" + string.Join(", ", mapping.Entries.OrderBy(e => e.KeyText, StringComparer.Ordinal).Select(e => $"{e.KeyText}: {Render(e.Value)}")) + "}",
        SequenceNode sequence => "[" + string.Join(", ", sequence.Items.Select(Render)) + "]",
        ScalarNode { Kind: ScalarKind.String } scalar => "\"" + scalar.Value + "\"",
        ScalarNode scalar => scalar.Value,
        _ => throw new ArgumentException("unknown node", nameof(node)),
    };

    /// <summary>Every built object of every build, rendered, in build order.</summary>
    public static IReadOnlyList<string> Objects(KustomizeBuild build) => [.. build.Resources.Select(r => Render(r.Root))];

    /// <summary>The objects of a hand-written <c>kustomize build</c> output, rendered the same way.</summary>
    public static IReadOnlyList<string> Expected(string yaml) =>
        [.. YamlManifestReader.Read("expected.yaml", yaml).Documents.Select(d => Render(d.Root!))];

    /// <summary>Where a node of a built object stands, as "file(line,col)" of its key (or value).</summary>
    public static string Where(KubernetesResource resource, params string[] path)
    {
        ManifestNode node = resource.Root;
        foreach (var step in path)
        {
            node = int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                ? ((SequenceNode)node).Items[index]
                : ((MappingNode)node)[step] ?? throw new KeyNotFoundException(step);
        }

        var location = node.Location!.Value;
        return $"{location.File}({location.StartLine},{location.StartColumn})";
    }
}
