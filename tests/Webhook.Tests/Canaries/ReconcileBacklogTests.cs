using CanaryGuard.Webhook.Canaries;

namespace CanaryGuard.Webhook.Tests.Canaries;

public sealed class ReconcileBacklogTests
{
    private static DeploymentKey Key(string ns, string name) => new(ns, name);

    [Fact]
    public async Task Namespaces_TakeTurns_SoOneNamespacesFloodDoesNotDelayAnother()
    {
        using var backlog = new ReconcileBacklog(100);
        for (var i = 0; i < 5; i++)
        {
            backlog.Add(Key("flood", $"ghost-{i}"));
        }

        backlog.Add(Key("shop", "web"));

        var first = (await backlog.TakeAsync(CancellationToken.None)).Key;
        var second = (await backlog.TakeAsync(CancellationToken.None)).Key;

        Assert.Equal(Key("flood", "ghost-0"), first);
        Assert.Equal(Key("shop", "web"), second);
        Assert.Equal(4, backlog.Depth);
    }

    [Fact]
    public async Task AKeyAddedWhileRunning_RunsOnceMoreAfterwards_AndADuplicateIsOneEntry()
    {
        using var backlog = new ReconcileBacklog(10);
        backlog.Add(Key("shop", "web"));
        backlog.Add(Key("shop", "web"));
        Assert.Equal(1, backlog.Depth);

        var (key, _) = await backlog.TakeAsync(CancellationToken.None);
        backlog.Add(key);
        Assert.Equal(0, backlog.Depth);
        backlog.Done(key);

        Assert.Equal(1, backlog.Depth);
        Assert.Equal(key, (await backlog.TakeAsync(CancellationToken.None)).Key);
    }

    [Fact]
    public async Task ARetry_WaitsOutItsBackoff_InTheTimerNotInAWorker_WithItsAttemptCounted()
    {
        using var backlog = new ReconcileBacklog(10);
        using var stop = new CancellationTokenSource();
        var timer = backlog.RunTimerAsync(stop.Token);
        backlog.Add(Key("shop", "web"));
        var (key, attempt) = await backlog.TakeAsync(CancellationToken.None);
        Assert.Equal(0, attempt);

        backlog.Done(key, TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, backlog.Depth);
        var retried = await backlog.TakeAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((key, 1), retried);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => timer);
    }

    [Fact]
    public async Task WhenFull_AFreshKeyDisplacesARetry_AndIsRefusedOnlyWhenNothingIsRetrying()
    {
        using var backlog = new ReconcileBacklog(2);
        var dropped = new List<string>();
        backlog.Dropped += dropped.Add;
        backlog.Add(Key("flood", "ghost-0"));
        backlog.Add(Key("flood", "ghost-1"));
        var (ghost, _) = await backlog.TakeAsync(CancellationToken.None);
        backlog.Done(ghost, TimeSpan.FromHours(1));
        Assert.Equal(2, backlog.Depth);

        Assert.Equal(QueueAdmission.Queued, backlog.Add(Key("shop", "web")));
        Assert.Equal(["evicted"], dropped);
        Assert.Equal(QueueAdmission.Refused, backlog.Add(Key("shop", "api")));
        Assert.Equal(2, backlog.Depth);
        Assert.Equal(Key("flood", "ghost-1"), (await backlog.TakeAsync(CancellationToken.None)).Key);
        Assert.Equal(Key("shop", "web"), (await backlog.TakeAsync(CancellationToken.None)).Key);
    }
}
