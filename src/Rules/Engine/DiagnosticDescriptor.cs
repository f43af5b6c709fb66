namespace CanaryGuard.Rules.Engine;

/// <summary>
/// What a rule reports, in Roslyn's shape. Ids are a public contract: once shipped, an id keeps its meaning.
/// </summary>
public sealed record DiagnosticDescriptor
{
    public const string HelpBaseUri = "https://github.com/canaryguard/canaryguard/blob/main/docs/rules/";

    public DiagnosticDescriptor(
        string id,
        string title,
        string messageFormat,
        string category,
        DiagnosticSeverity defaultSeverity,
        string description,
        bool isEnabledByDefault = true,
        bool isConfigurable = true)
    {
        Id = id;
        Title = title;
        MessageFormat = messageFormat;
        Category = category;
        DefaultSeverity = defaultSeverity;
        Description = description;
        IsEnabledByDefault = isEnabledByDefault;
        IsConfigurable = isConfigurable;
    }

    public string Id { get; }

    public string Title { get; }

    /// <summary>A composite format string (<c>{0}</c>, <c>{1}</c>) filled with the finding's arguments.</summary>
    public string MessageFormat { get; }

    public string Category { get; }

    public DiagnosticSeverity DefaultSeverity { get; }

    public string Description { get; }

    public bool IsEnabledByDefault { get; }

    /// <summary>False for findings that must never be silenced by configuration (a file that does not parse).</summary>
    public bool IsConfigurable { get; }

    public Uri HelpLink => new(HelpBaseUri + Id + ".md");
}

/// <summary>The rule categories; a policy can set a severity for a whole category.</summary>
public static class RuleCategories
{
    public const string Input = "Input";
    public const string Analysis = "Analysis";
    public const string References = "References";
    public const string Mesh = "Mesh";
    public const string Coverage = "Coverage";
}
