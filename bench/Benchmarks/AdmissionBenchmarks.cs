using BenchmarkDotNet.Attributes;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Webhook.Admission;

namespace CanaryGuard.Bench.Benchmarks;

/// <summary>
/// One recorded AdmissionReview end to end through <see cref="AdmissionHandler.HandleAsync"/> (no cluster):
/// parse the body, run the rules or build the patch. HTTP, TLS, the response and the log line are in bench/webhook-load.sh.
/// </summary>
[MemoryDiagnoser]
public class AdmissionBenchmarks
{
    private readonly AdmissionHandler handler = new(AnalysisEngine.CreateDefault(), () => CanaryGuardPolicy.Default);
    private byte[] validateCanary = [];
    private byte[] mutateDeployment = [];

    [GlobalSetup]
    public void ReadReviews()
    {
        validateCanary = File.ReadAllBytes(BenchmarkInputs.Shared("admission-reviews", "canary-create.validating.json"));
        mutateDeployment = File.ReadAllBytes(BenchmarkInputs.Shared("admission-reviews", "deployment-create.mutating.json"));
    }

    [Benchmark]
    public Task<AdmissionDecision> ValidateCanary() => handler.HandleAsync(validateCanary, AdmissionEndpoint.Validate, CancellationToken.None);

    [Benchmark]
    public Task<AdmissionDecision> MutateDeployment() => handler.HandleAsync(mutateDeployment, AdmissionEndpoint.Mutate, CancellationToken.None);
}
