using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CanaryGuard.Webhook.Tests.Infrastructure;

namespace CanaryGuard.Webhook.Tests.Hosting;

/// <summary>
/// cert-manager issues from intermediate CAs and writes tls.crt as leaf then intermediates; the API server's
/// caBundle usually holds only the root. The handshake must carry the intermediates, or the API server cannot
/// verify the webhook and every admission fails.
/// </summary>
public sealed class CertificateChainTests
{
    [Fact]
    public async Task The_intermediates_in_tls_crt_are_sent_so_a_client_trusting_only_the_root_connects()
    {
        await using var webhook = await RunningWebhook.StartAsync(recheckInterval: TimeSpan.FromMilliseconds(200));
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var root = Authority("CN=test root", rootKey, issuer: null, issuerKey: null);
        using var intermediate = Authority("CN=test intermediate", intermediateKey, root, rootKey);
        using var leaf = Leaf(leafKey, intermediate, intermediateKey);

        await File.WriteAllTextAsync(webhook.KeyPath, leafKey.ExportPkcs8PrivateKeyPem());
        await File.WriteAllTextAsync(webhook.CertificatePath, leaf.ExportCertificatePem() + "\n" + intermediate.ExportCertificatePem() + "\n");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (webhook.Server.Certificates.Current?.Thumbprint != leaf.Thumbprint)
        {
            Assert.True(DateTime.UtcNow < deadline, "the new certificate was not loaded within 15 s");
            await Task.Delay(100);
        }

        var sent = new List<string>();
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
        {
            lock (sent)
            {
                sent.AddRange(chain!.ChainPolicy.ExtraStore.Select(c => c.Thumbprint));
            }

            using var verify = new X509Chain();
            verify.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            verify.ChainPolicy.CustomTrustStore.Add(root);
            verify.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            verify.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
            using var presented = X509CertificateLoader.LoadCertificate(certificate!.GetRawCertData());
            return verify.Build(presented);
        };
        using var client = new HttpClient(handler);

        using var response = await webhook.PostAsync("/validate", Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep)).ToJsonString(), client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(intermediate.Thumbprint, sent);
    }

    private static X509Certificate2 Authority(string name, ECDsa key, X509Certificate2? issuer, ECDsa? issuerKey)
    {
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var (notBefore, notAfter) = (DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        if (issuer is null || issuerKey is null)
        {
            return request.CreateSelfSigned(notBefore, notAfter);
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        using var issued = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), notBefore, notAfter, RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(key);
    }

    private static X509Certificate2 Leaf(ECDsa key, X509Certificate2 issuer, ECDsa issuerKey)
    {
        var request = new CertificateRequest("CN=canaryguard.canaryguard.svc", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(8));
    }
}
