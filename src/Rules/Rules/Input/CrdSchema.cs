namespace CanaryGuard.Rules.Rules.Input;

/// <summary>The JSON types an OpenAPI v3 schema node can demand; <see cref="Any"/> when it names none.</summary>
public enum CrdType
{
    Any,
    Object,
    Array,
    String,
    Number,
    Integer,
    Boolean,
}

/// <summary>An <c>x-kubernetes-validations</c> entry: a CEL rule and the message the API server returns.</summary>
public sealed record CrdValidation(string Rule, string Message);

/// <summary>
/// One node of a CRD's OpenAPI v3 schema, reduced to what the API server enforces: types, properties (everything
/// else is pruned), required fields, enums, patterns, bounds, defaults, oneOf/anyOf/not and CEL validations.
/// Descriptions and formats (the API server ignores <c>format: string</c>, <c>url</c>) are left out.
/// </summary>
public sealed record CrdSchema
{
    public CrdType Type { get; init; }

    /// <summary><c>x-kubernetes-int-or-string</c>: an integer or a string.</summary>
    public bool IntOrString { get; init; }

    public IReadOnlyDictionary<string, CrdSchema> Properties { get; init; } = System.Collections.ObjectModel.ReadOnlyDictionary<string, CrdSchema>.Empty;

    public CrdSchema? Items { get; init; }

    /// <summary>The schema of every value of a map-like object; such an object keeps keys of any name (nothing is pruned).</summary>
    public CrdSchema? AdditionalProperties { get; init; }

    public IReadOnlyList<string> Required { get; init; } = [];

    public IReadOnlyList<string>? Enum { get; init; }

    public string? Pattern { get; init; }

    /// <summary>The default as written in the CRD (a scalar's text); the API server applies it before validating.</summary>
    public string? Default { get; init; }

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    public long? MinLength { get; init; }

    public long? MaxLength { get; init; }

    public long? MaxItems { get; init; }

    public IReadOnlyList<CrdSchema> OneOf { get; init; } = [];

    public IReadOnlyList<CrdSchema> AnyOf { get; init; } = [];

    public CrdSchema? Not { get; init; }

    public IReadOnlyList<CrdValidation> Validations { get; init; } = [];

    public static CrdSchema Str(IReadOnlyList<string>? @enum = null, string? pattern = null) =>
        new() { Type = CrdType.String, Enum = @enum, Pattern = pattern };

    public static CrdSchema Num() => new() { Type = CrdType.Number };

    public static CrdSchema Int(double? minimum = null, double? maximum = null) =>
        new() { Type = CrdType.Integer, Minimum = minimum, Maximum = maximum };

    public static CrdSchema Bool() => new() { Type = CrdType.Boolean };

    public static CrdSchema IntOrStr() => new() { IntOrString = true };

    public static CrdSchema Arr(CrdSchema items) => new() { Type = CrdType.Array, Items = items };

    /// <summary>An object with any keys whose values all follow <paramref name="values"/>.</summary>
    public static CrdSchema Map(CrdSchema values) => new() { Type = CrdType.Object, AdditionalProperties = values };

    public static CrdSchema Obj(params (string Name, CrdSchema Schema)[] properties) => Obj([], properties);

    public static CrdSchema Obj(IReadOnlyList<string> required, params (string Name, CrdSchema Schema)[] properties) =>
        new() { Type = CrdType.Object, Required = required, Properties = Index(properties) };

    /// <summary>A schema that only constrains (a oneOf/anyOf/not branch): no type, just required fields and properties.</summary>
    public static CrdSchema Requires(params string[] required) => new() { Required = required };

    private static Dictionary<string, CrdSchema> Index((string Name, CrdSchema Schema)[] properties)
    {
        var index = new Dictionary<string, CrdSchema>(properties.Length, StringComparer.Ordinal);
        foreach (var (name, schema) in properties)
        {
            index.Add(name, schema);
        }

        return index;
    }
}
