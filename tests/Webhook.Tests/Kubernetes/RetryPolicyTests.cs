using System.Net;
using CanaryGuard.Cluster;

namespace CanaryGuard.Webhook.Tests.Kubernetes;

public sealed class RetryPolicyTests
{
    private readonly List<TimeSpan> waits = [];

    private RetryPolicy Policy(int attempts = 4) => new()
    {
        MaxAttempts = attempts,
        BaseDelay = TimeSpan.FromMilliseconds(100),
        MaxDelay = TimeSpan.FromSeconds(10),
        Delay = (delay, _) =>
        {
            waits.Add(delay);
            return Task.CompletedTask;
        },
    };

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Conflict)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task RetriableCodes_AreRetriedUntilSuccess(HttpStatusCode code)
    {
        var calls = 0;

        var result = await Policy().ExecuteAsync(_ => ++calls < 3 ? throw Api(code) : Task.FromResult("ok"), CancellationToken.None);

        Assert.Equal("ok", result);
        Assert.Equal(3, calls);
        Assert.Equal(2, waits.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.UnprocessableEntity)]
    public async Task OtherCodes_FailAtOnce(HttpStatusCode code)
    {
        var calls = 0;

        await Assert.ThrowsAsync<KubernetesApiException>(() => Policy().ExecuteAsync<string>(_ => { calls++; throw Api(code); }, CancellationToken.None));

        Assert.Equal(1, calls);
        Assert.Empty(waits);
    }

    [Fact]
    public async Task RetryAfter_IsHonoured_AndCappedAtMaxDelay()
    {
        var calls = 0;

        await Policy().ExecuteAsync(_ => ++calls switch
        {
            1 => throw Api(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(2)),
            2 => throw Api(HttpStatusCode.TooManyRequests, TimeSpan.FromMinutes(5)),
            _ => Task.FromResult(0),
        }, CancellationToken.None);

        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10)], waits);
    }

    [Fact]
    public async Task Backoff_GrowsExponentially_WithBoundedJitter_AndGivesUpAfterMaxAttempts()
    {
        var calls = 0;

        await Assert.ThrowsAsync<TimeoutException>(() => Policy(attempts: 4).ExecuteAsync<int>(_ => { calls++; throw new TimeoutException(); }, CancellationToken.None));

        Assert.Equal(4, calls);
        Assert.Equal(3, waits.Count);
        foreach (var (wait, nominal) in waits.Zip(new[] { 100.0, 200.0, 400.0 }))
        {
            Assert.InRange(wait.TotalMilliseconds, nominal * 0.8, nominal * 1.2);
        }
    }

    private static KubernetesApiException Api(HttpStatusCode code, TimeSpan? retryAfter = null) =>
        new(code, code.ToString(), $"{(int)code}", retryAfter);
}
