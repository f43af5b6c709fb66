using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CanaryGuard.Webhook.Tests.Infrastructure;

namespace CanaryGuard.Webhook.Tests.Hosting;

/// <summary><c>--client-ca</c>: only callers presenting a certificate that CA issued (the API server, configured so) reach admission.</summary>
public sealed class ClientCertificateTests
{
    [Fact]
    public async Task Only_a_client_certificate_issued_by_the_client_CA_is_accepted()
    {
        using var authority = CertificateAuthority.Create("CN=apiserver-client-ca");
        using var stranger = CertificateAuthority.Create("CN=another-ca");
        using var apiServer = authority.IssueClient("CN=kube-apiserver");
        using var impostor = stranger.IssueClient("CN=kube-apiserver");
        await using var webhook = await RunningWebhook.StartAsync(clientCa: authority.Certificate.ExportCertificatePem());
        var review = Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep)).ToJsonString();

        using (var trusted = webhook.NewClient(apiServer))
        using (var response = await webhook.PostAsync("/validate", review, trusted))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var anonymous = webhook.NewClient())
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => webhook.PostAsync("/validate", review, anonymous));
        }

        using (var untrusted = webhook.NewClient(impostor))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => webhook.PostAsync("/validate", review, untrusted));
        }

        Assert.Equal((HttpStatusCode.OK, "ready\n"), await webhook.GetHealthAsync("/readyz"));
        Assert.Contains(webhook.Logs.Entries, e => e.EventId == 24 && e.Message.Contains(webhook.ClientCaPath, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_client_CA_file_that_does_not_load_keeps_the_server_not_ready_and_accepts_nobody()
    {
        await using var webhook = await RunningWebhook.StartAsync(clientCa: "not a certificate\n");

        var (status, text) = await webhook.GetHealthAsync("/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal($"not ready: no client CA loaded from {webhook.ClientCaPath}\n", text);
        Assert.Contains(webhook.Logs.Entries, e => e.EventId == 25);
    }

    /// <summary>A CA made in memory that issues client certificates (clientAuth usage).</summary>
    private sealed class CertificateAuthority : IDisposable
    {
        private readonly ECDsa key;

        private CertificateAuthority(ECDsa key, X509Certificate2 certificate)
        {
            this.key = key;
            Certificate = certificate;
        }

        public X509Certificate2 Certificate { get; }

        public static CertificateAuthority Create(string subject)
        {
            var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
            return new CertificateAuthority(key, request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1)));
        }

        public X509Certificate2 IssueClient(string subject)
        {
            using var clientKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest(subject, clientKey, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
            using var issued = request.Create(Certificate, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1), RandomNumberGenerator.GetBytes(8));
            using var withKey = issued.CopyWithPrivateKey(clientKey);
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), password: null);
        }

        public void Dispose()
        {
            Certificate.Dispose();
            key.Dispose();
        }
    }
}
