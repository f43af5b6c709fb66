using k8s;
using k8s.Exceptions;

namespace CanaryGuard.Cluster;

/// <summary>
/// How to reach and authenticate to the API server, as the official client configures it: in a pod the service
/// account (its token file re-read as the kubelet rotates it), outside a kubeconfig context (a token, a client
/// certificate, or an exec credential plugin as EKS, GKE and AKS use, re-run when its token expires).
/// <see cref="Configure"/> is called once for the transport, and again for fresh credentials after a 401.
/// </summary>
public sealed record ClusterConnection(Func<KubernetesClientConfiguration> Configure)
{
    /// <summary>How long one request may take before it fails with a <see cref="TimeoutException"/>.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many requests may be in flight at once; the rest wait their turn. One admission review with thousands of
    /// references must not open thousands of connections as the webhook's ServiceAccount (issue 18: 7,261 GETs
    /// over 4,310 connections).
    /// </summary>
    public int MaxConcurrentRequests { get; init; } = 16;

    /// <summary>
    /// The least time between the starts of two requests; zero for no limit. A background audit reads every
    /// object of the cluster: paced, it never competes with what the API server owes its other clients.
    /// </summary>
    public TimeSpan MinRequestInterval { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// The connection the user means: an explicit <paramref name="kubeconfig"/> or <paramref name="context"/> is a
    /// kubeconfig's (the first file of <c>$KUBECONFIG</c> that exists, else <c>~/.kube/config</c>);
    /// with neither, the pod's service account when running in a cluster, else the kubeconfig's current context.
    /// The configuration is read once here, so a missing file or context is a <see cref="ClusterConfigurationException"/>
    /// now and not at the first request.
    /// </summary>
    public static ClusterConnection Load(string? kubeconfig = null, string? context = null)
    {
        var inCluster = kubeconfig is null && context is null && KubernetesClientConfiguration.IsInCluster();
        Func<KubernetesClientConfiguration> configure = inCluster
            ? KubernetesClientConfiguration.InClusterConfig
            : () => FromKubeconfig(kubeconfig, context);
        KubernetesClientConfiguration first;
        try
        {
            first = configure();
        }
#pragma warning disable CA1031 // The official reader throws plain Exceptions too (an azure or gcp auth-provider): every one is a configuration error, said as such.
        catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
        {
            var source = kubeconfig ?? (inCluster ? "the service account" : "the kubeconfig");
            throw new ClusterConfigurationException($"{source}{(context is null ? string.Empty : $", context {context}")}: {exception.Message}", exception);
        }

        // The first configuration is the client's: an exec plugin (aws eks get-token: a second or more) runs once, not twice.
        var firstUsed = 0;
        return new ClusterConnection(() => Interlocked.Exchange(ref firstUsed, 1) == 0 ? first : configure());
    }

    private static KubernetesClientConfiguration FromKubeconfig(string? path, string? context)
    {
        // $KUBECONFIG may list several files; the first that exists is read (the official client merges them only
        // without a context to choose, and fails on a missing one where kubectl skips it).
        string[] candidates = path is not null
            ? [path]
            : Environment.GetEnvironmentVariable("KUBECONFIG") is { Length: > 0 } variable
                ? variable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                : [KubernetesClientConfiguration.KubeConfigDefaultLocation];
        var file = candidates.Select(c => new FileInfo(c)).FirstOrDefault(f => f.Exists)
            ?? throw new KubeConfigException($"no kubeconfig: {string.Join(", ", candidates.Select(Path.GetFullPath))} not found (--kubeconfig names one)");
        return KubernetesClientConfiguration.BuildConfigFromConfigObject(KubernetesClientConfiguration.LoadKubeConfig(file), context);
    }
}

/// <summary>The kubeconfig or service account could not be read: which file or context, and why.</summary>
public sealed class ClusterConfigurationException : Exception
{
    public ClusterConfigurationException()
    {
    }

    public ClusterConfigurationException(string message)
        : base(message)
    {
    }

    public ClusterConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
