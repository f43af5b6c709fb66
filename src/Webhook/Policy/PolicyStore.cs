using CanaryGuard.Rules.Policy;
using CanaryGuard.Webhook.Hosting;
using CanaryGuard.Webhook.Metrics;
using Microsoft.Extensions.Logging;

namespace CanaryGuard.Webhook.Policy;

/// <summary>
/// The policy in force. From <c>--policy FILE</c> (a mounted ConfigMap) it is reloaded when the file changes;
/// a new version with any problem is rejected with a log line and the last good policy stays. A file that does
/// not load at start is no reason not to start: a webhook that exits would crash-loop, and with
/// <c>failurePolicy: Fail</c> block every Canary write. It starts on the built-in defaults instead, and says so in
/// the log, in the /readyz text (<see cref="Problem"/>) and in <c>canaryguard_policy_file_in_force</c>, until a
/// version of the file loads. Without a file the built-in default applies.
/// </summary>
public sealed class PolicyStore : IDisposable
{
    private readonly string? path;
    private readonly IReadOnlySet<string> knownRuleIds;
    private readonly ILogger logger;
    private readonly WebhookMetrics metrics;
    private readonly FileChangeMonitor? monitor;
    private volatile CanaryGuardPolicy current;
    private volatile string? problem;
    private bool loadedOnce;

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

        Reload();
        monitor = new FileChangeMonitor([path], recheckInterval, () => Reload());
    }

    public CanaryGuardPolicy Current => current;

    /// <summary>Why the policy file's current content is not in force, and what is instead; null when it is.</summary>
    public string? Problem => problem;

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

        // A truncated ConfigMap reads as no settings at all, which would silently drop enforcement to the defaults.
        if (HasNoContent(text))
        {
            return Reject("the file is empty (no setting, only blank or comment lines); an intentionally default policy says so, e.g. `admission: { denyAt: error }`");
        }

        var loaded = PolicyLoader.Load(path, text, knownRuleIds);
        if (loaded.Problems.Count > 0)
        {
            var problems = loaded.Problems.Select(p => p.Span is { } span ? $"({span.StartLine},{span.StartColumn}): {p.Id}: {p.Message}" : $"{p.Id}: {p.Message}");
            return Reject(string.Join("; ", problems));
        }

        current = loaded.Policy;
        problem = null;
        loadedOnce = true;
        metrics.PolicyReloads.Increment("success");
        Log.PolicyLoaded(logger, path, CanaryTemplateHash.Compute(loaded.Policy));
        return true;
    }

    public void Dispose() => monitor?.Dispose();

    private static bool HasNoContent(string text) =>
        text.Split('\n').All(line => line.TrimStart() is var content && (content.Length == 0 || content[0] == '#' || content.TrimEnd() is "---" or "..."));

    private bool Reject(string problems)
    {
        metrics.PolicyReloads.Increment("failure");
        if (loadedOnce)
        {
            problem = $"policy {path} rejected, the last good policy stays in force: {problems}";
            Log.PolicyRejected(logger, path!, problems);
        }
        else
        {
            problem = $"policy {path} rejected, the built-in defaults are in force: {problems}";
            Log.PolicyRejectedAtStart(logger, path!, problems);
        }

        return false;
    }
}
