using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using CanaryGuard.Webhook.Hosting;
using CanaryGuard.Webhook.Tls;
using Microsoft.Extensions.Logging;

namespace CanaryGuard.Webhook.Tests.Infrastructure;

/// <summary>
/// The real webhook on loopback: Kestrel on ephemeral ports, serving a test CA's certificate from PEM files in
/// a temp folder, with an optional policy file; clients trust exactly that CA and record which certificate the
/// server presented.
/// </summary>
public sealed class RunningWebhook : IAsyncDisposable
{
    /// <summary>Every Analysis rule is a warning except CG1013, so tests decide exactly what denies whatever rules are added.</summary>
    public const string IsolatingPolicy = """
        categories: { Input: warning, Analysis: warning, References: warning, Mesh: warning, Coverage: warning }
        rules: { CG1013: error }
        """;

    private readonly TempFolder folder;
    private readonly HttpClient client;
    private readonly ConcurrentBag<DevCertificates> authorities = [];

    private RunningWebhook(TempFolder folder, DevCertificates certificates, WebhookServer server, CapturedLogs logs)
    {
        this.folder = folder;
        Certificates = certificates;
        authorities.Add(certificates);
        Server = server;
        Logs = logs;
        client = NewClient();
    }

    public WebhookServer Server { get; }

    public DevCertificates Certificates { get; private set; }

    public CapturedLogs Logs { get; }

    public string CertificatePath => folder.File("tls.crt");

    public string KeyPath => folder.File("tls.key");

    public string PolicyPath => folder.File("policy.yaml");

    public string ClientCaPath => folder.File("client-ca.crt");

    /// <summary>Thumbprints of the server certificates clients were shown, in handshake order.</summary>
    public ConcurrentQueue<string> SeenCertificates { get; } = new();

    /// <summary>
    /// Starts a webhook. No drain unless <paramref name="drainPeriod"/> says so, so that disposing is quick;
    /// <paramref name="capturedLevel"/> above Information keeps a long run's decision lines (and the other CanaryGuard lines below it) out of memory.
    /// </summary>
    /// <param name="clientCa">PEM of the CAs admission callers must present a certificate of (<c>--client-ca</c>); null for none.</param>
    public static async Task<RunningWebhook> StartAsync(string? policy = IsolatingPolicy, TimeSpan? recheckInterval = null, TimeSpan? certificateValidity = null, CanaryGuard.Cluster.ClusterClient? cluster = null, TimeSpan? drainPeriod = null, LogLevel capturedLevel = LogLevel.Trace, string? clientCa = null)
    {
        var folder = new TempFolder();
        var certificates = DevCertificates.Create(validity: certificateValidity);
        certificates.WriteServingPem(folder.File("tls.crt"), folder.File("tls.key"));
        if (policy is not null)
        {
            await File.WriteAllTextAsync(folder.File("policy.yaml"), policy);
        }

        if (clientCa is not null)
        {
            await File.WriteAllTextAsync(folder.File("client-ca.crt"), clientCa);
        }

        var logs = new CapturedLogs();
        var options = new WebhookOptions
        {
            Address = IPAddress.Loopback,
            AdmissionPort = 0,
            HealthPort = 0,
            TlsCertificatePath = folder.File("tls.crt"),
            TlsKeyPath = folder.File("tls.key"),
            PolicyPath = policy is null ? null : folder.File("policy.yaml"),
            ClientCaPath = clientCa is null ? null : folder.File("client-ca.crt"),
            RecheckInterval = recheckInterval ?? TimeSpan.FromSeconds(1),
            DrainPeriod = drainPeriod ?? TimeSpan.Zero,
            ConfigureLogging = logging => logging.AddProvider(logs).AddFilter<CapturedLogs>("CanaryGuard", capturedLevel),
            Cluster = cluster,
            Reconciler = cluster is null ? null : new CanaryGuard.Webhook.Canaries.CanaryReconcilerOptions
            {
                InitialResyncDelay = Timeout.InfiniteTimeSpan,
                ResyncInterval = TimeSpan.FromHours(1),
            },
        };
        try
        {
            var server = await WebhookServer.StartAsync(options);

            // Only the Lease holder generates Canaries: tests begin once this (only) replica holds it.
            var leading = DateTime.UtcNow.AddSeconds(20);
            while (server.Reconciler is { IsLeader: false } && DateTime.UtcNow < leading)
            {
                await Task.Delay(20);
            }

            return new RunningWebhook(folder, certificates, server, logs);
        }
        catch
        {
            certificates.Dispose();
            folder.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A client trusting only the test CAs, whose connections live 200 ms (so later requests make fresh handshakes),
    /// presenting <paramref name="clientCertificate"/> when given.
    /// </summary>
    public HttpClient NewClient(X509Certificate2? clientCertificate = null)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMilliseconds(200) };
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && Trusts(certificate);
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };
    }

    /// <summary>Records the certificate a server presented; true when one of this webhook's test CAs issued it.</summary>
    public bool Trusts(X509Certificate certificate)
    {
        using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        SeenCertificates.Enqueue(presented.Thumbprint);
        return authorities.Any(a => a.Issued(presented));
    }

    /// <summary>Replaces the serving certificate files with a new pair from a new CA, which clients then trust too.</summary>
    public DevCertificates RotateCertificate()
    {
        var next = DevCertificates.Create();
        authorities.Add(next);
        Certificates = next;
        next.WriteServingPem(CertificatePath, KeyPath);
        return next;
    }

    /// <summary>Replaces the policy file in one step (write aside, then rename), as a ConfigMap volume update does.</summary>
    public async Task WritePolicyAsync(string text)
    {
        var aside = PolicyPath + ".new";
        await File.WriteAllTextAsync(aside, text);
        File.Move(aside, PolicyPath, overwrite: true);
    }

    public Task<HttpResponseMessage> PostAsync(string path, string body, HttpClient? through = null) =>
        (through ?? client).PostAsync(new Uri(Server.AdmissionAddress, path), new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")));

    public Task<HttpResponseMessage> PostAsync(string path, byte[] body) =>
        client.PostAsync(new Uri(Server.AdmissionAddress, path), new ByteArrayContent(body));

    /// <summary>Posts a review and returns the parsed response review, failing unless HTTP 200.</summary>
    public async Task<JsonObject> ReviewAsync(string path, JsonNode review)
    {
        using var response = await PostAsync(path, review.ToJsonString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"HTTP {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async Task<(HttpStatusCode Status, string Body)> GetHealthAsync(string path)
    {
        using var response = await client.GetAsync(new Uri(Server.HealthAddress, path));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await Server.DisposeAsync();
        foreach (var authority in authorities)
        {
            authority.Dispose();
        }

        folder.Dispose();
    }
}
