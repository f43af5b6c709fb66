using System.Globalization;
using System.Text.RegularExpressions;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Rules.Input;

/// <summary>What the API server does with a part of a manifest its CRD schema does not accept.</summary>
public enum SchemaProblemKind
{
    /// <summary>A field the schema does not name: pruned (CG0003).</summary>
    UnknownField,

    /// <summary>A value, a missing field or a shape the schema forbids: the object is rejected (CG0004).</summary>
    RejectedValue,
}

/// <summary>
/// One disagreement between a manifest and its CRD schema. <see cref="Text"/> is the specific part of the message.
/// <see cref="RenamedTo"/> is the current path of an unknown field Flagger renamed (spec.canaryAnalysis);
/// <see cref="MissingFields"/> the paths of required fields that are absent.
/// </summary>
public sealed record SchemaProblem(SchemaProblemKind Kind, ManifestNode Node, string Text, string? Hint = null)
{
    public string? RenamedTo { get; init; }

    public IReadOnlyList<string> MissingFields { get; init; } = [];
}

/// <summary>
/// Checks a manifest tree against a <see cref="CrdSchema"/> the way the API server does for a custom resource:
/// prune unknown fields, drop null values (nullable is never set in Flagger's CRDs), then validate types,
/// enums, patterns, bounds, required fields, oneOf/anyOf/not and the CEL rules. Shared by CG0003 and CG0004,
/// which each report their own kind of problem.
/// </summary>
public static class SchemaValidator
{
    /// <summary>
    /// The CRD's patterns (DNS names with nested quantifiers) run without backtracking: linear in the input, so no
    /// timeout is needed. A 100 ms timeout fired on a loaded machine and made a lint's output depend on the load
    /// (CG0007 for some resources in some runs).
    /// </summary>
    private const RegexOptions PatternOptions = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    /// <summary>
    /// The CEL rules of Flagger's CRDs, implemented in C# (CanaryGuard does not embed a CEL interpreter).
    /// FlaggerSchemaTests checks every rule of the CRD is here; the API server applies defaults first.
    /// </summary>
    private static readonly Dictionary<string, Func<MappingNode, CrdSchema, bool>> CelRules = new(StringComparer.Ordinal)
    {
        ["(size(self.group) == 0 && self.kind == 'Service') ? has(self.port) : true"] = (node, schema) =>
            !(Defaulted(node, schema, "group") == string.Empty && Defaulted(node, schema, "kind") == "Service") || IsPresent(node, "port"),
    };

    public static bool ImplementsRule(string rule) => CelRules.ContainsKey(rule);

    /// <summary>
    /// The problems of a Flagger resource against Flagger's served schema, checked once per resource: CG0003 and
    /// CG0004 each report their own kind from the same check.
    /// </summary>
    public static IReadOnlyList<SchemaProblem> ProblemsOf(KubernetesResource resource) =>
        FlaggerSchema.ByKind.ContainsKey(resource.Kind)
            ? resource.Derived(static r => new SchemaCheck(Validate(r.Root, r.Kind, FlaggerSchema.ByKind[r.Kind]))).Problems
            : [];

    /// <summary>
    /// Every problem of a resource's tree. <c>metadata</c> is ObjectMeta, checked by the API server's own code
    /// rather than the CRD schema, and <c>status</c> is dropped on write (status subresource): neither is checked.
    /// </summary>
    public static IReadOnlyList<SchemaProblem> Validate(MappingNode root, string kind, CrdSchema schema)
    {
        var problems = new List<SchemaProblem>();
        var walker = new Walker(kind, problems, reportUnknownFields: true, root.Path);
        foreach (var entry in root.Entries)
        {
            if (entry.KeyText is "metadata" or "status" || IsNull(entry.Value))
            {
                continue;
            }

            if (schema.Properties.TryGetValue(entry.KeyText, out var property))
            {
                walker.Check(entry.Value, property);
            }
            else
            {
                walker.Unknown(entry.Value, entry.KeyText, schema, string.Empty);
            }
        }

        return problems;
    }

    private static bool IsNull(ManifestNode node) => node is ScalarNode { IsNull: true };

    private static bool IsPresent(MappingNode node, string key) => node[key] is { } value && !IsNull(value);

    private static string? Defaulted(MappingNode node, CrdSchema schema, string key) =>
        node[key] is ScalarNode { IsNull: false } written ? written.Value : schema.Properties.GetValueOrDefault(key)?.Default;

    /// <summary>Walks one resource; <paramref name="rootPath"/> is the resource's own path (<c>items[0]</c> inside a List).</summary>
    private sealed class Walker(string kind, List<SchemaProblem> problems, bool reportUnknownFields, string rootPath)
    {
        public void Check(ManifestNode node, CrdSchema schema)
        {
            if (!Accepts(schema, node))
            {
                Reject(node, $"{Describe(node)} but the CRD wants {Expected(schema)}", SchemaHints.ForType(kind, Relative(node.Path), node));
                return;
            }

            switch (node)
            {
                case ScalarNode scalar:
                    CheckScalar(scalar, schema);
                    break;
                case SequenceNode sequence:
                    CheckSequence(sequence, schema);
                    break;
                case MappingNode mapping:
                    CheckMapping(mapping, schema);
                    break;
            }

            CheckCombinators(node, schema);
        }

