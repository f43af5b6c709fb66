using CanaryGuard.Rules.Engine;
using FluentValidation;

namespace CanaryGuard.Rules.Policy;

/// <summary>Checks <c>canaryTemplate:</c>: the ranges Flagger accepts, and a load tester that is an http(s) URL.</summary>
internal sealed class CanaryTemplateDraftValidator : AbstractValidator<CanaryTemplateDraft>
{
    private static readonly long DefaultMaxWeight = new CanaryTemplatePolicy().MaxWeight;

    public CanaryTemplateDraftValidator()
    {
        var code = EngineDiagnostics.InvalidConfiguration.Id;
        RuleFor(d => d.Interval!.Value).GreaterThanOrEqualTo(TimeSpan.FromSeconds(10)).When(d => d.Interval is not null)
            .WithErrorCode(code).WithState(d => d.Interval!.Node).WithMessage("'canaryTemplate.interval' must be at least 10s (Flagger's floor)");
        RuleFor(d => d.MetricInterval!.Value).GreaterThan(TimeSpan.Zero).When(d => d.MetricInterval is not null)
            .WithErrorCode(code).WithState(d => d.MetricInterval!.Node).WithMessage("'canaryTemplate.metricInterval' must be a positive duration");
        RuleFor(d => d.Threshold!.Value).InclusiveBetween(1, 1000).When(d => d.Threshold is not null)
            .WithErrorCode(code).WithState(d => d.Threshold!.Node).WithMessage("'canaryTemplate.threshold' must be between 1 and 1000");
        RuleFor(d => d.MaxWeight!.Value).InclusiveBetween(1, 100).When(d => d.MaxWeight is not null)
            .WithErrorCode(code).WithState(d => d.MaxWeight!.Node).WithMessage("'canaryTemplate.maxWeight' must be between 1 and 100");
        RuleFor(d => d.StepWeight!.Value).InclusiveBetween(1, 100).When(d => d.StepWeight is not null)
            .WithErrorCode(code).WithState(d => d.StepWeight!.Node).WithMessage("'canaryTemplate.stepWeight' must be between 1 and 100");
        RuleFor(d => d.StepWeight!.Value).LessThan(d => EffectiveMaxWeight(d)).When(d => d.StepWeight is not null)
            .WithErrorCode(code).WithState(d => d.StepWeight!.Node)
            .WithMessage(d => $"'canaryTemplate.stepWeight' ({d.StepWeight!.Value}) must be below maxWeight ({EffectiveMaxWeight(d)}): otherwise the first step already promotes");
        RuleFor(d => d.RequestSuccessRateMin!.Value).InclusiveBetween(0, 100).When(d => d.RequestSuccessRateMin is not null)
            .WithErrorCode(code).WithState(d => d.RequestSuccessRateMin!.Node).WithMessage("'canaryTemplate.requestSuccessRateMin' is a percentage between 0 and 100");
        RuleFor(d => d.RequestDurationMax!.Value).GreaterThan(0).When(d => d.RequestDurationMax is not null)
            .WithErrorCode(code).WithState(d => d.RequestDurationMax!.Node).WithMessage("'canaryTemplate.requestDurationMax' must be a positive number of milliseconds");
        RuleFor(d => d.Generation!.Value).GreaterThanOrEqualTo(0).When(d => d.Generation is not null)
            .WithErrorCode(code).WithState(d => d.Generation!.Node).WithMessage("'canaryTemplate.generation' must be a whole number, 0 or more");
        RuleFor(d => d.LoadTester!.Value).Must(BeHttpUrl).When(d => d.LoadTester is not null)
            .WithErrorCode(code).WithState(d => d.LoadTester!.Node).WithMessage("'canaryTemplate.loadTester' must be an absolute http or https URL");
    }

    private static long EffectiveMaxWeight(CanaryTemplateDraft draft) => draft.MaxWeight?.Value ?? DefaultMaxWeight;

    private static bool BeHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
