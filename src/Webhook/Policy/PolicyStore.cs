using CanaryGuard.Rules.Policy;
using CanaryGuard.Webhook.Hosting;
using CanaryGuard.Webhook.Metrics;
using Microsoft.Extensions.Logging;

namespace CanaryGuard.Webhook.Policy;

/// <summary>
/// The policy in force. From <c>--policy FILE</c> (a mounted ConfigMap) it is reloaded when the file changes;
/// a new version with any problem is rejected with a log line and the last good policy stays. Without a file
/// the built-in default applies.
/// </summary>
public sealed class PolicyStore : IDisposable
{
    private readonly string? path;
    private readonly IReadOnlySet<string> knownRuleIds;
    private readonly ILogger logger;
    private readonly WebhookMetrics metrics;
    private readonly FileChangeMonitor? monitor;
    private volatile CanaryGuardPolicy current;

    public PolicyStore(string? path, IReadOnlySet<string> knownRuleIds, TimeSpan recheckInterval, ILogger logger, WebhookMetrics metrics)
    {
        this.path = path;
        this.knownRuleIds = knownRuleIds;
        this.logger = logger;
        this.metrics = metrics;
        current = CanaryGuardPolicy.Default;
        if (path is null)
        {
            return;
        }

        if (!Reload())
        {
            throw new InvalidOperationException($"the policy file {path} is invalid; see the log");
        }

        monitor = new FileChangeMonitor([path], recheckInterval, () => Reload());
    }

    public CanaryGuardPolicy Current => current;

    /// <summary>Reads the file now; returns whether it was valid (and is now in force).</summary>
    public bool Reload()
    {
        if (path is null)
        {
            return true;
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Reject(exception.Message);
        }

        var loaded = PolicyLoader.Load(path, text, knownRuleIds);
        if (loaded.Problems.Count > 0)
        {
            var problems = loaded.Problems.Select(p => p.Span is { } span ? $"({span.StartLine},{span.StartColumn}): {p.Id}: {p.Message}" : $"{p.Id}: {p.Message}");
            return Reject(string.Join("; ", problems));
        }

        current = loaded.Policy;
        metrics.PolicyReloads.Increment("success");
        Log.PolicyLoaded(logger, path, CanaryTemplateHash.Compute(loaded.Policy));
        return true;
    }

    public void Dispose() => monitor?.Dispose();

    private bool Reject(string problems)
    {
        metrics.PolicyReloads.Increment("failure");
        Log.PolicyRejected(logger, path!, problems);
        return false;
    }
}
