using System.Globalization;
using System.Text;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Rules.Input;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Rules.Tests.Rules.Input;

/// <summary>Proves the schema embedded in <see cref="FlaggerSchema"/> is exactly Flagger v1.44's CRD, read with our own YAML reader.</summary>
public sealed class FlaggerSchemaTests
{
    /// <summary>Schema keywords the embedded model carries; description and format are the only ones it drops.</summary>
    private static readonly HashSet<string> ModelledKeywords =
    [
        "type", "properties", "items", "additionalProperties", "required", "enum", "pattern", "default", "minimum", "maximum",
        "minLength", "maxLength", "maxItems", "oneOf", "anyOf", "not", "x-kubernetes-validations", "x-kubernetes-int-or-string",
        "description", "format",
    ];

    private static readonly IReadOnlyList<MappingNode> Crds = ReadCrds();

    [SharedDataTheory]
    [InlineData("Canary")]
    [InlineData("MetricTemplate")]
    public void EmbeddedSchema_MatchesTheCrd(string kind)
    {
        var fromCrd = FromCrd(SchemaNodeOf(kind));
        var expected = Dump(fromCrd);
        var actual = Dump(FlaggerSchema.ByKind[kind]);
        Assert.True(expected.Length > 10, "the CRD schema was not read");
        Assert.Equal(expected, actual);
    }

    [SharedDataFact]
    public void EveryCrd_ServesOnlyV1beta1_AndDefinesTheKnownKinds()
    {
        var kinds = new List<string>();
        foreach (var crd in Crds)
        {
            Assert.Equal(FlaggerSchema.Group, crd.At("spec", "group") is ScalarNode group ? group.Value : null);
            kinds.Add(((ScalarNode)crd.At("spec", "names", "kind")!).Value);
            var served = ((SequenceNode)crd.At("spec", "versions")!).Items.Cast<MappingNode>()
                .Where(v => v.Scalar("served") is { } s && s.TryGetBool(out var on) && on)
                .Select(v => v.String("name"))
                .ToList();
            Assert.Equal([FlaggerSchema.ServedVersion], served);
        }

        Assert.Equal(FlaggerSchema.Kinds.Order(StringComparer.Ordinal), kinds.Order(StringComparer.Ordinal));
    }

    [SharedDataFact]
    public void EveryCelRuleOfTheEmbeddedSchemas_IsImplemented()
    {
        var rules = FlaggerSchema.ByKind.Values.SelectMany(AllNodes).SelectMany(s => s.Validations).Select(v => v.Rule).ToList();
        Assert.NotEmpty(rules);
        Assert.All(rules, rule => Assert.True(SchemaValidator.ImplementsRule(rule), $"CEL rule not implemented: {rule}"));
    }

    private static IReadOnlyList<MappingNode> ReadCrds()
    {
        var file = YamlManifestReader.Read(SharedData.Path("flagger", "crd.yaml"), File.ReadAllText(SharedData.Path("flagger", "crd.yaml")));
        Assert.Empty(file.Problems);
        return file.Documents.Select(d => d.Root).OfType<MappingNode>().ToList();
    }

    private static MappingNode SchemaNodeOf(string kind)
    {
        var crd = Crds.Single(c => c.At("spec", "names", "kind") is ScalarNode k && k.Value == kind);
        var version = ((SequenceNode)crd.At("spec", "versions")!).Items.Cast<MappingNode>().Single(v => v.String("name") == FlaggerSchema.ServedVersion);
        return (MappingNode)version.At("schema", "openAPIV3Schema")!;
    }

