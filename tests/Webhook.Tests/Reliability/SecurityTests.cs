using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json.Nodes;
using CanaryGuard.Tests.Shared;
using CanaryGuard.Webhook.Tests.Infrastructure;

namespace CanaryGuard.Webhook.Tests.Reliability;

/// <summary>TLS versions and ciphers on the real listener, and logs that never carry what the reviewed objects hold.</summary>
public sealed class SecurityTests
{
    private const string SecretValue = "s3cr3t-token-value";

    /// <summary>ECDHE-ECDSA and ECDHE-RSA with AES-GCM, then CBC suites.</summary>
    private static readonly byte[] AeadAndCbcSuites = [0xC0, 0x2B, 0xC0, 0x2F, 0xC0, 0x09, 0xC0, 0x13, 0x00, 0x2F];

    /// <summary>
    /// The server allows only TLS 1.2 and 1.3. Modern OpenSSL also refuses 1.0/1.1 on the client side, so a failed
    /// handshake alone does not prove the server refused; the server side is asserted through the TLS 1.2 and
    /// 1.3 successes and the configured protocols, and the old versions through the handshake failing at all.
    /// </summary>
    [Theory]
#pragma warning disable SYSLIB0039, CA5397 // TLS 1.0 and 1.1 are obsolete: that is the point of the test.
    [InlineData(SslProtocols.Tls)]
    [InlineData(SslProtocols.Tls11)]
#pragma warning restore SYSLIB0039, CA5397
    public async Task Tls_1_0_and_1_1_handshakes_are_refused(SslProtocols protocol)
    {
        await using var webhook = await RunningWebhook.StartAsync(policy: null);

        await Assert.ThrowsAnyAsync<Exception>(() => HandshakeAsync(webhook, protocol));
    }

    /// <summary>
    /// The server side of the refusal, independent of what the client library allows: a hand-made ClientHello
    /// offering only the given version (no supported_versions extension) gets a fatal protocol_version alert
    /// (record type 21, description 70) for TLS 1.0 and 1.1, and a ServerHello (record type 22) for TLS 1.2.
    /// </summary>
    [Theory]
    [InlineData(0x01, 21)]
    [InlineData(0x02, 21)]
    [InlineData(0x03, 22)]
    public async Task The_server_answers_a_raw_client_hello_by_version(byte minor, byte expectedRecordType)
    {
        var reply = await RawHelloAsync(ClientHello(minor, AeadAndCbcSuites));

        Assert.Equal(expectedRecordType, reply[0]);
        if (expectedRecordType == 21)
        {
            Assert.Equal((2, 70), (reply[5], reply[6])); // fatal, protocol_version
        }
    }

    /// <summary>OpenSSL would agree on these under TLS 1.2; the server's cipher suite policy leaves AEAD suites only.</summary>
    [Fact]
    public async Task A_tls_1_2_client_offering_only_cbc_suites_gets_a_handshake_failure()
    {
        byte[] cbcOnly = [0xC0, 0x09, 0xC0, 0x13, 0xC0, 0x23, 0xC0, 0x27, 0x00, 0x2F, 0x00, 0x35];

        var reply = await RawHelloAsync(ClientHello(0x03, cbcOnly));

        Assert.Equal((21, 2, 40), (reply[0], reply[5], reply[6])); // alert, fatal, handshake_failure
    }

