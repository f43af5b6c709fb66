using System.Security.Cryptography.X509Certificates;
using System.Text;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Webhook.Kubernetes;

/// <summary>
/// Reads a kubeconfig for running outside a cluster: the current (or a named) context, its cluster's server and
/// CA (<c>certificate-authority-data</c> or <c>certificate-authority</c>), and its user's token (<c>token</c>,
/// <c>tokenFile</c>) or client certificate (<c>client-certificate[-data]</c> + <c>client-key[-data]</c>).
/// Relative file paths are relative to the kubeconfig's folder, as kubectl resolves them. Exec and auth-provider
/// plugins are not supported: use a token or certificate context.
/// </summary>
public static class Kubeconfig
{
    public static KubernetesClientConfig Load(string path, string? context = null) =>
        Parse(File.ReadAllText(path), Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", path, context);

    public static KubernetesClientConfig Parse(string yaml, string folder, string source, string? contextName = null)
    {
        var file = YamlManifestReader.Read(source, yaml);
        if (file.Problems.Count > 0)
        {
            throw new InvalidDataException($"{source}: {file.Problems[0].Message}");
        }

        if (file.Documents.Count == 0 || file.Documents[0].Root is not MappingNode root)
        {
            throw new InvalidDataException($"{source}: not a kubeconfig");
        }

        contextName ??= root.String("current-context")
            ?? throw new InvalidDataException($"{source}: no current-context; pass a context name");
        var context = Named(root, "contexts", contextName, "context", source);
        var clusterName = context.String("cluster") ?? throw new InvalidDataException($"{source}: context '{contextName}' names no cluster");
        var cluster = Named(root, "clusters", clusterName, "cluster", source);
        var userName = context.String("user");
        var user = userName is null ? null : Named(root, "users", userName, "user", source);
        if (user is not null && (user.ContainsKey("exec") || user.ContainsKey("auth-provider")))
        {
            throw new NotSupportedException($"{source}: user '{userName}' uses an exec or auth-provider plugin, which CanaryGuard does not run; use a token or client certificate");
        }

        var server = cluster.String("server") ?? throw new InvalidDataException($"{source}: cluster '{clusterName}' has no server");
        return new KubernetesClientConfig
        {
            Server = new Uri(server),
            CertificateAuthority = CertificateAuthority(cluster, folder),
            Token = Token(user, folder),
            ClientCertificate = ClientCertificate(user, folder, source),
            Namespace = context.String("namespace"),
        };
    }

    private static MappingNode Named(MappingNode root, string list, string name, string field, string source)
    {
        var entry = root.Sequence(list)?.Items.OfType<MappingNode>().FirstOrDefault(e => e.String("name") == name);
        return entry?.Mapping(field) ?? throw new InvalidDataException($"{source}: no {field} named '{name}' in '{list}'");
    }

    private static X509Certificate2Collection CertificateAuthority(MappingNode cluster, string folder) =>
        Pem(cluster, "certificate-authority", folder) is { } pem ? KubernetesClientConfig.LoadPem(pem) : [];

    private static BearerToken? Token(MappingNode? user, string folder)
    {
        if (user?.String("token") is { } token)
        {
            return BearerToken.Fixed(token);
        }

        return user?.String("tokenFile") is { } tokenFile ? BearerToken.FromFile(Path.Combine(folder, tokenFile)) : null;
    }

    private static X509Certificate2? ClientCertificate(MappingNode? user, string folder, string source)
    {
        if (user is null)
        {
            return null;
        }

        var certificate = Pem(user, "client-certificate", folder);
        var key = Pem(user, "client-key", folder);
        if (certificate is null && key is null)
        {
            return null;
        }

        if (certificate is null || key is null)
        {
            throw new InvalidDataException($"{source}: a client certificate needs both client-certificate and client-key");
        }

        // SslStream on Linux takes an ephemeral key; a PKCS#12 round trip makes it usable on every platform.
        using var ephemeral = X509Certificate2.CreateFromPem(certificate, key);
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>The PEM text of <c>field-data</c> (base64) or of the file <c>field</c>; null when neither is set.</summary>
    private static string? Pem(MappingNode node, string field, string folder)
    {
        if (node.String(field + "-data") is { } data)
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(data));
        }

        return node.String(field) is { } file ? File.ReadAllText(Path.Combine(folder, file)) : null;
    }
}
