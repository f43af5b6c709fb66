using System.Text.Json;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests;

/// <summary>
/// The tool as it ships, in its own process with its own runtime settings: the CLI turns dynamic code off (as under
/// NativeAOT), so the policy validator (FluentValidation's expression trees) and YamlDotNet's regular expressions run
/// interpreted there, which the in-process tests, hosted by the test runner, never see.
/// </summary>
public sealed class BuiltToolTests
{
    private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "canaryguard.dll");

    [Fact]
    public void TheToolRunsWithoutDynamicCode()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(Tool, ".runtimeconfig.json")));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.False(properties.GetProperty("System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported").GetBoolean());
    }

    [Fact]
    public void APolicyIsValidatedAndApplied_OutOfProcess()
    {
        using var folder = new TempFolder();
        folder.Write(".canaryguard.yaml", "rules: {CG1013: info}\nanalysis:\n  minAnalyses: many\n");
        folder.Write("a.yaml", Manifests.ChecksNothing("a"));
        folder.Write("b.yaml", Manifests.SafeCanary("b"));

        var result = ProcessRunner.Run("dotnet", [Tool, "lint", folder.Path, "--lenient-config"], folder.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        var problem = Assert.Single(TextOutput.Findings(result.Output), f => f.Id == "CG0006");
        Assert.Equal((".canaryguard.yaml", 3, 3), (Path.GetFileName(problem.File), problem.Line, problem.Column));
        Assert.Equal(["a.yaml: info"], TextOutput.Of(result.Output, "CG1013"));
    }
}
