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
        bool isConfigurable = true,
        string? admissionMessageFormat = null)
    {
        Id = id;
        Title = title;
        MessageFormat = messageFormat;
        Category = category;
        DefaultSeverity = defaultSeverity;
        Description = description;
        IsEnabledByDefault = isEnabledByDefault;
        IsConfigurable = isConfigurable;
        AdmissionMessageFormat = admissionMessageFormat ?? FactClause(messageFormat);
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

    /// <summary>
    /// The short form kubectl shows as a warning, where the API server allows about 120 characters: given, or else
    /// the fact the message states before its first ": " (the consequence is on the help page), when that clause
    /// says something in its own words; null when the message has no shorter form.
    /// </summary>
    public string? AdmissionMessageFormat { get; }

    public Uri HelpLink => new(HelpBaseUri + Id + ".md");

    /// <summary>
    /// The part of a format before its first ": " outside placeholders, when it holds at least two words of its
    /// own (<c>metric {0} {1}</c> says nothing without what follows).
    /// </summary>
    private static string? FactClause(string format)
    {
        var depth = 0;
        for (var i = 0; i < format.Length - 1; i++)
        {
            if (format[i] is '{' or '}' && format[i + 1] == format[i])
            {
                i++;
            }
            else if (format[i] == '{')
            {
                depth++;
            }
            else if (format[i] == '}')
            {
                depth--;
            }
            else if (depth == 0 && format[i] == ':' && format[i + 1] == ' ')
            {
                var clause = format[..i];
                return OwnWords(clause) >= 2 ? clause : null;
            }
        }

        return null;
    }

    private static int OwnWords(string clause) =>
        clause.Split(' ', StringSplitOptions.RemoveEmptyEntries).Count(word => word.Any(char.IsLetter) && !word.Contains('{', StringComparison.Ordinal));
}

/// <summary>The rule categories; a policy can set a severity for a whole category.</summary>
public static class RuleCategories
{
    public const string Input = "Input";
    public const string Analysis = "Analysis";
    public const string References = "References";
    public const string Mesh = "Mesh";
    public const string Coverage = "Coverage";

    /// <summary>What a live run of the metric checks against Prometheus found (<c>canaryguard verify</c>, CG5001-CG5009).</summary>
    public const string Verification = "Verification";
}
