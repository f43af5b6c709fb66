using CanaryGuard.Prometheus;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Webhook.Admission;

/// <summary>What the live check found: findings to warn about, and notes on what it could not do.</summary>
public sealed record LiveCheckResult(IReadOnlyList<Diagnostic> Findings, IReadOnlyList<string> Notes)
{
    public static LiveCheckResult None { get; } = new([], []);
}

/// <summary>
/// The optional live check at admission (policy <c>prometheus.address</c>): a reviewed Canary's metric checks run
/// against Prometheus as <c>canaryguard verify</c> runs them, within what is left of the look-up budget. What it finds
/// is only ever a warning: Prometheus' answer now is about the running release, not the one being applied, and a slow
/// or unreachable Prometheus must never delay or block a deploy.
/// </summary>
public sealed class LiveMetricCheck(HttpClient http)
{
    /// <summary>The checks of <paramref name="canary"/> against <paramref name="address"/>, cut off after <paramref name="budget"/>.</summary>
    public async Task<LiveCheckResult> RunAsync(KubernetesResource canary, IResourceLookup templates, Uri address, string defaultNamespace, TimeSpan budget, CancellationToken cancellationToken)
    {
        if (budget <= TimeSpan.Zero)
        {
            return new LiveCheckResult([], ["canaryguard: metrics not verified: the look-ups used the whole budget"]);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(budget);
        IReadOnlyList<MetricVerification> verified;
        try
        {
            verified = await new MetricVerifier(new PrometheusClient(http), address)
                .VerifyAsync([canary], templates, canary.DeclaredNamespace ?? defaultNamespace, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new LiveCheckResult([], [$"canaryguard: metrics not verified: {address} did not answer within the look-up budget"]);
        }

        // Every metric goes to the same server: one note says it could not be reached, not one warning per metric.
        var unreachable = verified.FirstOrDefault(v => v.Outcome == VerificationOutcome.Unreachable);
        return new LiveCheckResult(
            [.. verified.Where(v => v.Outcome != VerificationOutcome.Unreachable).Select(v => v.ToDiagnostic())],
            unreachable is null ? [] : [$"canaryguard: metrics not verified: {unreachable.Detail}"]);
    }
}
