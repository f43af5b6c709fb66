using System.Diagnostics;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Webhook.Tests.Deploy;

/// <summary>deploy/manifests rendered as a cluster admin would apply them, read with the project's YAML reader.</summary>
internal sealed class RenderedManifests
{
    public const string Namespace = "canaryguard-system";

    private RenderedManifests(string text)
    {
        Text = text;
        File = YamlManifestReader.Read("rendered.yaml", text);
        Assert.Empty(File.Problems);
        Resources = [.. KubernetesResource.FromFile(File)];
    }

    public string Text { get; }

    public ManifestFile File { get; }

    public IReadOnlyList<KubernetesResource> Resources { get; }

    public static string RepositoryRoot { get; } = FindRoot();

    public static string ManifestsFolder => Path.Combine(RepositoryRoot, "deploy", "manifests");

    public static RenderedManifests Kustomize(string overlay) =>
        new(Run("kubectl", ["kustomize", Path.Combine(ManifestsFolder, overlay)], new Dictionary<string, string>()));

    public static RenderedManifests SelfSignedScript(string certificateFolder) =>
        new(Run("bash", [InstallScript, "--render"], new Dictionary<string, string> { ["CERT_DIR"] = certificateFolder }));

    public static string InstallScript => Path.Combine(ManifestsFolder, "self-signed", "install.sh");

    /// <summary>Reads text as manifests, as <see cref="Kustomize"/> does its output.</summary>
    public static RenderedManifests Parse(string text) => new(text);

    public KubernetesResource Single(string kind, string name) =>
        Assert.Single(Resources, r => r.Kind == kind && r.Name == name);

    public IEnumerable<KubernetesResource> OfKind(string kind) => Resources.Where(r => r.Kind == kind);

    public static string Run(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var (exitCode, output, error) = RunProcess(program, arguments, environment);
        Assert.True(exitCode == 0, $"{program} {string.Join(' ', arguments)} exited {exitCode}: {error}");
        return output;
    }

    public static (int ExitCode, string Output, string Error) RunProcess(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in 60s");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (Directory.Exists(Path.Combine(folder.FullName, "deploy", "manifests")) && Directory.Exists(Path.Combine(folder.FullName, "src")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("no deploy/manifests above " + AppContext.BaseDirectory);
    }
}

/// <summary>Reading nodes in assertions.</summary>
internal static class Nodes
{
    public static MappingNode Map(this ManifestNode? node, params string[] path) =>
        Assert.IsType<MappingNode>(path.Length == 0 ? node : ((MappingNode)node!).At(path));

    public static string Str(this ManifestNode? node, params string[] path) =>
        Assert.IsType<ScalarNode>(path.Length == 0 ? node : ((MappingNode)node!).At(path)).Value;

    public static IReadOnlyList<ManifestNode> Seq(this ManifestNode? node, params string[] path) =>
        Assert.IsType<SequenceNode>(path.Length == 0 ? node : ((MappingNode)node!).At(path)).Items;

    public static IReadOnlyList<string> Strings(this ManifestNode? node, params string[] path) =>
        [.. node.Seq(path).Select(i => i.Str())];
}
