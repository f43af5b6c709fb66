using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests.Reports;

/// <summary>
/// End to end: a real <c>pre-commit</c> (Debian's package; .ci/run installs it) runs the hooks of this checkout's
/// .pre-commit-hooks.yaml (<c>pre-commit try-repo</c>, which includes uncommitted changes) in a temporary git
/// repository: <c>canaryguard-system</c> with the canaryguard built for these tests on PATH, and <c>canaryguard</c>
/// (<c>language: dotnet</c>), which packs this repository and installs the tool as users get it (1 m 26 s on the 2-core machine).
/// The <c>docker</c> one needs Docker, which the test machines do not have.
/// </summary>
public sealed class PreCommitHookTests
{
    private const string UnsafeCanary = """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata: {name: web, namespace: shop}
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          service: {port: 80}
          analysis: {interval: 1m, maxWeight: 50, stepWeight: 10}

        """;

    private const string SafeCanary = """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata: {name: web, namespace: shop}
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          service: {port: 80}
          analysis:
            interval: 1m
            threshold: 5
            maxWeight: 50
            stepWeight: 10
            metrics:
              - name: request-success-rate
                thresholdRange: {min: 99}
                interval: 1m
              - name: request-duration
                thresholdRange: {max: 500}
                interval: 1m
            webhooks:
              - name: load-test
                url: http://flagger-loadtester.test/
                timeout: 5s
                metadata: {cmd: "hey -z 1m -q 10 -c 2 http://web-canary.shop/"}

        """;

    [Fact]
    public void SystemHook_FailsOnAnUnsafeCanary_AndPassesOnASafeOne()
    {
        using var folder = new TempFolder();
        var environment = HookEnvironment(folder.Path);
        environment["PATH"] = ToolFolder(folder.Path) + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");

        FailsOnUnsafe_PassesOnSafe(folder.Path, "canaryguard-system", environment);
    }

    [Fact]
    public void DotnetHook_BuildsTheTool_AndFailsOnAnUnsafeCanary_AndPassesOnASafeOne()
    {
        using var folder = new TempFolder();

        FailsOnUnsafe_PassesOnSafe(folder.Path, "canaryguard", HookEnvironment(folder.Path));
    }

    private static Dictionary<string, string> HookEnvironment(string root)
    {
        Assert.True(ProcessRunner.OnPath("pre-commit"), "pre-commit is not installed: apt-get install -y pre-commit (.ci/run does)");
        return new Dictionary<string, string>
        {
            ["PRE_COMMIT_HOME"] = Path.Combine(root, "pre-commit-cache"),
            ["PRE_COMMIT_COLOR"] = "never",
        };
    }

    private static void FailsOnUnsafe_PassesOnSafe(string root, string hook, IDictionary<string, string> environment)
    {
        var repo = Path.Combine(root, "repo");
        Directory.CreateDirectory(repo);
        Git(repo, "init", "-q");
        var manifest = Path.Combine(repo, "deploy", "canary.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(manifest)!);

        File.WriteAllText(manifest, UnsafeCanary);
        Git(repo, "add", "deploy/canary.yaml");
        var failing = TryRepo(repo, hook, environment);
        Assert.True(failing.ExitCode == 1, failing.ToString());
        Assert.Contains("deploy/canary.yaml(7,3): error CG1013:", failing.Output, StringComparison.Ordinal);
        Assert.Contains("Failed", failing.Output, StringComparison.Ordinal);

        File.WriteAllText(manifest, SafeCanary);
        Git(repo, "add", "deploy/canary.yaml");
        var passing = TryRepo(repo, hook, environment);
        Assert.True(passing.ExitCode == 0, passing.ToString());
        Assert.Contains("Passed", passing.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// The dotnet hook's first run packs the whole solution: 1 m 26 s on a quiet 2-core machine, 7 m 44 s with other
    /// builds on it (load average 40), so the limit is generous.
    /// </summary>
    private static ProcessResult TryRepo(string repo, string hook, IDictionary<string, string> environment) =>
        ProcessRunner.Run("pre-commit", ["try-repo", RepoPaths.Root, hook], repo, environment, TimeSpan.FromMinutes(20));

    private static void Git(string repo, params string[] arguments)
    {
        var result = ProcessRunner.Run("git", arguments, repo);
        Assert.True(result.ExitCode == 0, $"git {string.Join(' ', arguments)}: {result}");
    }

    /// <summary>
    /// A folder with a <c>canaryguard</c> command running the tool these tests were built with: the Linter
    /// project is a project reference, so its canaryguard.dll sits beside the test assembly.
    /// </summary>
    private static string ToolFolder(string root)
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "canaryguard.dll");
        Assert.True(File.Exists(tool), $"the built tool is not beside the tests: {tool}");
        var bin = Path.Combine(root, "bin");
        Directory.CreateDirectory(bin);
        var script = Path.Combine(bin, "canaryguard");
        File.WriteAllText(script, $"#!/bin/sh\nexec dotnet \"{tool}\" \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return bin;
    }
}
