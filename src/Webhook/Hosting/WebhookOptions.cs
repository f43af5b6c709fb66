using System.Net;
using CanaryGuard.Cluster;
using Microsoft.Extensions.Logging;

namespace CanaryGuard.Webhook.Hosting;

/// <summary>How the webhook runs; the command line fills it (<see cref="WebhookCommandLine"/>), tests build it directly (port 0 for any free port).</summary>
public sealed record WebhookOptions
{
    public IPAddress Address { get; init; } = IPAddress.Any;

    public int AdmissionPort { get; init; } = 8443;

    public int HealthPort { get; init; } = 8081;

    public string TlsCertificatePath { get; init; } = "/etc/canaryguard/tls/tls.crt";

    public string TlsKeyPath { get; init; } = "/etc/canaryguard/tls/tls.key";

    /// <summary>CA certificates (PEM) that must have issued the admission caller's client certificate; null accepts any caller.</summary>
    public string? ClientCaPath { get; init; }

    public bool Dev { get; init; }

    public string? PolicyPath { get; init; }

    /// <summary>
    /// Open connections per listener; more are closed as they arrive. A TLS connection costs up to about 100 KiB
    /// just after its handshake (docs/reliability.md), so the default bounds them near 50 MiB; each API server keeps
    /// a few dozen pooled connections at most.
    /// </summary>
    public int MaxConnections { get; init; } = 500;

    /// <summary>How often the certificate and policy files are re-checked besides the folder watch.</summary>
    public TimeSpan RecheckInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>From SIGTERM to exit at most: the drain, then the reviews still in flight finishing.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The first part of <see cref="ShutdownTimeout"/>: still answering, but closing connections (ShutdownDrain).</summary>
    public TimeSpan DrainPeriod { get; init; } = TimeSpan.FromSeconds(3);

    public bool NoCluster { get; init; }

    /// <summary>The API client for Canary generation and cluster look-ups; null runs without a cluster.</summary>
    public CanaryGuard.Cluster.ClusterClient? Cluster { get; init; }

    /// <summary>The leader's background audit (the command line turns it on); null runs none.</summary>
    public CanaryGuard.Webhook.Audit.BackgroundAuditOptions? Audit { get; init; }

    /// <summary>Timing of the Canary reconciler (tests shorten it); null for the defaults.</summary>
    public CanaryGuard.Webhook.Canaries.CanaryReconcilerOptions? Reconciler { get; init; }

    /// <summary>Replaces the default JSON console logging (tests capture log lines with it).</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }
}
