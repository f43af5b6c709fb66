using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CanaryGuard.Webhook.Hosting;
using Microsoft.Extensions.Logging;

namespace CanaryGuard.Webhook.Tls;

/// <summary>
/// The serving certificate Kestrel's certificate selector hands to every new TLS handshake. From files, it is
/// reloaded when they change (see <see cref="FileChangeMonitor"/>); a pair that does not load (a half-written
/// update, a key that does not match) is logged and the previous certificate stays. Connections already
/// established keep the certificate they negotiated, so a reload never breaks one. Every certificate after the
/// first in the PEM file (as cert-manager writes tls.crt: leaf, then intermediates) is sent with it in the
/// handshake, so the API server can verify a leaf issued by an intermediate CA against a caBundle holding only
/// the root.
/// </summary>
public sealed class CertificateStore : IDisposable
{
    private readonly string? certificatePath;
    private readonly string? keyPath;
    private readonly ILogger logger;
    private readonly FileChangeMonitor? monitor;
    private volatile Serving? current;

    private CertificateStore(X509Certificate2 certificate, ILogger logger)
    {
        current = Serving.Of(certificate, []);
        this.logger = logger;
    }

    private CertificateStore(string certificatePath, string keyPath, TimeSpan recheckInterval, ILogger logger)
    {
        this.certificatePath = certificatePath;
        this.keyPath = keyPath;
        this.logger = logger;
        Load();
        monitor = new FileChangeMonitor([certificatePath, keyPath], recheckInterval, () => Load());
    }

    /// <summary>The certificate for new handshakes; null only if the files never loaded.</summary>
    public X509Certificate2? Current => current?.Certificate;

    /// <summary>The certificate with the intermediates sent along with it, for new handshakes; null only if the files never loaded.</summary>
    public SslStreamCertificateContext? CurrentContext => current?.Context;

    /// <summary>A certificate held in memory (<c>--dev</c>): never reloaded.</summary>
    public static CertificateStore Fixed(X509Certificate2 certificate, ILogger logger) => new(certificate, logger);

    public static CertificateStore FromFiles(string certificatePath, string keyPath, TimeSpan recheckInterval, ILogger logger) =>
        new(certificatePath, keyPath, recheckInterval, logger);

    /// <summary>Serving is possible: a certificate is loaded and inside its validity period.</summary>
    public bool IsValid(DateTimeOffset now) => Current is { } certificate && certificate.NotBefore <= now && now < certificate.NotAfter;

    /// <summary>Re-reads the files now (the watch and the timer call this too); false if they did not load.</summary>
    public bool Reload() => Load();

    public void Dispose() => monitor?.Dispose();

    private bool Load()
    {
        if (certificatePath is null || keyPath is null)
        {
            return current is not null;
        }

        try
        {
            // The certificate file is read once: the leaf and its intermediates come from the same version of it.
            var certificatePem = File.ReadAllText(certificatePath);
            var loaded = X509Certificate2.CreateFromPem(certificatePem, File.ReadAllText(keyPath));
            var inFile = new X509Certificate2Collection();
            inFile.ImportFromPem(certificatePem);
            var intermediates = inFile.Skip(1).ToArray();
            if (current is { } serving && serving.Certificate.Thumbprint == loaded.Thumbprint
                && serving.Intermediates.Select(c => c.Thumbprint).SequenceEqual(intermediates.Select(c => c.Thumbprint)))
            {
                loaded.Dispose();
                return true;
            }

            // The previous certificate is not disposed: a handshake may still be using it; the GC reclaims it.
            current = Serving.Of(loaded, intermediates);
            Log.CertificateLoaded(logger, certificatePath, loaded.Subject, loaded.NotAfter.ToUniversalTime(), loaded.Thumbprint);
            if (!IsValid(DateTimeOffset.UtcNow))
            {
                Log.CertificateNotValidNow(logger, certificatePath, loaded.NotBefore.ToUniversalTime(), loaded.NotAfter.ToUniversalTime());
            }

            return true;
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            if (current is null)
            {
                Log.NoCertificate(logger, certificatePath, exception.Message);
            }
            else
            {
                Log.CertificateRejected(logger, certificatePath, exception.Message);
            }

            return false;
        }
    }

    /// <summary>A certificate and the intermediates sent with it; the context is made once per load, not per handshake.</summary>
    private sealed record Serving(X509Certificate2 Certificate, X509Certificate2[] Intermediates, SslStreamCertificateContext Context)
    {
        // offline: the chain is what the file holds; the server never fetches issuers from the network.
        public static Serving Of(X509Certificate2 certificate, X509Certificate2[] intermediates) =>
            new(certificate, intermediates, SslStreamCertificateContext.Create(certificate, new X509Certificate2Collection(intermediates), offline: true));
    }
}
