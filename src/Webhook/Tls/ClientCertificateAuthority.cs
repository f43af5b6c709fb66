using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CanaryGuard.Webhook.Hosting;
using Microsoft.Extensions.Logging;

namespace CanaryGuard.Webhook.Tls;

/// <summary>
/// The CA certificates (<c>--client-ca FILE</c>, PEM) that must have issued the client certificate of every caller
/// of the admission port: the API server, configured to present one (docs/install.md). Reloaded when the file
/// changes, like the serving certificate; a file that does not load is logged and the previous CAs stay. Until a
/// first version loads, no caller is accepted and /readyz says why.
/// </summary>
public sealed class ClientCertificateAuthority : IDisposable
{
    /// <summary>The extended key usage a client certificate must allow (when it lists any).</summary>
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private readonly string path;
    private readonly ILogger logger;
    private readonly FileChangeMonitor monitor;
    private volatile X509Certificate2Collection? roots;

    public ClientCertificateAuthority(string path, TimeSpan recheckInterval, ILogger logger)
    {
        this.path = path;
        this.logger = logger;
        Load();
        monitor = new FileChangeMonitor([path], recheckInterval, Load);
    }

    public string Path => path;

    public bool IsLoaded => roots is not null;

    /// <summary>Whether <paramref name="certificate"/> chains to one of the CAs, with the intermediates the client sent.</summary>
    public bool Verifies(X509Certificate2? certificate, X509Chain? presented)
    {
        if (certificate is null || roots is not { } trusted)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
        // No revocation lists: the server makes no network calls of its own; rotate the CA to revoke.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(certificate);
    }

    public void Dispose() => monitor.Dispose();

    private void Load()
    {
        try
        {
            var loaded = new X509Certificate2Collection();
            loaded.ImportFromPemFile(path);
            if (loaded.Count == 0)
            {
                throw new CryptographicException("the file holds no PEM certificate");
            }

            roots = loaded;
            Log.ClientCaLoaded(logger, path, loaded.Count);
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException)
        {
            Log.ClientCaRejected(logger, path, exception.Message);
        }
    }
}
