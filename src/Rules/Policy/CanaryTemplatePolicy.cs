namespace CanaryGuard.Rules.Policy;

/// <summary>
/// What the webhook puts into the Canaries it generates (<c>canaryTemplate:</c> in the policy file). The defaults
/// pass every CanaryGuard rule: five analyses of one minute (maxWeight 50 / stepWeight 10), both builtin metrics.
/// </summary>
public sealed record CanaryTemplatePolicy
{
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);

    public int Threshold { get; init; } = 5;

    public int MaxWeight { get; init; } = 50;

    public int StepWeight { get; init; } = 10;

    /// <summary>The lowest request-success-rate (percent) a step may show.</summary>
    public double RequestSuccessRateMin { get; init; } = 99;

    /// <summary>The highest request-duration (milliseconds, P99) a step may show.</summary>
    public double RequestDurationMax { get; init; } = 500;

    /// <summary>The query window of both builtin metrics.</summary>
    public TimeSpan MetricInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The URL of a Flagger load tester (<c>http://flagger-loadtester.test/</c>); null for no load-test webhook.</summary>
    public string? LoadTester { get; init; }

    /// <summary>
    /// <c>generation: N</c>, raised with each change of the template: the webhook records it on every Canary it
    /// applies and never applies one from a lower generation over it, so replicas running different policy
    /// versions during a rollout cannot undo each other's Canaries.
    /// </summary>
    public long Generation { get; init; }
}

/// <summary>The <c>canaryTemplate:</c> entries as written, before validation.</summary>
internal sealed class CanaryTemplateDraft
{
    public static readonly IReadOnlyList<string> Keys =
    [
        "interval", "threshold", "maxWeight", "stepWeight", "requestSuccessRateMin", "requestDurationMax", "metricInterval", "loadTester", "generation",
    ];

    public PolicyValue<TimeSpan>? Interval { get; private set; }

    public PolicyValue<long>? Threshold { get; private set; }

    public PolicyValue<long>? MaxWeight { get; private set; }

    public PolicyValue<long>? StepWeight { get; private set; }

    public PolicyValue<double>? RequestSuccessRateMin { get; private set; }

    public PolicyValue<double>? RequestDurationMax { get; private set; }

    public PolicyValue<TimeSpan>? MetricInterval { get; private set; }

    public PolicyValue<string>? LoadTester { get; private set; }

    public PolicyValue<long>? Generation { get; private set; }

    public static CanaryTemplateDraft? Read(Model.ManifestNode value, EntryReader reader)
    {
        if (reader.Mapping(value, "canaryTemplate") is not { } mapping)
        {
            return null;
        }

        var draft = new CanaryTemplateDraft();
        foreach (var (key, entry) in mapping.Entries)
        {
            switch (key.Value)
            {
                case "interval":
                    draft.Interval = reader.Duration(entry);
                    break;
                case "threshold":
                    draft.Threshold = reader.Integer(entry);
                    break;
                case "maxWeight":
                    draft.MaxWeight = reader.Integer(entry);
                    break;
                case "stepWeight":
                    draft.StepWeight = reader.Integer(entry);
                    break;
                case "requestSuccessRateMin":
                    draft.RequestSuccessRateMin = reader.Number(entry);
                    break;
                case "requestDurationMax":
                    draft.RequestDurationMax = reader.Number(entry);
                    break;
                case "metricInterval":
                    draft.MetricInterval = reader.Duration(entry);
                    break;
                case "loadTester":
                    draft.LoadTester = reader.String(entry);
                    break;
                case "generation":
                    draft.Generation = reader.Integer(entry);
                    break;
                default:
                    reader.Unknown(key, $"unknown setting 'canaryTemplate.{key.Value}'; known settings: {string.Join(", ", Keys.Order(StringComparer.Ordinal))}");
                    break;
            }
        }

        return draft;
    }

    /// <summary>The template with every entry that validation did not discard.</summary>
    public CanaryTemplatePolicy ToPolicy(IReadOnlySet<Model.ManifestNode> discarded)
    {
        var defaults = new CanaryTemplatePolicy();
        T Kept<T>(PolicyValue<T>? value, T fallback) => value is not null && !discarded.Contains(value.Node) ? value.Value : fallback;
        return new CanaryTemplatePolicy
        {
            Interval = Kept(Interval, defaults.Interval),
            Threshold = (int)Kept(Threshold, defaults.Threshold),
            MaxWeight = (int)Kept(MaxWeight, defaults.MaxWeight),
            StepWeight = (int)Kept(StepWeight, defaults.StepWeight),
            RequestSuccessRateMin = Kept(RequestSuccessRateMin, defaults.RequestSuccessRateMin),
            RequestDurationMax = Kept(RequestDurationMax, defaults.RequestDurationMax),
            MetricInterval = Kept(MetricInterval, defaults.MetricInterval),
            LoadTester = LoadTester is not null && !discarded.Contains(LoadTester.Node) ? LoadTester.Value : defaults.LoadTester,
            Generation = Kept(Generation, defaults.Generation),
        };
    }
}
