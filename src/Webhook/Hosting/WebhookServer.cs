using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Authentication;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Webhook.Admission;
using CanaryGuard.Webhook.Canaries;
using CanaryGuard.Webhook.Kubernetes;
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
    /// <summary>The largest AdmissionReview body read; the API server's own limit on objects is 3 MiB.</summary>
    public const int MaxBodyBytes = 6 * 1024 * 1024;

    private readonly WebApplication app;
    private readonly AdmissionHandler handler;
    private readonly ShutdownDrain drain;
    private readonly ILogger logger;

    private WebhookServer(WebApplication app, AnalysisEngine engine, CertificateStore certificates, PolicyStore policies, WebhookMetrics metrics, KubernetesClient? cluster, CanaryReconcilerOptions? reconcilerOptions)
    {
        this.app = app;
        Certificates = certificates;
        Policies = policies;
        Metrics = metrics;
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        logger = loggers.CreateLogger("CanaryGuard.Webhook");
        drain = app.Services.GetRequiredService<ShutdownDrain>();
        if (cluster is not null)
        {
            Reconciler = new CanaryReconciler(cluster, () => policies.Current, loggers.CreateLogger<CanaryReconciler>(), reconcilerOptions, new CanaryReconcileMetrics(metrics.Registry), engine);
        }

        handler = new AdmissionHandler(engine, () => policies.Current, cluster is null ? null : new ClusterContext(cluster), Reconciler);
    }

    /// <summary>Generates Canaries for admitted Deployments; null when no Kubernetes API is configured.</summary>
    public CanaryReconciler? Reconciler { get; }

    public CertificateStore Certificates { get; }

    public PolicyStore Policies { get; }

    public WebhookMetrics Metrics { get; }

    /// <summary>The admission base address actually bound (https://…), known after start.</summary>
    public Uri AdmissionAddress { get; private set; } = null!;

    /// <summary>The health and metrics base address actually bound (http://…).</summary>
    public Uri HealthAddress { get; private set; } = null!;

    /// <summary>Builds and starts the server. <paramref name="devCertificates"/> replaces the certificate files.</summary>
    /// <exception cref="InvalidOperationException">The policy file is invalid, or the certificate folder does not exist.</exception>
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
            kestrel.Listen(options.Address, options.AdmissionPort, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                ServerCertificateSelector = (_, _) => server?.Certificates.Current,

                // The selector alone would send the leaf only; the context sends the intermediates of tls.crt too.
                OnAuthenticate = (_, ssl) =>
                {
                    if (server?.Certificates.CurrentContext is { } context)
                    {
                        ssl.ServerCertificateSelectionCallback = null;
                        ssl.ServerCertificate = null;
                        ssl.ServerCertificateContext = context;
                    }
                },
            }));
            kestrel.Listen(options.Address, options.HealthPort);
        });

        var app = builder.Build();
        var storeLogger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CanaryGuard.Webhook");
        CertificateStore? certificates = null;
        PolicyStore? policies = null;
        try
        {
            var metrics = new WebhookMetrics(() => server?.Certificates.Current?.NotAfter.ToUniversalTime());
            certificates = devCertificates is not null
                ? CertificateStore.Fixed(devCertificates.Serving, storeLogger)
                : CertificateFiles(options, storeLogger);
            var engine = AnalysisEngine.CreateDefault();
            policies = new PolicyStore(options.PolicyPath, engine.KnownIds, options.RecheckInterval, storeLogger, metrics);
            server = new WebhookServer(app, engine, certificates, policies, metrics, options.Cluster, options.Reconciler);
            server.Map();
            await app.StartAsync(cancellationToken);
            if (server.Reconciler is { } reconciler)
            {
                await reconciler.StartAsync(cancellationToken);
            }

            server.ReadAddresses(options.Address);
            Log.Listening(storeLogger, server.AdmissionAddress.ToString(), server.HealthAddress.ToString());
            return server;
        }
        catch
        {
            certificates?.Dispose();
            policies?.Dispose();
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs until SIGTERM/Ctrl+C; exit code 0, or 2 when it cannot start.</summary>
    public static async Task<int> RunAsync(WebhookOptions options, TextWriter output)
    {
        using var dev = options.Dev ? DevCertificates.Create() : null;
        using var cluster = options.NoCluster ? null : ClusterClient(output);
        WebhookServer server;
        try
        {
            server = await StartAsync(options with { Cluster = cluster }, dev);
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException)
        {
            await Console.Error.WriteLineAsync($"canaryguard-webhook: cannot start: {exception.Message}");
            return 2;
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
        Certificates.Dispose();
        Policies.Dispose();
    }

    /// <summary>
    /// The API client for Canary generation and cluster look-ups: the pod's service account, else the kubeconfig.
    /// Without either the webhook still validates and mutates, on the reviewed object alone, and says so.
    /// </summary>
    private static KubernetesClient? ClusterClient(TextWriter output)
    {
        try
        {
            return new KubernetesClient(KubernetesClientConfig.Load());
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or FormatException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
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
        app.MapPost("/validate", (RequestDelegate)(context => Admit(context, AdmissionEndpoint.Validate)));
        app.MapPost("/mutate", (RequestDelegate)(context => Admit(context, AdmissionEndpoint.Mutate)));
        app.MapPost("/mutate/namespace", (RequestDelegate)(context => Admit(context, AdmissionEndpoint.MutateNamespace)));
        app.MapGet("/healthz", (RequestDelegate)(context => WriteText(context, StatusCodes.Status200OK, "text/plain", "ok\n")));
        app.MapGet("/readyz", (RequestDelegate)(context => ReadinessProblem() is { } problem
            ? WriteText(context, StatusCodes.Status503ServiceUnavailable, "text/plain", $"not ready: {problem}\n")
            : WriteText(context, StatusCodes.Status200OK, "text/plain", "ready\n")));
        app.MapGet("/metrics", (RequestDelegate)(context => WriteText(context, StatusCodes.Status200OK, MetricsRegistry.ContentType, Metrics.Registry.Render())));
    }

    private string? ReadinessProblem() =>
        drain.IsDraining ? "shutting down"
        : !Certificates.IsValid(DateTimeOffset.UtcNow) ? "no valid serving certificate"
        : null;

    private void ReadAddresses(IPAddress bound)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        var host = bound.Equals(IPAddress.Any) ? "127.0.0.1" : bound.ToString();
        Uri At(string scheme) => new(string.Create(CultureInfo.InvariantCulture, $"{scheme}://{host}:{addresses.First(a => a.Scheme == scheme).Port}/"));
        AdmissionAddress = At(Uri.UriSchemeHttps);
        HealthAddress = At(Uri.UriSchemeHttp);
    }

    private async Task Admit(HttpContext context, AdmissionEndpoint endpoint)
    {
        var started = Stopwatch.GetTimestamp();
        using var body = await RequestBody.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted);
        AdmissionDecision decision;
        try
        {
            decision = body.TooLarge
                ? throw new BadAdmissionRequestException($"the body is larger than {MaxBodyBytes / (1024 * 1024)} MiB")
                : await handler.HandleAsync(body.Bytes, endpoint, context.RequestAborted);
        }
        catch (BadAdmissionRequestException exception)
        {
            Metrics.Requests.Increment(endpoint.Name(), "unknown", "unknown", "error");
            Log.BadRequest(logger, endpoint.Name(), exception.Message);
            JsonResponse.Write(context.Response, StatusCodes.Status400BadRequest, new ErrorBody(exception.Message), AdmissionJsonContext.Default.ErrorBody, endLine: true);
            return;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var result = !decision.Allowed ? "denied" : decision.Patched ? "patched" : "allowed";
        Metrics.Requests.Increment(endpoint.Name(), decision.Kind, decision.Operation, result);
        Metrics.Duration.Observe(elapsed.TotalSeconds);
        foreach (var finding in decision.Findings)
        {
            Metrics.Findings.Increment(finding.Id, finding.Severity.ToText());
        }

        var ruleIds = string.Join(",", decision.Findings.Select(f => f.Id).Distinct(StringComparer.Ordinal));
        Log.Decision(logger, decision.Uid, endpoint.Name(), decision.Kind, decision.Namespace, decision.Name, decision.Operation, decision.DryRun, decision.Allowed, ruleIds, Math.Round(elapsed.TotalMilliseconds, 2));
        if (decision.ShortenedWarnings.Count > 0)
        {
            Log.FullWarnings(logger, decision.Uid, string.Join(" | ", decision.ShortenedWarnings));
        }

        JsonResponse.Write(context.Response, StatusCodes.Status200OK, decision.Review, AdmissionJsonContext.Default.AdmissionReview);
    }
}
