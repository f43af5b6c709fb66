using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests.Contract;

/// <summary>Issue 20, trap 5: a plain clone skips what needs ../shared, saying why; CI refuses to run without it.</summary>
public sealed class SharedDataTests
{
    [Fact]
    public void WithoutASharedFolderAbove_NothingIsFound_AndTheReasonSaysWhereItWasLookedFor()
    {
        using var folder = new TempFolder();
        var clone = Directory.CreateDirectory(Path.Combine(folder.Path, "plain", "canaryguard")).FullName;

        Assert.Null(SharedData.Locate(clone));
        Assert.Contains(clone, SharedData.MissingReasonFor(clone), StringComparison.Ordinal);
    }

    [Fact]
    public void ASharedFolderTwoLevelsUp_IsFound_AsForANestedWorktree()
    {
        using var folder = new TempFolder();
        folder.Write("shared/flagger/crd.yaml", "kind: CustomResourceDefinition\n");
        var worktree = Directory.CreateDirectory(Path.Combine(folder.Path, "wt", "cli")).FullName;

        Assert.Equal(Path.Combine(folder.Path, "shared"), SharedData.Locate(worktree));
    }

    [Fact]
    public void TheSkipReason_IsSetOnlyWhenTheDataIsAbsent()
    {
        Assert.Equal(SharedData.IsPresent ? null : SharedData.MissingReason, new SharedDataFactAttribute().Skip);
        Assert.Equal(SharedData.IsPresent ? null : SharedData.MissingReason, new SharedDataTheoryAttribute().Skip);
    }

    [Fact]
    public void CiRun_StopsAtOnce_WhenTheSharedDataIsAbsent()
    {
        using var folder = new TempFolder();
        var run = Path.Combine(folder.Path, "clone", ".ci", "run");
        Directory.CreateDirectory(Path.GetDirectoryName(run)!);
        File.Copy(RepositoryRoot.Combine(".ci", "run"), run);

        var result = ProcessRunner.Run("bash", [run], folder.Path, timeout: TimeSpan.FromMinutes(1));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("the shared reference data was not found", result.Error, StringComparison.Ordinal);
    }
}
