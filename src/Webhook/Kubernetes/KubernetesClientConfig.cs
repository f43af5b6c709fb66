using System.Security.Cryptography.X509Certificates;

namespace CanaryGuard.Webhook.Kubernetes;

/// <summary>
/// How to reach and authenticate to the API server: in a pod from the service account, outside from a kubeconfig.
/// </summary>
public sealed record KubernetesClientConfig
{
    public const string ServiceAccountFolder = "/var/run/secrets/kubernetes.io/serviceaccount";

    public required Uri Server { get; init; }

    /// <summary>The CA certificates the server's certificate must chain to; empty to use the system's roots.</summary>
    public X509Certificate2Collection CertificateAuthority { get; init; } = [];

    public BearerToken? Token { get; init; }

    /// <summary>A client certificate with its private key (kubeconfig <c>client-certificate</c>/<c>client-key</c>).</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>The namespace of the context (kubeconfig) or of the pod (in cluster); informational.</summary>
    public string? Namespace { get; init; }

    /// <summary>How long one request may take before it fails with a <see cref="TimeoutException"/>.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many requests may be in flight at once, over as many connections at most; the rest wait their turn. One
    /// admission review with thousands of references must not open thousands of connections as the webhook's
    /// ServiceAccount (issue 18: 7,261 GETs over 4,310 connections).
    /// </summary>
    public int MaxConcurrentRequests { get; init; } = 16;

    /// <summary>True when the process runs in a pod (the kubelet sets <c>KUBERNETES_SERVICE_HOST</c>).</summary>
    public static bool IsInCluster(Func<string, string?>? environment = null) =>
        !string.IsNullOrEmpty((environment ?? Environment.GetEnvironmentVariable)("KUBERNETES_SERVICE_HOST"));

    /// <summary>
    /// The pod's service account: <c>https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT</c>, the CA file and
    /// the token file (re-read per request so a rotated bound token is picked up).
    /// </summary>
    public static KubernetesClientConfig InCluster(Func<string, string?>? environment = null, string folder = ServiceAccountFolder)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var host = environment("KUBERNETES_SERVICE_HOST");
        var port = environment("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new InvalidOperationException("not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set");
        }

        // An IPv6 service address needs brackets in a URL.
        var authority = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";
        var namespaceFile = Path.Combine(folder, "namespace");
        return new KubernetesClientConfig
        {
            Server = new Uri($"https://{authority}"),
            CertificateAuthority = LoadPemFile(Path.Combine(folder, "ca.crt")),
            Token = BearerToken.FromFile(Path.Combine(folder, "token")),
            Namespace = File.Exists(namespaceFile) ? File.ReadAllText(namespaceFile).Trim() : null,
        };
    }

    /// <summary>In a pod the service account, otherwise <c>$KUBECONFIG</c> (its first file) or <c>~/.kube/config</c>.</summary>
    public static KubernetesClientConfig Load(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (IsInCluster(environment))
        {
            return InCluster(environment);
        }

        var kubeconfig = environment("KUBECONFIG")?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        return Kubeconfig.Load(kubeconfig);
    }

    internal static X509Certificate2Collection LoadPemFile(string path)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(path);
        return collection;
    }

    internal static X509Certificate2Collection LoadPem(string pem)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        return collection;
    }
}
