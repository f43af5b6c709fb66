using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;

namespace CanaryGuard.Webhook.Hosting;

/// <summary>How the webhook runs; the command line fills it, tests build it directly (port 0 for any free port).</summary>
public sealed record WebhookOptions
{
    public const string Usage = """
        usage: canaryguard-webhook [options]
          --tls-cert FILE      serving certificate, PEM (default /etc/canaryguard/tls/tls.crt); reloaded on change
          --tls-key FILE       its private key, PEM (default /etc/canaryguard/tls/tls.key)
          --dev                generate an in-memory CA and certificate for 127.0.0.1/localhost and print
                               the caBundle and webhook configurations to apply (no --tls-* needed)
          --policy FILE        policy file (.canaryguard.yaml schema); reloaded on change, default built-in
          --port N             admission (HTTPS) port, default 8443
          --health-port N      health and metrics (plain HTTP) port, default 8081
          --address IP         address to listen on, default all (0.0.0.0)
          --drain-seconds N    on SIGTERM, keep answering for N seconds with /readyz not ready and every response
                               closing its connection, before the listeners close (default 3, below 10)
          --no-cluster         do not talk to the Kubernetes API (no Canary generation, no cluster look-ups);
                               by default the pod's service account is used, else the kubeconfig
        """;

    public IPAddress Address { get; init; } = IPAddress.Any;

    public int AdmissionPort { get; init; } = 8443;

    public int HealthPort { get; init; } = 8081;

    public string TlsCertificatePath { get; init; } = "/etc/canaryguard/tls/tls.crt";

    public string TlsKeyPath { get; init; } = "/etc/canaryguard/tls/tls.key";

    public bool Dev { get; init; }

    public string? PolicyPath { get; init; }

    /// <summary>How often the certificate and policy files are re-checked besides the folder watch.</summary>
    public TimeSpan RecheckInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>From SIGTERM to exit at most: the drain, then the reviews still in flight finishing.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The first part of <see cref="ShutdownTimeout"/>: still answering, but closing connections (ShutdownDrain).</summary>
    public TimeSpan DrainPeriod { get; init; } = TimeSpan.FromSeconds(3);

    public bool NoCluster { get; init; }

    /// <summary>The API client for Canary generation and cluster look-ups; null runs without a cluster.</summary>
    public CanaryGuard.Webhook.Kubernetes.KubernetesClient? Cluster { get; init; }

    /// <summary>Timing of the Canary reconciler (tests shorten it); null for the defaults.</summary>
    public CanaryGuard.Webhook.Canaries.CanaryReconcilerOptions? Reconciler { get; init; }

    /// <summary>Replaces the default JSON console logging (tests capture log lines with it).</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>Parses the command line; throws <see cref="ArgumentException"/> with a one-line reason on bad usage.</summary>
    public static WebhookOptions Parse(IReadOnlyList<string> args)
    {
        var options = new WebhookOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--tls-cert" => options with { TlsCertificatePath = Value() },
                "--tls-key" => options with { TlsKeyPath = Value() },
                "--dev" => options with { Dev = true },
                "--no-cluster" => options with { NoCluster = true },
                "--policy" => options with { PolicyPath = Value() },
                "--port" => options with { AdmissionPort = Port(args[i], Value()) },
                "--health-port" => options with { HealthPort = Port(args[i], Value()) },
                "--drain-seconds" => options with { DrainPeriod = DrainSeconds(args[i], Value(), options.ShutdownTimeout) },
                "--address" => options with { Address = IPAddress.TryParse(Value(), out var address) ? address : throw new ArgumentException($"--address: '{args[i]}' is not an IP address") },
                _ => throw new ArgumentException($"unknown option '{args[i]}'"),
            };
        }

        return options;
    }

    /// <summary>A drain as long as the shutdown timeout would leave no time for the reviews in flight.</summary>
    private static TimeSpan DrainSeconds(string option, string text, TimeSpan shutdownTimeout) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && TimeSpan.FromSeconds(seconds) < shutdownTimeout
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"{option}: '{text}' is not a whole number of seconds below the {shutdownTimeout.TotalSeconds} s shutdown timeout");

    private static int Port(string option, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new ArgumentException($"{option}: '{text}' is not a port number");
}
