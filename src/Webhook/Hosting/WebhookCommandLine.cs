using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;
using CanaryGuard.Webhook.Audit;

namespace CanaryGuard.Webhook.Hosting;

/// <summary>
/// The <c>canaryguard-webhook</c> command line: options into <see cref="WebhookOptions"/>, plus <c>--help</c> and
/// <c>--version</c> (the assembly's informational version: the release, and the commit when the build stamps it).
/// </summary>
public static class WebhookCommandLine
{
    /// <summary>Exit code of a command line that does not parse, and of a server that cannot start.</summary>
    public const int UsageError = 2;

    private static readonly WebhookOptions Defaults = new();

    /// <summary>Parses the command line and runs what it asks for: the server (<paramref name="serve"/>), help or the version.</summary>
    public static async Task<int> InvokeAsync(IReadOnlyList<string> args, Func<WebhookOptions, Task<int>> serve, TextWriter output, TextWriter error)
    {
        var (root, read) = Build();
        root.SetAction((parse, _) => serve(read(parse)));
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync($"canaryguard-webhook: {problem.Message}");
            }

            await error.WriteLineAsync("Run 'canaryguard-webhook --help' for usage.");
            return UsageError;
        }

        // No termination timeout: SIGTERM belongs to the host, which drains and lets reviews finish (WebhookServer.StopAsync).
        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null });
    }

    /// <summary>The options of a command line that starts the server.</summary>
    /// <exception cref="ArgumentException">The command line does not parse; the message says why.</exception>
    public static WebhookOptions Parse(IReadOnlyList<string> args)
    {
        var (root, read) = Build();
        var parse = root.Parse(args);
        return parse.Errors.Count > 0 ? throw new ArgumentException(string.Join("; ", parse.Errors.Select(e => e.Message))) : read(parse);
    }

    private static (RootCommand Root, Func<ParseResult, WebhookOptions> Read) Build()
    {
        var tlsCert = new Option<string>("--tls-cert") { Description = "Serving certificate, PEM (leaf first, then intermediates); reloaded on change.", HelpName = "FILE", DefaultValueFactory = _ => Defaults.TlsCertificatePath };
        var tlsKey = new Option<string>("--tls-key") { Description = "Its private key, PEM.", HelpName = "FILE", DefaultValueFactory = _ => Defaults.TlsKeyPath };
        var clientCa = new Option<string?>("--client-ca") { Description = "Accept admission calls only with a client certificate issued by these CAs (PEM); reloaded on change. The API server presents one when its admission configuration says so (docs/install.md).", HelpName = "FILE" };
        var dev = new Option<bool>("--dev") { Description = "Generate an in-memory CA and certificate for 127.0.0.1/localhost, listen on 127.0.0.1 (unless --address), and print the caBundle and webhook configurations to apply (no --tls-* needed)." };
        var policy = new Option<string?>("--policy") { Description = "Policy file (.canaryguard.yaml schema); reloaded on change. One that does not load, or is empty, is reported (log, /readyz, canaryguard_policy_file_in_force) and the last good policy, at start the built-in one, stays in force. Default: built-in.", HelpName = "FILE" };
        var port = PortOption("--port", "Admission (HTTPS) port.", Defaults.AdmissionPort);
        var healthPort = PortOption("--health-port", "Health and metrics (plain HTTP) port.", Defaults.HealthPort);
        var address = new Option<IPAddress?>("--address")
        {
            Description = "Address to listen on. Default: all (0.0.0.0), or 127.0.0.1 with --dev.",
            HelpName = "IP",
            CustomParser = result => IPAddress.TryParse(result.Tokens[0].Value, out var ip) ? ip : Fail<IPAddress>(result, $"--address: '{result.Tokens[0].Value}' is not an IP address"),
        };
        var maxConnections = new Option<int>("--max-connections")
        {
            Description = "Open connections per port; more are closed as they arrive.",
            HelpName = "N",
            DefaultValueFactory = _ => Defaults.MaxConnections,
            CustomParser = result => int.TryParse(result.Tokens[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
                ? count
                : Fail<int>(result, $"--max-connections: '{result.Tokens[0].Value}' is not a positive whole number"),
        };
        var drainSeconds = new Option<int>("--drain-seconds")
        {
            Description = $"On SIGTERM, keep answering for N seconds with /readyz not ready and every response closing its connection, before the listeners close (below {Defaults.ShutdownTimeout.TotalSeconds}).",
            HelpName = "N",
            DefaultValueFactory = _ => (int)Defaults.DrainPeriod.TotalSeconds,
            CustomParser = result => int.TryParse(result.Tokens[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && TimeSpan.FromSeconds(seconds) < Defaults.ShutdownTimeout
                ? seconds
                : Fail<int>(result, $"--drain-seconds: '{result.Tokens[0].Value}' is not a whole number of seconds below the {Defaults.ShutdownTimeout.TotalSeconds} s shutdown timeout"),
        };
        var noCluster = new Option<bool>("--no-cluster") { Description = "Do not talk to the Kubernetes API (no Canary generation, no cluster look-ups); by default the pod's service account is used, else the kubeconfig." };
        var auditMinutes = new Option<int>("--audit-minutes")
        {
            Description = "The leader audits every namespace on taking the lead and then every N minutes, and a namespace a few seconds after an admitted change in it, writing one report per namespace with findings, of the API the policy's audit.reports names (docs/audit.md); 0 turns the audit off.",
            HelpName = "N",
            DefaultValueFactory = _ => (int)new BackgroundAuditOptions().Period.TotalMinutes,
            CustomParser = result => int.TryParse(result.Tokens[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
                ? minutes
                : Fail<int>(result, $"--audit-minutes: '{result.Tokens[0].Value}' is not a whole number of minutes"),
        };
        var auditRate = new Option<int>("--audit-requests-per-second")
        {
            Description = "The most API requests the audit makes a second (one at a time); admission look-ups and Canary generation are not counted.",
            HelpName = "N",
            DefaultValueFactory = _ => (int)(1 / new BackgroundAuditOptions().MinRequestInterval.TotalSeconds),
            CustomParser = result => int.TryParse(result.Tokens[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var rate) && rate > 0
                ? rate
                : Fail<int>(result, $"--audit-requests-per-second: '{result.Tokens[0].Value}' is not a positive whole number"),
        };

        var root = new RootCommand("CanaryGuard admission webhook: validates Flagger Canaries and opts Deployments into generated Canaries.")
        {
            tlsCert, tlsKey, clientCa, dev, policy, port, healthPort, address, maxConnections, drainSeconds, noCluster, auditMinutes, auditRate,
        };
        return (root, parse => new WebhookOptions
        {
            TlsCertificatePath = parse.GetValue(tlsCert)!,
            TlsKeyPath = parse.GetValue(tlsKey)!,
            ClientCaPath = parse.GetValue(clientCa),
            Dev = parse.GetValue(dev),
            PolicyPath = parse.GetValue(policy),
            AdmissionPort = parse.GetValue(port),
            HealthPort = parse.GetValue(healthPort),
            Address = parse.GetValue(address) ?? (parse.GetValue(dev) ? IPAddress.Loopback : Defaults.Address),
            MaxConnections = parse.GetValue(maxConnections),
            DrainPeriod = TimeSpan.FromSeconds(parse.GetValue(drainSeconds)),
            NoCluster = parse.GetValue(noCluster),
            Audit = parse.GetValue(auditMinutes) == 0 ? null : new BackgroundAuditOptions
            {
                Period = TimeSpan.FromMinutes(parse.GetValue(auditMinutes)),
                MinRequestInterval = TimeSpan.FromSeconds(1.0 / parse.GetValue(auditRate)),
            },
        });
    }

    private static Option<int> PortOption(string name, string description, int defaultPort) => new(name)
    {
        Description = description,
        HelpName = "N",
        DefaultValueFactory = _ => defaultPort,
        CustomParser = result => int.TryParse(result.Tokens[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : Fail<int>(result, $"{name}: '{result.Tokens[0].Value}' is not a port number"),
    };

    private static T? Fail<T>(ArgumentResult result, string error)
    {
        result.AddError(error);
        return default;
    }
}