        public void Unknown(ManifestNode value, string key, CrdSchema parent, string parentPath)
        {
            if (reportUnknownFields)
            {
                var where = parentPath.Length == 0 ? "the top level" : parentPath;
                problems.Add(new SchemaProblem(SchemaProblemKind.UnknownField, value, $"'{key}' is not a field of {where}", SchemaHints.ForUnknownField(kind, parent, Relative(parentPath), key, value))
                {
                    RenamedTo = SchemaHints.RenamedTo(kind, Relative(parentPath), key),
                });
            }
        }

        private void CheckScalar(ScalarNode scalar, CrdSchema schema)
        {
            if (scalar.IsNull)
            {
                return;
            }

            if (schema.Enum is { } allowed && !allowed.Contains(scalar.Value, StringComparer.Ordinal))
            {
                var hint = SchemaHints.Closest(scalar.Value, allowed) is { } near ? $"did you mean \"{near}\"?" : null;
                Reject(scalar, $"{scalar.Path} \"{scalar.Value}\" is not one of the values the CRD allows ({string.Join(", ", allowed.Select(v => v.Length == 0 ? "\"\"" : v))})", hint);
            }

            if (schema.Pattern is { } pattern && scalar.Kind == ScalarKind.String && !Regex.IsMatch(scalar.Value, pattern, PatternOptions))
            {
                Reject(scalar, $"{scalar.Path} \"{scalar.Value}\" does not match the CRD's pattern {pattern}");
            }

            if (scalar.TryGetDouble(out var number))
            {
                if (schema.Minimum is { } minimum && number < minimum)
                {
                    Reject(scalar, $"{scalar.Path} ({scalar.Value}) is below the CRD's minimum of {Format(minimum)}");
                }

                if (schema.Maximum is { } maximum && number > maximum)
                {
                    Reject(scalar, $"{scalar.Path} ({scalar.Value}) is above the CRD's maximum of {Format(maximum)}");
                }
            }

            if (scalar.Kind == ScalarKind.String)
            {
                if (schema.MinLength is { } minLength && scalar.Value.Length < minLength)
                {
                    Reject(scalar, $"{scalar.Path} \"{scalar.Value}\" is shorter than the CRD's minLength of {minLength}");
                }

                if (schema.MaxLength is { } maxLength && scalar.Value.Length > maxLength)
                {
                    Reject(scalar, $"{scalar.Path} is {scalar.Value.Length} characters long, more than the CRD's maxLength of {maxLength}");
                }
            }
        }

        private void CheckSequence(SequenceNode sequence, CrdSchema schema)
        {
            if (schema.MaxItems is { } maxItems && sequence.Count > maxItems)
            {
                Reject(sequence, $"{sequence.Path} has {sequence.Count} items, more than the CRD's maxItems of {maxItems}");
            }

            if (schema.Items is { } items)
            {
                foreach (var item in sequence.Items)
                {
                    Check(item, items);
                }
            }
        }

        private void CheckMapping(MappingNode mapping, CrdSchema schema)
        {
            foreach (var entry in mapping.Entries)
            {
                if (IsNull(entry.Value))
                {
                    continue;
                }

                if (schema.Properties.TryGetValue(entry.KeyText, out var property))
                {
                    Check(entry.Value, property);
                }
                else if (schema.AdditionalProperties is { } values)
                {
                    Check(entry.Value, values);
                }
                else if (schema.Type != CrdType.Any)
                {
                    // A oneOf/anyOf branch (no type) only constrains; the fields it does not name are not pruned.
                    Unknown(entry.Value, entry.KeyText, schema, mapping.Path);
                }
            }

            // Indexed loops: this runs for every mapping of every Flagger resource, and the schema's lists are
            // interfaces, whose enumerators (and a LINQ query) were most of the garbage of a lint's analysis.
            List<string>? missing = null;
            for (var i = 0; i < schema.Required.Count; i++)
            {
                if (!IsPresent(mapping, schema.Required[i]))
                {
                    (missing ??= []).Add(schema.Required[i]);
                }
            }

            if (missing is not null)
            {
                var relative = Relative(mapping.Path);
                problems.Add(new SchemaProblem(SchemaProblemKind.RejectedValue, mapping, $"{DisplayPath(mapping)} has no {JoinAnd(missing)}, which the CRD requires")
                {
                    MissingFields = [.. missing.Select(field => relative.Length == 0 ? field : relative + "." + field)],
                });
            }

            for (var i = 0; i < schema.Validations.Count; i++)
            {
                var validation = schema.Validations[i];
                if (CelRules.TryGetValue(validation.Rule, out var holds) && !holds(mapping, schema))
                {
                    Reject(mapping, $"{DisplayPath(mapping)} breaks the CRD rule \"{validation.Message}\"");
                }
            }
        }

        private void CheckCombinators(ManifestNode node, CrdSchema schema)
        {
            if (schema.OneOf.Count > 0)
            {
                var matching = 0;
                for (var i = 0; i < schema.OneOf.Count; i++)
                {
                    matching += Matches(node, schema.OneOf[i]) ? 1 : 0;
                }

                if (matching != 1 && node is MappingNode mapping)
                {
                    Reject(node, OneOfShape.Explain(mapping, schema.OneOf, matching));
                }
            }

            if (schema.AnyOf.Count > 0 && !MatchesAny(node, schema.AnyOf))
            {
                Reject(node, $"{DisplayPath(node)} matches none of the CRD's anyOf shapes");
            }

            if (schema.Not is { } forbidden && Matches(node, forbidden))
            {
                Reject(node, $"{DisplayPath(node)} has a shape the CRD forbids");
            }
        }

        private bool MatchesAny(ManifestNode node, IReadOnlyList<CrdSchema> branches)
        {
            for (var i = 0; i < branches.Count; i++)
            {
                if (Matches(node, branches[i]))
                {
                    return true;
                }
            }

            return false;
        }

        private bool Matches(ManifestNode node, CrdSchema branch)
        {
            var found = new List<SchemaProblem>();
            new Walker(kind, found, reportUnknownFields: false, rootPath).Check(node, branch);
            return found.Count == 0;
        }

        /// <summary>A path as the schema names it: relative to the resource, not to the List holding it.</summary>
        private string Relative(string path) =>
            rootPath.Length == 0 || !path.StartsWith(rootPath, StringComparison.Ordinal) ? path : path[rootPath.Length..].TrimStart('.');

        private void Reject(ManifestNode node, string text, string? hint = null) =>
            problems.Add(new SchemaProblem(SchemaProblemKind.RejectedValue, node, text, hint));
    }

    /// <summary>Whether the node has a JSON type the schema accepts, as the API server decodes YAML (YAML 1.1 scalars).</summary>
    internal static bool Accepts(CrdSchema schema, ManifestNode node)
    {
        if (schema.IntOrString)
        {
            return node is ScalarNode { Kind: ScalarKind.Int or ScalarKind.String };
        }

        return schema.Type switch
        {
            CrdType.Any => true,
            CrdType.Object => node is MappingNode,
            CrdType.Array => node is SequenceNode,
            CrdType.String => node is ScalarNode { Kind: ScalarKind.String },
            CrdType.Boolean => node is ScalarNode { Kind: ScalarKind.Bool },
            CrdType.Number => node is ScalarNode { Kind: ScalarKind.Int or ScalarKind.Float },

            // JSON has one number type: 3.0 is an integer to the API server, 3.5 is not.
            CrdType.Integer => node is ScalarNode scalar && scalar.TryGetDouble(out var value) && value == Math.Floor(value) && !double.IsInfinity(value),
            _ => false,
        };
    }

    internal static string DisplayPath(ManifestNode node) => node.Path.Length == 0 ? "the top level" : node.Path;

    internal static string JoinAnd(IReadOnlyList<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];

    /// <summary>"spec.analysis.stepWeight is a string ("10")": the node, its JSON type and its value.</summary>
    private static string Describe(ManifestNode node) => node switch
    {
        MappingNode => $"{DisplayPath(node)} is an object",
        SequenceNode => $"{DisplayPath(node)} is an array",
        ScalarNode { IsNull: true } => $"{node.Path} is null",
        ScalarNode { Kind: ScalarKind.String } scalar => $"{node.Path} is a string (\"{scalar.Value}\")",
        ScalarNode scalar => $"{node.Path} is {TypeName(scalar)} ({scalar.Value})",
        _ => DisplayPath(node),
    };

    internal static string TypeName(ManifestNode node) => node switch
    {
        MappingNode => "an object",
        SequenceNode => "an array",
        ScalarNode { Kind: ScalarKind.Bool } => "a boolean",
        ScalarNode { Kind: ScalarKind.Int } => "an integer",
        ScalarNode { Kind: ScalarKind.Float } => "a number",
        ScalarNode { Kind: ScalarKind.Null } => "null",
        _ => "a string",
    };

    internal static string Expected(CrdSchema schema) => schema.IntOrString ? "an integer or a string" : schema.Type switch
    {
        CrdType.Object => "an object",
        CrdType.Array => "an array",
        CrdType.String => "a string",
        CrdType.Number => "a number",
        CrdType.Integer => "an integer",
        CrdType.Boolean => "a boolean",
        _ => "any value",
    };

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A resource's schema problems, as kept with the resource (<see cref="KubernetesResource.Derived{T}"/>).</summary>
internal sealed record SchemaCheck(IReadOnlyList<SchemaProblem> Problems);
