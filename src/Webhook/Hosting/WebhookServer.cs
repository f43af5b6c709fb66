using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using CanaryGuard.Cluster;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Webhook.Admission;
using CanaryGuard.Webhook.Audit;
using CanaryGuard.Webhook.Canaries;
using CanaryGuard.Webhook.Metrics;
using CanaryGuard.Webhook.Policy;
using CanaryGuard.Webhook.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CanaryGuard.Webhook.Hosting;

/// <summary>
/// The webhook process: Kestrel with admission (<c>/validate</c>, <c>/mutate</c>) on the TLS port and
/// <c>/healthz</c>, <c>/readyz</c>, <c>/metrics</c> on the plain-HTTP port, the certificate and policy stores
/// that reload from files, and one JSON log line per decision.
/// </summary>
public sealed class WebhookServer : IAsyncDisposable
{
    /// <summary>
    /// The largest AdmissionReview body read. The API server stores objects of at most 1.5 MiB (etcd's request
    /// limit), so a review, which carries the object and on UPDATE the old object too, stays below 3 MiB.
    /// </summary>
    public const int MaxBodyBytes = 3 * 1024 * 1024;

    /// <summary>How long an idle connection stays open; Kestrel's default is 130 s.</summary>
    public static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// TLS 1.2 suites with authenticated encryption (AES-GCM, ChaCha20-Poly1305) and forward secrecy, and the three
    /// of TLS 1.3: OpenSSL's defaults would also negotiate CBC suites under TLS 1.2. Set where the platform allows it
    /// (Linux, macOS); Windows takes its suites from the system.
    /// </summary>
    private static readonly CipherSuitesPolicy? AeadCipherSuites = OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()
        ? new CipherSuitesPolicy(
        [
            TlsCipherSuite.TLS_AES_128_GCM_SHA256, TlsCipherSuite.TLS_AES_256_GCM_SHA384, TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
            TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
            TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        ])
        : null;

    private static readonly string TooLarge = $"the body is larger than {MaxBodyBytes / (1024 * 1024)} MiB";

    private readonly WebApplication app;
    private readonly AdmissionHandler handler;
    private readonly ShutdownDrain drain;
    private readonly ILogger logger;
    private readonly EvaluationLimiter evaluations = new();

    private WebhookServer(WebApplication app, AnalysisEngine engine, CertificateStore certificates, ClientCertificateAuthority? clientCa, PolicyStore policies, WebhookMetrics metrics, ClusterClient? cluster, CanaryReconcilerOptions? reconcilerOptions, BackgroundAuditOptions? auditOptions)
    {
        this.app = app;
        Certificates = certificates;
        ClientCa = clientCa;
        Policies = policies;
        Metrics = metrics;
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        logger = loggers.CreateLogger("CanaryGuard.Webhook");
        drain = app.Services.GetRequiredService<ShutdownDrain>();
        if (cluster is not null)
        {
            Audit = auditOptions is null ? null : new BackgroundAudit(cluster, engine, () => policies.Current, new AuditMetrics(metrics.Registry), loggers.CreateLogger<BackgroundAudit>(), auditOptions);
            Reconciler = new CanaryReconciler(cluster, () => policies.Current, loggers.CreateLogger<CanaryReconciler>(), reconcilerOptions, new CanaryReconcileMetrics(metrics.Registry), engine, Audit);
        }

        handler = new AdmissionHandler(engine, () => policies.Current, cluster is null ? null : new ClusterContext(cluster), Reconciler, Audit);
    }

    /// <summary>The leader's audit of what is running; null when off or no Kubernetes API is configured.</summary>
    public BackgroundAudit? Audit { get; }

    /// <summary>Generates Canaries for admitted Deployments; null when no Kubernetes API is configured.</summary>
    public CanaryReconciler? Reconciler { get; }

    public CertificateStore Certificates { get; }

    /// <summary>The CAs admission callers' certificates must chain to (<c>--client-ca</c>); null accepts any caller.</summary>
    public ClientCertificateAuthority? ClientCa { get; }

    public PolicyStore Policies { get; }

    public WebhookMetrics Metrics { get; }

    /// <summary>The admission base address actually bound (https://…), known after start.</summary>
    public Uri AdmissionAddress { get; private set; } = null!;

    /// <summary>The health and metrics base address actually bound (http://…).</summary>
    public Uri HealthAddress { get; private set; } = null!;

