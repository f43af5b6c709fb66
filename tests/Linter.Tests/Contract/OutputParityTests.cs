using CanaryGuard.Bench.Corpus;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests.Contract;

/// <summary>
/// The program as it ships prints what the command line prints in-process, byte for byte: the framework-dependent
/// build (dotnet canaryguard.dll, without dynamic code), or with CANARYGUARD_CLI the NativeAOT binary (.ci/run).
/// </summary>
public sealed class OutputParityTests
{
    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    [InlineData("sarif")]
    public void TheExamples(string format) =>
        AssertSameOutput("lint", RepositoryRoot.Combine("examples"), "--format", format);

    [SharedDataFact]
    public void TheSharedFlaggerCorpus() =>
        AssertSameOutput("lint", SharedData.Path("flagger"), "--format", "json", "--complete");

    [Fact]
    public void AGeneratedCorpusOfAThousandApps()
    {
        using var folder = new TempFolder();
        CorpusGenerator.Write(1000, folder.Path, seed: 20);

        AssertSameOutput("lint", folder.Path, "--format", "json");
    }

    private static void AssertSameOutput(params string[] args)
    {
        var reference = CliRunner.RunInProcess(args);
        var built = BuiltTool.Run(args);

        Assert.True(reference.Output.Length > 1000, reference.Error);
        Assert.Equal(reference.ExitCode, built.ExitCode);
        Assert.Equal(reference.Error, built.Error);
        Assert.True(reference.Output == built.Output, Difference(reference.Output, built.Output));
    }

    private static string Difference(string reference, string built)
    {
        var i = 0;
        while (i < reference.Length && i < built.Length && reference[i] == built[i])
        {
            i++;
        }

        var referenceLines = reference.Split('\n');
        var builtLines = built.Split('\n');
        return $"the outputs differ from character {i}; lines only in-process:\n{string.Join('\n', referenceLines.Except(builtLines).Take(20))}\nlines only in the built program's:\n{string.Join('\n', builtLines.Except(referenceLines).Take(20))}";
    }
}
