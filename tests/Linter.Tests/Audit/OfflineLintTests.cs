using CanaryGuard.Linter.Tests.Contract;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests.Audit;

/// <summary>
/// <c>lint</c> is offline: the Kubernetes client that <c>audit</c> uses is never loaded by it, so its start-up and
/// memory stay as they were. Checked on the built tool under <c>dotnet</c>, with a startup hook that lists the
/// assemblies the process loaded (a NativeAOT binary has no assemblies to load).
/// </summary>
public sealed class OfflineLintTests
{
    [Fact]
    public void Lint_loads_neither_the_cluster_library_nor_the_Kubernetes_client_and_audit_does()
    {
        using var folder = new TempFolder();
        var manifest = folder.Write("app.yaml", File.ReadAllText(Path.Combine(RepositoryRoot.Path, "examples", "unsafe", "all-traffic-in-one-step.yaml")));
        var dll = Path.Combine(AppContext.BaseDirectory, "canaryguard.dll");

        var lint = Loaded(folder, ["lint", manifest]);
        var audit = Loaded(folder, ["audit", "--kubeconfig", Path.Combine(folder.Path, "no-such-kubeconfig"), "-n", "shop"]);

        Assert.Contains("CanaryGuard.Rules", lint);
        Assert.DoesNotContain(lint, a => a.StartsWith("KubernetesClient", StringComparison.Ordinal) || a == "CanaryGuard.Cluster");
        Assert.Contains("CanaryGuard.Cluster", audit);
        Assert.Contains(audit, a => a.StartsWith("KubernetesClient", StringComparison.Ordinal));

        IReadOnlyList<string> Loaded(TempFolder where, string[] args)
        {
            var list = Path.Combine(where.Path, $"loaded-{args[0]}.txt");
            var run = ProcessRunner.Run("dotnet", [dll, .. args], where.Path, new Dictionary<string, string>
            {
                ["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location,
                ["CANARYGUARD_TEST_LOADED_ASSEMBLIES"] = list,
            });
            Assert.True(File.Exists(list), run.ToString());
            return File.ReadAllLines(list);
        }
    }
}