    /// <summary>Sends a hand-made ClientHello and returns the first 7 bytes of the answer (a record header and 2 bytes).</summary>
    private static async Task<byte[]> RawHelloAsync(byte[] hello)
    {
        await using var webhook = await RunningWebhook.StartAsync(policy: null);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(webhook.Server.AdmissionAddress.Host, webhook.Server.AdmissionAddress.Port);
        var stream = tcp.GetStream();

        await stream.WriteAsync(hello);
        var reply = new byte[7];
        var read = 0;
        while (read < reply.Length)
        {
            var n = await stream.ReadAsync(reply.AsMemory(read)).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(n > 0, $"the server closed the connection after {read} bytes without an answer");
            read += n;
        }

        return reply;
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Tls_1_2_and_1_3_handshakes_succeed_with_an_aead_cipher(SslProtocols protocol)
    {
        await using var webhook = await RunningWebhook.StartAsync(policy: null);

        var (negotiated, cipher) = await HandshakeAsync(webhook, protocol);

        Assert.Equal(protocol, negotiated);
        Assert.Matches("(_GCM_|_CHACHA20_POLY1305_)", cipher.ToString());
    }

    [SharedDataFact]
    public async Task Logs_never_contain_secret_values_tokens_or_whole_objects()
    {
        await using var webhook = await RunningWebhook.StartAsync();
        var canary = Reviews.Canary(Reviews.AnalysisWithoutChecks);
        canary["metadata"]!["annotations"] = new JsonObject { ["example.com/api-token"] = SecretValue };
        canary["spec"]!["analysis"]!["webhooks"] = new JsonArray(new JsonObject
        {
            ["name"] = "load-test",
            ["url"] = "http://flagger-loadtester.test/",
            ["metadata"] = new JsonObject { ["cmd"] = $"hey -H 'Authorization: Bearer {SecretValue}' http://web-canary.shop/" },
        });
        var deployment = Reviews.RecordedDeployment();
        deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["env"] = new JsonArray(new JsonObject { ["name"] = "API_TOKEN", ["value"] = SecretValue });
        var secret = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = "db", ["namespace"] = "shop" },
            ["data"] = new JsonObject { ["password"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(SecretValue)) },
            ["stringData"] = new JsonObject { ["token"] = SecretValue },
        };

        await webhook.ReviewAsync("/validate", Reviews.Review(canary));
        await webhook.ReviewAsync("/mutate", Reviews.Review(deployment));
        using (await webhook.PostAsync("/validate", Reviews.Review(secret).ToJsonString()))
        {
        }

        var truncated = Reviews.Review(canary).ToJsonString();
        using (await webhook.PostAsync("/validate", truncated[..(truncated.IndexOf(SecretValue, StringComparison.Ordinal) + 10)]))
        {
        }

        using (await webhook.PostAsync("/validate", "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{" + SecretValue + "}}"))
        {
        }

        Assert.True(webhook.Logs.Entries.Count(e => e.EventId is 1 or 2 or 3) >= 5, "every request left a log line");
        var secretInBase64 = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(SecretValue));
        foreach (var entry in webhook.Logs.Entries)
        {
            var text = entry.Message + " " + string.Join(" ", entry.State.Values.Select(v => v?.ToString()));
            Assert.DoesNotContain(SecretValue, text, StringComparison.Ordinal);
            Assert.DoesNotContain(secretInBase64, text, StringComparison.Ordinal);
            Assert.DoesNotContain("\"spec\"", text, StringComparison.Ordinal);
            Assert.True(text.Length < 2000, $"a log line of {text.Length} characters: {text[..200]}");
        }
    }

    /// <summary>A minimal ClientHello for TLS 1.<paramref name="minor"/> - 1 with <paramref name="suites"/>, P-256 and SHA-256 signatures.</summary>
    private static byte[] ClientHello(byte minor, byte[] suites)
    {
        byte[] extensions =
        [
            0x00, 0x0A, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17, // supported_groups: secp256r1
            0x00, 0x0B, 0x00, 0x02, 0x01, 0x00, // ec_point_formats: uncompressed
            0x00, 0x0D, 0x00, 0x08, 0x00, 0x06, 0x04, 0x03, 0x08, 0x04, 0x04, 0x01, // signature_algorithms
        ];
        var hello = new List<byte> { 0x03, minor };
        hello.AddRange(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        hello.Add(0x00); // no session id
        hello.AddRange([0x00, (byte)suites.Length, .. suites, 0x01, 0x00]); // suites, null compression
        hello.AddRange([0x00, (byte)extensions.Length, .. extensions]);
        var handshake = new List<byte> { 0x01, 0x00, (byte)(hello.Count >> 8), (byte)hello.Count };
        handshake.AddRange(hello);
        return [0x16, 0x03, 0x01, (byte)(handshake.Count >> 8), (byte)handshake.Count, .. handshake];
    }

    private static bool Issued(RunningWebhook webhook, System.Security.Cryptography.X509Certificates.X509Certificate certificate)
    {
        using var presented = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return webhook.Certificates.Issued(presented);
    }

    private static async Task<(SslProtocols Protocol, TlsCipherSuite Cipher)> HandshakeAsync(RunningWebhook webhook, SslProtocols protocol)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(webhook.Server.AdmissionAddress.Host, webhook.Server.AdmissionAddress.Port);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) => certificate is not null && Issued(webhook, certificate));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = protocol,
        }).WaitAsync(TimeSpan.FromSeconds(10));
        return (tls.SslProtocol, tls.NegotiatedCipherSuite);
    }
}
