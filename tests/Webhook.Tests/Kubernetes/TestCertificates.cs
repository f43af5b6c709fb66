using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CanaryGuard.Webhook.Tests.Kubernetes;

/// <summary>Self-signed certificates made in memory for the fake API server and for client authentication.</summary>
internal static class TestCertificates
{
    /// <summary>A serving certificate for 127.0.0.1 and localhost that is its own CA.</summary>
    public static X509Certificate2 Server(string subject = "CN=fake-apiserver") => Create(subject, serverAuth: true, "localhost");

    /// <summary>A serving certificate that is its own CA, issued for <paramref name="dnsName"/> only.</summary>
    public static X509Certificate2 ServerFor(string dnsName) => Create($"CN={dnsName}", serverAuth: true, dnsName);

    public static X509Certificate2 Client(string subject) => Create(subject, serverAuth: false, dnsName: null);

    public static string CertificatePem(X509Certificate2 certificate) => certificate.ExportCertificatePem();

    public static string KeyPem(X509Certificate2 certificate) => certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem();

    private static X509Certificate2 Create(string subject, bool serverAuth, string? dnsName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: serverAuth, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | (serverAuth ? X509KeyUsageFlags.KeyCertSign : 0), critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [serverAuth ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        if (dnsName is not null)
        {
            var names = new SubjectAlternativeNameBuilder();
            if (dnsName == "localhost")
            {
                names.AddIpAddress(IPAddress.Loopback);
            }

            names.AddDnsName(dnsName);
            request.CertificateExtensions.Add(names.Build());
        }

        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }
}
