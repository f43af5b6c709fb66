namespace CanaryGuard.Webhook.Canaries;

/// <summary>A Deployment to reconcile.</summary>
public readonly record struct DeploymentKey(string Namespace, string Name);

/// <summary>What became of a key handed to <see cref="ReconcileBacklog.Add"/>.</summary>
public enum QueueAdmission
{
    /// <summary>Queued, or already queued, or marked to run again after the reconcile in progress.</summary>
    Queued,

    /// <summary>The queue was full of work that cannot be displaced: not queued (the next resync finds it).</summary>
    Refused,
}

/// <summary>
/// The reconciler's bounded work queue. A key is held at most once: queued, waiting out a backoff, or running (then
/// marked to run again). Workers take keys namespace by namespace in turn, so one namespace's flood of reviews
/// cannot delay another's. A retry waits in a timed set, not in a worker, and is the first thing displaced when a
/// fresh key finds the queue full: fresh admissions are never starved by retries of Deployments that may not exist.
/// </summary>
public sealed class ReconcileBacklog : IDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<DeploymentKey, State> states = [];
    private readonly Dictionary<string, Queue<DeploymentKey>> readyByNamespace = new(StringComparer.Ordinal);
    private readonly Queue<string> namespaceTurns = new();
    private readonly PriorityQueue<DeploymentKey, DateTimeOffset> delayed = new();
    private readonly SemaphoreSlim readySignal = new(0);
    private readonly SemaphoreSlim delayedSignal = new(0);
    private readonly TimeProvider time;
    private int waiting;

    public ReconcileBacklog(int capacity, TimeProvider? time = null)
    {
        Capacity = capacity;
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>A key was displaced or given up; the argument says why (<c>evicted</c>, <c>full</c>).</summary>
    public event Action<string>? Dropped;

    public int Capacity { get; }

    /// <summary>Keys queued or waiting out a backoff (not those running).</summary>
    public int Depth
    {
        get
        {
            lock (gate)
            {
                return waiting;
            }
        }
    }

    /// <summary>Queues a key to run now (a fresh admission or a resync); one waiting out a backoff runs now instead.</summary>
    public QueueAdmission Add(DeploymentKey key)
    {
        lock (gate)
        {
            if (states.TryGetValue(key, out var state))
            {
                switch (state.Phase)
                {
                    case Phase.Running:
                        states[key] = state with { RunAgain = true };
                        break;
                    case Phase.Delayed:
                        // Admitted again: it probably exists now, so it need not wait out the rest of its backoff.
                        waiting--;
                        MakeReady(key, attempt: 0);
                        break;
                }

                return QueueAdmission.Queued;
            }

            if (waiting >= Capacity && !EvictOneDelayed())
            {
                return QueueAdmission.Refused;
            }

            MakeReady(key, attempt: 0);
            return QueueAdmission.Queued;
        }
    }

    /// <summary>Waits until the queue has room (a resync's way to pace itself), then <see cref="Add"/>s the key.</summary>
    public async Task<QueueAdmission> AddWhenRoomAsync(DeploymentKey key, CancellationToken cancellationToken)
    {
        // Polling is enough: a resync waits only when the workers are behind, and never holds a worker.
        while (Depth >= Capacity)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }

        return Add(key);
    }

    /// <summary>The next key (namespaces in turn) and how many attempts it has had; waits while there is none.</summary>
    public async Task<(DeploymentKey Key, int Attempt)> TakeAsync(CancellationToken cancellationToken)
    {
        await readySignal.WaitAsync(cancellationToken);
        lock (gate)
        {
            var ns = namespaceTurns.Dequeue();
            var keys = readyByNamespace[ns];
            var key = keys.Dequeue();
            if (keys.Count > 0)
            {
                namespaceTurns.Enqueue(ns);
            }
            else
            {
                readyByNamespace.Remove(ns);
            }

            waiting--;
            var state = states[key];
            states[key] = new State(Phase.Running, state.Attempt, default, RunAgain: false);
            return (key, state.Attempt);
        }
    }

    /// <summary>
    /// Ends a key's run: again now if it was added meanwhile, else after <paramref name="retryAfter"/> (attempt + 1)
    /// when given and there is room, else it leaves the queue.
    /// </summary>
    public void Done(DeploymentKey key, TimeSpan? retryAfter = null)
    {
        lock (gate)
        {
            var state = states[key];
            states.Remove(key);
            if (state.RunAgain)
            {
                MakeReady(key, attempt: 0);
            }
            else if (retryAfter is { } delay)
            {
                if (waiting >= Capacity)
                {
                    Dropped?.Invoke("full");
                    return;
                }

                var due = time.GetUtcNow() + delay;
                states[key] = new State(Phase.Delayed, state.Attempt + 1, due, RunAgain: false);
                delayed.Enqueue(key, due);
                waiting++;
                delayedSignal.Release();
            }
        }
    }

    /// <summary>Moves keys whose backoff is over to the ready queue, until <paramref name="cancellationToken"/>.</summary>
    public async Task RunTimerAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan wait;
            lock (gate)
            {
                var now = time.GetUtcNow();
                while (delayed.TryPeek(out var key, out var due) && due <= now)
                {
                    delayed.Dequeue();
                    if (states.TryGetValue(key, out var state) && state.Phase == Phase.Delayed && state.Due == due)
                    {
                        waiting--;
                        MakeReady(key, state.Attempt);
                    }
                }

                wait = delayed.TryPeek(out _, out var next) ? next - now : Timeout.InfiniteTimeSpan;
            }

            await delayedSignal.WaitAsync(wait, cancellationToken);
        }
    }

    private void MakeReady(DeploymentKey key, int attempt)
    {
        states[key] = new State(Phase.Ready, attempt, default, RunAgain: false);
        if (!readyByNamespace.TryGetValue(key.Namespace, out var keys))
        {
            keys = new Queue<DeploymentKey>();
            readyByNamespace[key.Namespace] = keys;
            namespaceTurns.Enqueue(key.Namespace);
        }

        keys.Enqueue(key);
        waiting++;
        readySignal.Release();
    }

    /// <summary>Gives up the retry that would run last, to make room; false when nothing waits out a backoff.</summary>
    private bool EvictOneDelayed()
    {
        var victim = states.Where(s => s.Value.Phase == Phase.Delayed).OrderByDescending(s => s.Value.Due).Select(s => (DeploymentKey?)s.Key).FirstOrDefault();
        if (victim is not { } key)
        {
            return false;
        }

        // Its entry in the timed set is skipped when it comes due (the state no longer says Delayed).
        states.Remove(key);
        waiting--;
        Dropped?.Invoke("evicted");
        return true;
    }

    public void Dispose()
    {
        readySignal.Dispose();
        delayedSignal.Dispose();
    }

    private enum Phase
    {
        Ready,
        Delayed,
        Running,
    }

    private readonly record struct State(Phase Phase, int Attempt, DateTimeOffset Due, bool RunAgain);
}
