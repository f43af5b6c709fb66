using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CanaryGuard.Webhook.Tls;

/// <summary>
/// A throw-away certificate authority and a serving certificate it signed, for <c>--dev</c> and for tests.
/// The serving certificate names 127.0.0.1 and localhost (the API server checks the SAN, not the CN), plus
/// any extra DNS names given. Both live in memory only.
/// </summary>
public sealed class DevCertificates : IDisposable
{
    private DevCertificates(X509Certificate2 authority, X509Certificate2 serving)
    {
        Authority = authority;
        Serving = serving;
    }

    /// <summary>The CA (public part and key); what the webhook configuration's caBundle trusts.</summary>
    public X509Certificate2 Authority { get; }

    public X509Certificate2 Serving { get; }

    /// <summary>The CA certificate in PEM, base64-encoded: the <c>caBundle</c> field's value.</summary>
    public string CaBundle => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(Authority.ExportCertificatePem()));

    public static DevCertificates Create(string commonName = "canaryguard-webhook", TimeSpan? validity = null, params string[] extraDnsNames)
    {
        var now = DateTimeOffset.UtcNow;
        var notBefore = now.AddMinutes(-5);
        var notAfter = now + (validity ?? TimeSpan.FromDays(30));

        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=CanaryGuard development CA", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        var authority = authorityRequest.CreateSelfSigned(notBefore, notAfter.AddDays(1));

        using var servingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var servingRequest = new CertificateRequest($"CN={commonName}", servingKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        foreach (var name in extraDnsNames)
        {
            names.AddDnsName(name);
        }

        servingRequest.CertificateExtensions.Add(names.Build());
        servingRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        servingRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        servingRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], false));
        servingRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        using var unkeyed = servingRequest.Create(authority, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        var serving = unkeyed.CopyWithPrivateKey(servingKey);
        return new DevCertificates(authority, serving);
    }

    /// <summary>Writes the serving certificate and key as PEM, the layout of a kubernetes.io/tls Secret.</summary>
    public void WriteServingPem(string certificatePath, string keyPath)
    {
        using var key = Serving.GetECDsaPrivateKey()!;
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certificatePath, Serving.ExportCertificatePem());
    }

    /// <summary>Whether <paramref name="certificate"/> chains to this CA (a client's trust decision, for tests and health checks).</summary>
    public bool Issued(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    public void Dispose()
    {
        Authority.Dispose();
        Serving.Dispose();
    }
}