    /// <summary>Builds and starts the server. <paramref name="devCertificates"/> replaces the certificate files.</summary>
    /// <exception cref="InvalidOperationException">The certificate folder does not exist.</exception>
    public static async Task<WebhookServer> StartAsync(WebhookOptions options, DevCertificates? devCertificates = null, CancellationToken cancellationToken = default)
    {
        WebhookServer? server = null;
        // Settings come from the command line (WebhookOptions), not appsettings.json; reloading that file on change
        // would watch the whole working directory tree and wake on every write under it (a log file, say).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        // While any level of this category is enabled, ASP.NET Core starts an Activity and a logging scope for every
        // request. Above Warning it only logs startup failures, which the host logs again when they stop the start.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        if (options.ConfigureLogging is { } configureLogging)
        {
            configureLogging(builder.Logging);
        }
        else
        {
            // Created by the container, so disposing the app writes out the last lines.
            builder.Services.AddSingleton<ILoggerProvider>(_ => new JsonLinesLoggerProvider(Console.OpenStandardOutput()));
        }

        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        builder.Services.AddSingleton(services => new ShutdownDrain(options.DrainPeriod, services.GetRequiredService<ILoggerFactory>().CreateLogger("CanaryGuard.Webhook")));
        builder.Services.AddHostedService(services => services.GetRequiredService<ShutdownDrain>());
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxConcurrentConnections = options.MaxConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = 0;
            kestrel.Limits.KeepAliveTimeout = KeepAliveTimeout;
            kestrel.Listen(options.Address, options.AdmissionPort, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                ServerCertificateSelector = (_, _) => server?.Certificates.Current,
                ClientCertificateMode = options.ClientCaPath is null ? ClientCertificateMode.NoCertificate : ClientCertificateMode.RequireCertificate,
                ClientCertificateValidation = (certificate, chain, _) => server?.ClientCa?.Verifies(certificate, chain) ?? false,
                OnAuthenticate = (_, ssl) =>
                {
                    // The selector alone would send the leaf only; the context sends the intermediates of tls.crt too.
                    if (server?.Certificates.CurrentContext is { } context)
                    {
                        ssl.ServerCertificateSelectionCallback = null;
                        ssl.ServerCertificate = null;
                        ssl.ServerCertificateContext = context;
                    }

                    ssl.CipherSuitesPolicy = AeadCipherSuites;
                },
            }));
            kestrel.Listen(options.Address, options.HealthPort);
        });

        var app = builder.Build();
        var storeLogger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CanaryGuard.Webhook");
        CertificateStore? certificates = null;
        ClientCertificateAuthority? clientCa = null;
        PolicyStore? policies = null;
        try
        {
            var metrics = new WebhookMetrics(() => server?.Certificates.Current?.NotAfter.ToUniversalTime(), () => server?.Policies.Problem is null);
            certificates = devCertificates is not null
                ? CertificateStore.Fixed(devCertificates.Serving, storeLogger)
                : CertificateFiles(options, storeLogger);
            clientCa = options.ClientCaPath is { } clientCaPath ? new ClientCertificateAuthority(clientCaPath, options.RecheckInterval, storeLogger) : null;
            var engine = AnalysisEngine.CreateDefault();
            policies = new PolicyStore(options.PolicyPath, engine.KnownIds, options.RecheckInterval, storeLogger, metrics);
            server = new WebhookServer(app, engine, certificates, clientCa, policies, metrics, options.Cluster, options.Reconciler, options.Audit);
            server.Map();
            await app.StartAsync(cancellationToken);
            if (server.Reconciler is { } reconciler)
            {
                await reconciler.StartAsync(cancellationToken);
            }

            var bound = server.ReadAddresses();
            Log.Listening(storeLogger, bound.Admission, bound.Health);
            return server;
        }
        catch
        {
            certificates?.Dispose();
            clientCa?.Dispose();
            policies?.Dispose();
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs until SIGTERM/Ctrl+C; exit code 0, or 2 when it cannot start.</summary>
    public static async Task<int> RunAsync(WebhookOptions options, TextWriter output)
    {
        using var dev = options.Dev ? DevCertificates.Create() : null;
        using var cluster = options.NoCluster ? null : ConnectToCluster(output);
        WebhookServer server;
        try
        {
            server = await StartAsync(options with { Cluster = cluster }, dev);
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException)
        {
            await Console.Error.WriteLineAsync($"canaryguard-webhook: cannot start: {exception.Message}");
            return WebhookCommandLine.UsageError;
        }

        await using (server)
        {
            if (dev is not null)
            {
                await output.WriteAsync(DevBanner(dev, server.AdmissionAddress.Port));
                await output.FlushAsync();
            }

            await server.app.WaitForShutdownAsync();
        }

        return 0;
    }

    /// <summary>What <c>--dev</c> prints: the caBundle and the webhook configurations, as YAML with comments.</summary>
    public static string DevBanner(DevCertificates dev, int admissionPort) => $"""
        # CanaryGuard webhook, development mode: a throw-away CA and a serving certificate for 127.0.0.1 and
        # localhost, in memory only (a restart makes new ones). caBundle (the CA certificate, PEM, base64):
        #   {dev.CaBundle}
        # Save the two documents below as canaryguard-dev.yaml, then: kubectl apply -f canaryguard-dev.yaml
        {DevConfiguration.Render(dev.CaBundle, admissionPort)}
        """;

    /// <summary>
    /// What SIGTERM runs: drains (see <see cref="ShutdownDrain"/>), stops accepting, lets in-flight reviews finish
    /// (drain and in-flight reviews together within the shutdown timeout), then stops the reconciler.
    /// </summary>
    public async Task StopAsync()
    {
        await app.StopAsync();
        if (Reconciler is not null)
        {
            await Reconciler.StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await app.DisposeAsync();
        Reconciler?.Dispose();
        Audit?.Dispose();
        Certificates.Dispose();
        ClientCa?.Dispose();
        Policies.Dispose();
        evaluations.Dispose();
    }

    /// <summary>
    /// The API client for Canary generation and cluster look-ups: the pod's service account, else the kubeconfig.
    /// Without either the webhook still validates and mutates, on the reviewed object alone, and says so.
    /// </summary>
    private static ClusterClient? ConnectToCluster(TextWriter output)
    {
        try
        {
            return new ClusterClient(ClusterConnection.Load());
        }
        catch (ClusterConfigurationException exception)
        {
            output.WriteLine($"canaryguard-webhook: no Kubernetes API configuration ({exception.Message}): Canary generation and cluster look-ups are off (--no-cluster silences this)");
            return null;
        }
    }

    private static CertificateStore CertificateFiles(WebhookOptions options, ILogger logger)
    {
        foreach (var file in new[] { options.TlsCertificatePath, options.TlsKeyPath })
        {
            if (!Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(file))))
            {
                throw new InvalidOperationException($"the folder of {file} does not exist (give --tls-cert and --tls-key, or --dev)");
            }
        }

        return CertificateStore.FromFiles(options.TlsCertificatePath, options.TlsKeyPath, options.RecheckInterval, logger);
    }

    private static bool IsAdmissionPath(PathString path) => path.StartsWithSegments("/validate") || path.StartsWithSegments("/mutate");

    private static async Task WriteText(HttpContext context, int status, string contentType, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(text, context.RequestAborted);
    }

    private void Map()
    {
        // Admission only over TLS, health and metrics only on the plain port: each path answers on one listener.
        app.Use(async (context, next) =>
        {
            drain.CloseConnectionWhileDraining(context);
            if (IsAdmissionPath(context.Request.Path) != context.Request.IsHttps)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await next(context);
        });
        foreach (var endpoint in AdmissionEndpoints.All)
        {
            app.MapPost(endpoint.Path(), (RequestDelegate)(context => Admit(context, endpoint)));
        }

        app.MapGet("/healthz", (RequestDelegate)(context => WriteText(context, StatusCodes.Status200OK, "text/plain", "ok\n")));

        // A rejected policy file leaves the pod ready: not ready would take every replica out of the Service, and a
        // fail-closed webhook with no endpoints blocks every Canary write. The text says what is in force instead.
        app.MapGet("/readyz", (RequestDelegate)(context => ReadinessProblem() is { } problem
            ? WriteText(context, StatusCodes.Status503ServiceUnavailable, "text/plain", $"not ready: {problem}\n")
            : WriteText(context, StatusCodes.Status200OK, "text/plain", Policies.Problem is { } policyProblem ? $"ready; {policyProblem}\n" : "ready\n")));
        app.MapGet("/metrics", (RequestDelegate)(context => WriteText(context, StatusCodes.Status200OK, MetricsRegistry.ContentType, Metrics.Registry.Render())));
    }

    private string? ReadinessProblem() =>
        drain.IsDraining ? "shutting down"
        : !Certificates.IsValid(DateTimeOffset.UtcNow) ? "no valid serving certificate"
        : ClientCa is { IsLoaded: false } ? $"no client CA loaded from {ClientCa.Path}"
        : null;

    /// <summary>
    /// Sets the addresses to connect to (loopback for a wildcard binding) and returns the addresses as bound, for
    /// the log: a wildcard is shown as such, so the log never suggests the server is reachable on loopback only.
    /// </summary>
    private (string Admission, string Health) ReadAddresses()
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        var admission = addresses.First(a => a.Scheme == Uri.UriSchemeHttps);
        var health = addresses.First(a => a.Scheme == Uri.UriSchemeHttp);
        Uri Reachable(Uri bound) => IPAddress.TryParse(bound.Host.Trim('[', ']'), out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))
            ? new Uri(string.Create(CultureInfo.InvariantCulture, $"{bound.Scheme}://{(ip.Equals(IPAddress.Any) ? "127.0.0.1" : "[::1]")}:{bound.Port}/"))
            : new Uri(bound, "/");
        AdmissionAddress = Reachable(admission);
        HealthAddress = Reachable(health);
        return (admission.ToString(), health.ToString());
    }

    private async Task Admit(HttpContext context, AdmissionEndpoint endpoint)
    {
        var started = Stopwatch.GetTimestamp();
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            BadRequest(context, endpoint, TooLarge);
            return;
        }

        using var lease = await evaluations.AcquireAsync(context.Request.ContentLength, MaxBodyBytes, context.RequestAborted);
        if (lease is null)
        {
            Busy(context, endpoint);
            return;
        }

        using var body = await RequestBody.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted);
        AdmissionDecision decision;
        try
        {
            decision = body.TooLarge
                ? throw new BadAdmissionRequestException(TooLarge)
                : await handler.HandleAsync(body.Bytes, endpoint, context.RequestAborted);
        }
        catch (BadAdmissionRequestException exception)
        {
            BadRequest(context, endpoint, exception.Message);
            return;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var result = decision.Refusal is not null ? "error" : !decision.Allowed ? "denied" : decision.Patched ? "patched" : "allowed";
        Metrics.Requests.Increment(endpoint.Name(), decision.Kind, decision.Operation, result);
        Metrics.Duration.Observe(elapsed.TotalSeconds);
        foreach (var finding in decision.Findings)
        {
            Metrics.Findings.Increment(finding.Id, finding.Severity.ToText());
        }

        if (decision.Refusal is { } refusal)
        {
            Log.Refused(logger, decision.Uid, endpoint.Name(), refusal);
        }
        else
        {
            var ruleIds = string.Join(",", decision.Findings.Select(f => f.Id).Distinct(StringComparer.Ordinal));
            Log.Decision(logger, decision.Uid, endpoint.Name(), decision.Kind, decision.Namespace, decision.Name, decision.Operation, decision.DryRun, decision.Allowed, ruleIds, Math.Round(elapsed.TotalMilliseconds, 2));
            if (decision.ShortenedWarnings.Count > 0)
            {
                Log.FullWarnings(logger, decision.Uid, string.Join(" | ", decision.ShortenedWarnings));
            }
        }

        JsonResponse.Write(context.Response, StatusCodes.Status200OK, decision.Review, AdmissionJsonContext.Default.AdmissionReview);
    }

    private void BadRequest(HttpContext context, AdmissionEndpoint endpoint, string error)
    {
        Metrics.Requests.Increment(endpoint.Name(), AdmissionDecision.Unknown, AdmissionDecision.Unknown, "error");
        Log.BadRequest(logger, endpoint.Name(), error);
        JsonResponse.Write(context.Response, StatusCodes.Status400BadRequest, new ErrorBody(error), AdmissionJsonContext.Default.ErrorBody, endLine: true);
    }

    /// <summary>HTTP 503: the API server reports the call failed, with this text, and applies the failure policy.</summary>
    private void Busy(HttpContext context, AdmissionEndpoint endpoint)
    {
        Metrics.Requests.Increment(endpoint.Name(), AdmissionDecision.Unknown, AdmissionDecision.Unknown, "busy");
        Log.Busy(logger, endpoint.Name(), EvaluationLimiter.BudgetBytes / (1024 * 1024), EvaluationLimiter.QueueTimeout.TotalSeconds);
        context.Response.Headers.RetryAfter = "1";
        var error = $"the webhook is at its evaluation limit ({EvaluationLimiter.BudgetBytes / (1024 * 1024)} MiB of reviews in progress for {EvaluationLimiter.QueueTimeout.TotalSeconds} s); try again";
        JsonResponse.Write(context.Response, StatusCodes.Status503ServiceUnavailable, new ErrorBody(error), AdmissionJsonContext.Default.ErrorBody, endLine: true);
    }
}
