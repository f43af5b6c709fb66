namespace CanaryGuard.Rules.Rules.Mesh;

/// <summary>Istio's protocol selection by port name: <c>&lt;protocol&gt;</c> or <c>&lt;protocol&gt;-&lt;suffix&gt;</c>, case-insensitive.</summary>
internal static class IstioPortNames
{
    public static readonly string[] AllProtocols = ["http", "http2", "https", "grpc", "grpc-web", "tcp", "tls", "mongo", "mysql", "redis", "udp"];

    /// <summary>The protocols whose requests Istio's telemetry counts, which Flagger's builtin metrics read.</summary>
    public static readonly string[] HttpProtocols = ["http", "http2", "grpc", "grpc-web"];

    public static bool Selects(string portName, IEnumerable<string> protocols) =>
        protocols.Any(p => portName.Equals(p, StringComparison.OrdinalIgnoreCase) || portName.StartsWith(p + "-", StringComparison.OrdinalIgnoreCase));
}
