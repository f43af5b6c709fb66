using System.Text;
using CanaryGuard.Linter.Lsp;
using CanaryGuard.Linter.Tests.Reports;
using CanaryGuard.Rules.Model;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests.Lsp;

/// <summary>
/// The field descriptions embedded for hover and completion (src/Linter/Lsp/flagger-fields.tsv) are those of Flagger's
/// CRD, and every one of them names a field of the schema the rules validate with. CANARYGUARD_UPDATE_GOLDEN=1
/// regenerates the file from ../shared/flagger/crd.yaml.
/// </summary>
public sealed class FlaggerFieldDocsTests
{
    private static readonly string EmbeddedFile = RepositoryRoot.Combine("src", "Linter", "Lsp", "flagger-fields.tsv");

    [SharedDataFact]
    public void TheEmbeddedDescriptions_AreTheCrds()
    {
        var expected = FromCrd();
        if (Golden.Updating && File.ReadAllText(EmbeddedFile) != expected)
        {
            File.WriteAllText(EmbeddedFile, expected);
        }

        Assert.True(expected.Length > 1000, "the CRD's descriptions were not read");
        Assert.Equal(expected, File.ReadAllText(EmbeddedFile));
    }

    [Fact]
    public void EveryDescribedField_IsAFieldOfTheSchema_AndTheDescriptionsAreEmbedded()
    {
        var lines = File.ReadAllLines(EmbeddedFile).Select(l => l.Split('\t')).Where(f => f[0] is "Canary" or "MetricTemplate").ToList();
        Assert.NotEmpty(lines);
        foreach (var fields in lines)
        {
            var segments = Segments(fields[1]);
            Assert.True(FlaggerFieldDocs.SchemaOf(fields[0], segments) is not null, $"{fields[0]} {fields[1]} is described but not in FlaggerSchema");
            Assert.NotNull(FlaggerFieldDocs.DescriptionOf(fields[0], segments));
        }

        Assert.Contains("Interval", FlaggerFieldDocs.DescriptionOf("Canary", ["spec", "analysis", "interval"]) ?? string.Empty, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>kind, path (<c>spec.analysis.metrics[].name</c>), description (escaped), one field a line, in the CRD's order.</summary>
    private static string FromCrd()
    {
        var path = SharedData.Path("flagger", "crd.yaml");
        var file = YamlManifestReader.Read(path, File.ReadAllText(path));
        var text = new StringBuilder();
        foreach (var crd in file.Documents.Select(d => d.Root).OfType<MappingNode>())
        {
            var kind = ((ScalarNode)crd.At("spec", "names", "kind")!).Value;
            var version = ((SequenceNode)crd.At("spec", "versions")!).Items.Cast<MappingNode>().Single(v => v.String("name") == "v1beta1");
            Walk(kind, (MappingNode)version.At("schema", "openAPIV3Schema")!, [], text);
        }

        return text.ToString();
    }

    private static void Walk(string kind, MappingNode schema, List<string> segments, StringBuilder text)
    {
        if (schema.String("description") is { } description)
        {
            text.Append(kind).Append('\t').Append(FlaggerFieldDocs.Join(segments)).Append('\t').Append(FlaggerFieldDocs.Escape(description.TrimEnd())).Append('\n');
        }

        foreach (var property in schema.Mapping("properties")?.Entries ?? default)
        {
            Walk(kind, (MappingNode)property.Value, [.. segments, property.KeyText], text);
        }

        if (schema.Mapping("items") is { } items)
        {
            Walk(kind, items, [.. segments, FlaggerFieldDocs.Items], text);
        }
    }

    private static List<string> Segments(string path)
    {
        var segments = new List<string>();
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = part;
            var items = 0;
            while (name.EndsWith(FlaggerFieldDocs.Items, StringComparison.Ordinal))
            {
                name = name[..^2];
                items++;
            }

            segments.Add(name);
            segments.AddRange(Enumerable.Repeat(FlaggerFieldDocs.Items, items));
        }

        return segments;
    }
}
