namespace CanaryGuard.Webhook.Kubernetes;

/// <summary>Where the bearer token of each request comes from.</summary>
public abstract class BearerToken
{
    /// <summary>The token to send now, or null to send none.</summary>
    public abstract string? Current();

    /// <summary>A token that never changes (kubeconfig <c>token:</c>).</summary>
    public static BearerToken Fixed(string token) => new FixedToken(token);

    /// <summary>
    /// A token read from a file on every request. Bound service-account tokens expire (one hour by default) and
    /// the kubelet rewrites the projected file well before; reading a small tmpfs file per request is cheaper
    /// than any staleness bug, and a rotated token is used by the very next request.
    /// </summary>
    public static BearerToken FromFile(string path) => new FileToken(path);

    private sealed class FixedToken(string token) : BearerToken
    {
        public override string? Current() => token;
    }

    private sealed class FileToken(string path) : BearerToken
    {
        public override string? Current()
        {
            var token = File.ReadAllText(path).Trim();
            return token.Length == 0 ? null : token;
        }
    }
}