    /// <summary>The CRD's schema node in the embedded model, independently of how FlaggerSchema.cs was written.</summary>
    private static CrdSchema FromCrd(MappingNode node)
    {
        var unmodelled = node.Keys.Where(k => !ModelledKeywords.Contains(k)).ToList();
        Assert.True(unmodelled.Count == 0, $"{node.Path} uses schema keywords the embedded model does not carry: {string.Join(", ", unmodelled)}");
        return new CrdSchema
        {
            Type = node.String("type") switch
            {
                null => CrdType.Any,
                var type => Enum.Parse<CrdType>(type, ignoreCase: true),
            },
            IntOrString = node.Scalar("x-kubernetes-int-or-string") is { } intOrString && intOrString.TryGetBool(out var on) && on,
            Properties = node.Mapping("properties")?.Entries.ToDictionary(e => e.KeyText, e => FromCrd((MappingNode)e.Value), StringComparer.Ordinal)
                ?? new Dictionary<string, CrdSchema>(),
            Items = node.Mapping("items") is { } items ? FromCrd(items) : null,
            AdditionalProperties = node.Mapping("additionalProperties") is { } values ? FromCrd(values) : null,
            Required = Strings(node.Sequence("required")) ?? [],
            Enum = Strings(node.Sequence("enum")),
            Pattern = node.String("pattern"),
            Default = node.Scalar("default")?.Value,
            Minimum = Number(node, "minimum"),
            Maximum = Number(node, "maximum"),
            MinLength = (long?)Number(node, "minLength"),
            MaxLength = (long?)Number(node, "maxLength"),
            MaxItems = (long?)Number(node, "maxItems"),
            OneOf = node.Sequence("oneOf")?.Items.Select(b => FromCrd((MappingNode)b)).ToList() ?? [],
            AnyOf = node.Sequence("anyOf")?.Items.Select(b => FromCrd((MappingNode)b)).ToList() ?? [],
            Not = node.Mapping("not") is { } not ? FromCrd(not) : null,
            Validations = node.Sequence("x-kubernetes-validations")?.Items.Cast<MappingNode>()
                .Select(v => new CrdValidation(v.String("rule")!.Trim(), v.String("message")!)).ToList() ?? [],
        };
    }

    private static List<string>? Strings(SequenceNode? sequence) => sequence?.Items.Cast<ScalarNode>().Select(s => s.Value).ToList();

    private static double? Number(MappingNode node, string key) => node.Scalar(key) is { } s && s.TryGetDouble(out var value) ? value : null;

    private static IEnumerable<CrdSchema> AllNodes(CrdSchema schema) =>
        new[] { schema }
            .Concat(schema.Properties.Values.SelectMany(AllNodes))
            .Concat(schema.Items is null ? [] : AllNodes(schema.Items))
            .Concat(schema.AdditionalProperties is null ? [] : AllNodes(schema.AdditionalProperties))
            .Concat(schema.OneOf.Concat(schema.AnyOf).SelectMany(AllNodes))
            .Concat(schema.Not is null ? [] : AllNodes(schema.Not));

    /// <summary>One line per schema node, properties in name order, so a difference names its path.</summary>
    private static string[] Dump(CrdSchema root)
    {
        var lines = new List<string>();

        void Visit(CrdSchema s, string path)
        {
            var line = new StringBuilder(path).Append(": ").Append(s.Type);
            Append(line, "int-or-string", s.IntOrString ? "true" : null);
            Append(line, "required", s.Required.Count > 0 ? string.Join(",", s.Required) : null);
            Append(line, "enum", s.Enum is null ? null : "[" + string.Join("|", s.Enum) + "]");
            Append(line, "pattern", s.Pattern);
            Append(line, "default", s.Default);
            Append(line, "minimum", s.Minimum?.ToString(CultureInfo.InvariantCulture));
            Append(line, "maximum", s.Maximum?.ToString(CultureInfo.InvariantCulture));
            Append(line, "minLength", s.MinLength?.ToString(CultureInfo.InvariantCulture));
            Append(line, "maxLength", s.MaxLength?.ToString(CultureInfo.InvariantCulture));
            Append(line, "maxItems", s.MaxItems?.ToString(CultureInfo.InvariantCulture));
            Append(line, "cel", s.Validations.Count > 0 ? string.Join(" | ", s.Validations.Select(v => v.Rule + " => " + v.Message)) : null);
            lines.Add(line.ToString());
            foreach (var (name, property) in s.Properties.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                Visit(property, path + "." + name);
            }

            if (s.Items is not null)
            {
                Visit(s.Items, path + "[]");
            }

            if (s.AdditionalProperties is not null)
            {
                Visit(s.AdditionalProperties, path + "{*}");
            }

            for (var i = 0; i < s.OneOf.Count; i++)
            {
                Visit(s.OneOf[i], $"{path}|oneOf{i}");
            }

            for (var i = 0; i < s.AnyOf.Count; i++)
            {
                Visit(s.AnyOf[i], $"{path}|anyOf{i}");
            }

            if (s.Not is not null)
            {
                Visit(s.Not, path + "|not");
            }
        }

        Visit(root, "$");
        return [.. lines];
    }

    private static void Append(StringBuilder line, string name, string? value)
    {
        if (value is not null)
        {
            line.Append(' ').Append(name).Append('=').Append(value);
        }
    }
}
