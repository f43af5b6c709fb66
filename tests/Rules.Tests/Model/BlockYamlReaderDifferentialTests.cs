using CanaryGuard.Bench.Corpus;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Tests.Fuzz;
using CanaryGuard.Rules.Tests.Infrastructure;
using CanaryGuard.Tests.Shared;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace CanaryGuard.Rules.Tests.Model;

/// <summary>
/// The fast block-YAML reader against the reference (YamlDotNet) reader: whenever the fast reader reads a file
/// instead of declining it, the file must come out identical, node for node, span for span, down to problems and
/// comments. Inputs: the repository's and ../shared's YAML files, the fuzz mutants, a random generator of YAML in and
/// around the block subset, and the benchmark corpus. CANARYGUARD_FUZZ_CASES scales the random sources as it
/// scales FuzzTests.
/// </summary>
public sealed class BlockYamlReaderDifferentialTests(ITestOutputHelper output)
{
    private const int DefaultGeneratedCases = 5_000;
    private const int DefaultMutantCases = 3_000;
    private const int GeneratorBaseSeed = 1_000_000;

    /// <summary>How many Simple cases the fast path must read in <see cref="RealisticManifests_AreReadByTheFastPath"/>.</summary>
    private const int SimpleCasesThatMustBeRead = 1_000;

    private const int ShownInputCharacters = 3_000;
    private const int ShownDumpCharacters = 20_000;

    [SharedDataFact]
    public void YamlFilesOfTheRepositoryAndSharedData_ReadTheSameOnBothPaths()
    {
        var files = RepositoryYamlFiles().Concat(SharedYamlFiles()).ToList();
        Assert.True(files.Count > 80, $"only {files.Count} YAML files found");
        var read = files.Count(file => AssertSameOrDeclined(Path.GetRelativePath(RepositoryRoot.Path, file), File.ReadAllText(file)));
        Report("repository and shared files", read, files.Count);
    }

    /// <summary>Whole files at the edges: empty, only markers or comments, no final line break, a lone value.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("   \n\n")]
    [InlineData("# only a comment")]
    [InlineData("---")]
    [InlineData("---\n")]
    [InlineData("--- \n---\n")]
    [InlineData("...\n")]
    [InlineData("a: 1\n...\n")]
    [InlineData("a: 1\n...\n---\nb: 2")]
    [InlineData("a")]
    [InlineData("- a")]
    [InlineData("a:")]
    [InlineData("a: |")]
    [InlineData("a: |\n")]
    [InlineData("a: >-\n  x\n\n")]
    [InlineData("a: |+\n  x\n\n")]
    [InlineData("a: |2\n   x\n  y")]
    [InlineData("- |\n  x\n- >\n  y\n")]
    [InlineData("a:\n- b\n- c:\n  - d\n")]
    [InlineData("- - - a\n    - b\n  - c\n")]
    [InlineData("\"a\": 'b'\n'c': \"d\"\n")]
    [InlineData("a: 'it''s'\nb: \"\\\" \\\\ \\n \\u00e9 \\x41\"\n")]
    [InlineData("a: b # c\n# d\ne: 'f # g' # h\n")]
    [InlineData("a: {}\nb: []\nc: [x, 'y', \"z\", 1]\nd: {e: f}\n")]
    [InlineData("a: 1\nb: 2\na: 3\nb: 4\n")]
    [InlineData("a:  \n  b: c   \n")]
    [InlineData("a: b\r\nc: d\r\n")]
    [InlineData("a:\n\tb: c\n")]
    [InlineData("a: &x 1\nb: *x\n")]
    [InlineData("a: !!str 1\n")]
    [InlineData("a: b\n  c\n")]
    [InlineData("a: \"b\n  c\"\n")]
    [InlineData("? a\n: b\n")]
    [InlineData("a: b\n c: d\n")]
    [InlineData("a:\n  - b\n - c\n")]
    [InlineData("\uFEFFa: b\n")]
    [InlineData("%YAML 1.1\n---\na: b\n")]
    [InlineData("a *b: c\n")]
    [InlineData("x:\n  a &b: c\n")]
    [InlineData("- a !b: c\n")]
    public void EdgeCases_ReadTheSameOnBothPaths(string text)
    {
        AssertSameOrDeclined("edge.yaml", text);
    }

    [Theory]
    [InlineData("a *b: c\n")]
    [InlineData("x:\n  a &b: c\n")]
    [InlineData("- a !b: c\n")]
    public void PlainKeysHoldingIndicators_AreDeclined(string text) => Assert.Null(BlockYamlReader.TryRead("edge.yaml", text, ParseLimits.Default));

    [Theory]
    [InlineData("a *b c: d\n")]
    [InlineData("a: b *c\n")]
    public void IndicatorsInValuesOrLaterWords_AreStillRead(string text)
    {
        // "a *b c: d" is declined too (the key holds '*'); a value holding one is read by the fast path.
        var fast = BlockYamlReader.TryRead("edge.yaml", text, ParseLimits.Default);
        Assert.Equal(text.StartsWith("a: ", StringComparison.Ordinal), fast is not null);
        AssertSameOrDeclined("edge.yaml", text);
    }

    [SharedDataFact]
    public void FuzzMutants_ReadTheSameOnBothPaths()
    {
        var seeds = FuzzTests.SeedManifests();
        var cases = FuzzTests.CaseCount(DefaultMutantCases);
        var read = 0;
        for (var i = 0; i < cases; i++)
        {
            var (name, text) = seeds[i % seeds.Count];
            if (AssertSameOrDeclined($"mutant {i} of {name} (new ManifestMutator({i}))", new ManifestMutator(i).Mutate(text)))
            {
                read++;
            }
        }

        Report("fuzz mutants", read, cases);
    }

    [Fact]
    public void GeneratedYaml_ReadsTheSameOnBothPaths()
    {
        var cases = FuzzTests.CaseCount(DefaultGeneratedCases);
        foreach (var features in Enum.GetValues<YamlFeatures>())
        {
            var read = Generated(features, cases / 3).Count(input => AssertSameOrDeclined(input.Name, input.Text));
            Report($"generated {features}", read, cases / 3);
        }
    }

    /// <summary>Limits low enough for generated files to cross: the fast reader declines those or reports them as the reference does.</summary>
    [Fact]
    public void GeneratedYamlOverTightLimits_ReadsTheSameOnBothPaths()
    {
        var limits = new ParseLimits { MaxDepth = 3, MaxScalarLength = 12, MaxDocuments = 2, MaxDocumentBytes = 600 };
        var cases = FuzzTests.CaseCount(DefaultGeneratedCases) / 5;
        var inputs = Generated(YamlFeatures.Subset, cases).ToList();
        var read = inputs.Count(input => AssertSameOrDeclined($"{input.Name} over {limits}", input.Text, limits));
        Report("generated Subset over tight limits", read, cases);
        var refused = inputs.Count(input => YamlManifestReader.ReadWithYamlDotNet("g.yaml", input.Text, limits).Problems.Any(p => p.Kind == ParseProblemKind.Unsafe));
        Assert.True(refused > cases / 4, $"only {refused} of {cases} cases cross the limits");
    }

    [Fact]
    public void BenchCorpus_ReadsTheSameOnBothPaths()
    {
        var folder = Directory.CreateTempSubdirectory("canaryguard-differential-");
        try
        {
            var corpus = CorpusGenerator.Write(apps: 40, folder.FullName, seed: 11, appsPerNamespace: 10);
            var files = Directory.GetFiles(corpus.Folder, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(corpus.Files, files.Count);
            var read = files.Count(file => AssertSameOrDeclined(Path.GetRelativePath(folder.FullName, file), File.ReadAllText(file)));
            Report("bench corpus", read, files.Count);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Keeps the fast path honest: a fast reader that declined everything would pass every differential test above.
    /// The examples and the simplest generated manifests (block collections, one-line plain and quoted scalars,
    /// comments, documents) are what real manifests look like; none of them may fall back to YamlDotNet. No file
    /// of examples/ uses a feature outside the block subset, so none is excluded.
    /// </summary>
    [Fact]
    public void RealisticManifests_AreReadByTheFastPath()
    {
        var examples = Directory.GetFiles(RepositoryRoot.Combine("examples"), "*.yaml", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(file => (Name: Path.GetRelativePath(RepositoryRoot.Path, file), Text: File.ReadAllText(file)))
            .ToList();
        Assert.NotEmpty(examples);
        var declined = examples.Concat(Generated(YamlFeatures.Simple, SimpleCasesThatMustBeRead))
            .Where(input => !AssertSameOrDeclined(input.Name, input.Text))
            .Select(input => input.Name)
            .ToList();

        Assert.True(
            declined.Count == 0,
            $"the fast reader declined {declined.Count} realistic inputs, e.g.:\n{string.Join("\n", declined.Take(10))}");
    }

    /// <summary>The generator is only worth its cases if what it means to be valid YAML is: every Simple and Subset case reads without a problem.</summary>
    [Fact]
    public void Generator_WritesValidYamlInTheSubset_AndInvalidYamlOnlyAroundIt()
    {
        foreach (var features in new[] { YamlFeatures.Simple, YamlFeatures.Subset })
        {
            var invalid = Generated(features, 1_000)
                .Select(input => (input.Name, input.Text, YamlManifestReader.ReadWithYamlDotNet("g.yaml", input.Text, ParseLimits.Default).Problems))
                .Where(read => read.Problems.Count > 0)
                .ToList();
            Assert.True(
                invalid.Count == 0,
                $"{invalid.Count} {features} cases are not valid YAML, e.g.\n{string.Join("\n", invalid.Take(5).Select(read => $"{read.Name}: {read.Problems[0].Message} at {read.Problems[0].Span}\n{Shown(read.Text)}"))}");
        }

        var around = Generated(YamlFeatures.AroundSubset, 1_000)
            .Count(input => YamlManifestReader.ReadWithYamlDotNet("g.yaml", input.Text, ParseLimits.Default).Problems.Count > 0);
        Assert.InRange(around, 50, 700);
    }

    [Fact]
    public void Generator_IsDeterministic()
    {
        Assert.Equal(BlockYamlGenerator.Generate(42, YamlFeatures.AroundSubset), BlockYamlGenerator.Generate(42, YamlFeatures.AroundSubset));
        Assert.NotEqual(BlockYamlGenerator.Generate(42, YamlFeatures.Subset), BlockYamlGenerator.Generate(43, YamlFeatures.Subset));
    }

    [Theory]
    [InlineData("a: 1\n", "a: '1'\n")]
    [InlineData("a: 1\n", "a: \"1\"\n")]
    [InlineData("a: true\n", "a: truth\n")]
    [InlineData("a: 1\n", "a:  1\n")]
    [InlineData("a: 1\n", "\"a\": 1\n")]
    [InlineData("a: x\n", "b: x\n")]
    [InlineData("a:\n- x\n", "a:\n  - x\n")]
    [InlineData("a: |\n  x\n", "a: |-\n  x\n")]
    [InlineData("a: 1\n", "a: 1 # note\n")]
    [InlineData("a: 1\n", "a: 1\n# note\n")]
    [InlineData("a: 1\na: 2\n", "a: 1\nb: 2\n")]
    [InlineData("a: 1\n", "---\na: 1\n")]
    [InlineData("a: 1\n", "a: 1\n---\n")]
    [InlineData("a: [1\n", "a: [1,\n")]
    [InlineData("- a\n- b\n", "- b\n- a\n")]
    [InlineData("a: {}\n", "a: []\n")]
    public void Dump_TellsApartFilesThatDiffer(string first, string second)
    {
        Assert.NotEqual(DumpOfReference(first), DumpOfReference(second));
    }

    [Fact]
    public void Dump_ListsEveryNodeWithSpansAndDuplicateKeys()
    {
        var dump = DumpOfReference("# top\na: 1\nb:\n- x # note\na: \"é\\t\"\n");

        Assert.Equal(
            """
            file "f.yaml"
            document 0 span (2,1)-(6,1)
              "" mapping of 2 span (2,1)-(2,1) key none
                key Plain "a"
                  "a" scalar DoubleQuoted String "é\t" span (5,4)-(5,9) key (5,1)-(5,2)
                key Plain "b"
                  "b" sequence of 1 span (4,1)-(4,2) key (3,1)-(3,2)
                    "b[0]" scalar Plain String "x" span (4,3)-(4,4) key none
                duplicate key
                  "" scalar Plain String "a" span (2,1)-(2,2) key none
            comment (1,1) own-line "top"
            comment (4,5) trailing "note"

            """.ReplaceLineEndings("\n"),
            dump.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Dump_TellsApartFilesThatDifferOnlyWhereNoReaderDiffers()
    {
        // Fields the readers above never set differently, so the theory cannot show them: a value whose path does not
        // follow from its mapping's (its key node's path comes from it), and a span in another file.
        static string DumpOf(string valuePath, string valueFile)
        {
            const string Text = "a: 1\n";
            var value = new ScalarNode(valuePath, LineMap.Of(valueFile, Text), new TextRange(3, 4), new KeyRange(new TextRange(0, 1), ScalarStyle.Plain), "1", ScalarStyle.Plain, ScalarKind.Int);
            var root = new MappingNode(string.Empty, LineMap.Of("f.yaml", Text), new TextRange(0, 0), KeyRange.None, [new MappingEntry("a", value)], []);
            return ManifestDump.Of(new ManifestFile("f.yaml", [new ManifestDocument(0, root, null)], [], []));
        }

        var dump = DumpOf("a", "f.yaml");
        Assert.Contains("key node at \"elsewhere\"", DumpOf("elsewhere.a", "f.yaml"), StringComparison.Ordinal);
        Assert.DoesNotContain("key node at", dump, StringComparison.Ordinal);
        Assert.Contains("(1,4)-(1,5) in \"g.yaml\" key (1,1)-(1,2) in \"g.yaml\"", DumpOf("a", "g.yaml"), StringComparison.Ordinal);
        Assert.DoesNotContain(" in ", dump, StringComparison.Ordinal);
    }

    private static string DumpOfReference(string text) => ManifestDump.Of(YamlManifestReader.ReadWithYamlDotNet("f.yaml", text, ParseLimits.Default));

    /// <summary>
    /// False when the fast reader declines <paramref name="text"/>; true when it reads it exactly as the reference
    /// reader does; otherwise a failure naming the input and showing where the two dumps part.
    /// </summary>
    private static bool AssertSameOrDeclined(string name, string text, ParseLimits? limits = null)
    {
        limits ??= ParseLimits.Default;
        ManifestFile? fast;
        try
        {
            fast = BlockYamlReader.TryRead(name, text, limits);
        }
#pragma warning disable CA1031 // A throwing fast reader is a difference like any other; the input must be named.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            throw new XunitException($"{name}: the fast reader threw {exception}\ninput:\n{Shown(text)}");
        }

        if (fast is null)
        {
            return false;
        }

        var reference = ManifestDump.Of(YamlManifestReader.ReadWithYamlDotNet(name, text, limits));
        var actual = ManifestDump.Of(fast);
        if (reference != actual)
        {
            var dumps = reference.Length + actual.Length <= ShownDumpCharacters ? $"\nreference:\n{reference}\nfast:\n{actual}" : string.Empty;
            throw new XunitException($"{name}: the fast reader's file differs from the reference reader's\n{FirstDifference(reference, actual)}\ninput:\n{Shown(text)}{dumps}");
        }

        return true;
    }

    private static string FirstDifference(string reference, string fast)
    {
        var expected = reference.Split('\n');
        var actual = fast.Split('\n');
        var line = 0;
        while (line < expected.Length && line < actual.Length && expected[line] == actual[line])
        {
            line++;
        }

        var context = string.Join("\n", expected.Skip(Math.Max(0, line - 3)).Take(Math.Min(line, 3)).Select(l => "   " + l));
        return $"first difference at dump line {line + 1}:\n{context}\n - {expected.ElementAtOrDefault(line) ?? "(end)"}\n + {actual.ElementAtOrDefault(line) ?? "(end)"}";
    }

    /// <summary>The input with its line ends and tabs visible, cut short when long.</summary>
    private static string Shown(string text)
    {
        var visible = text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal).Replace("\n", "\\n\n", StringComparison.Ordinal);
        return visible.Length <= ShownInputCharacters ? visible : visible[..ShownInputCharacters] + $"… ({text.Length} characters in all)";
    }

    private static IEnumerable<(string Name, string Text)> Generated(YamlFeatures features, int cases)
    {
        // Each feature set has its own run of seeds, so a case is named by its seed alone.
        var firstSeed = GeneratorBaseSeed * (1 + (int)features);
        for (var seed = firstSeed; seed < firstSeed + cases; seed++)
        {
            yield return ($"generated case {seed - firstSeed} (BlockYamlGenerator.Generate({seed}, YamlFeatures.{features}))", BlockYamlGenerator.Generate(seed, features));
        }
    }

    private static IEnumerable<string> RepositoryYamlFiles() =>
        new[] { "examples", "docs", "deploy", "tests" }
            .Select(folder => RepositoryRoot.Combine(folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Where(file => file.EndsWith(".yaml", StringComparison.Ordinal) || file.EndsWith(".yml", StringComparison.Ordinal))
            .Where(file => !IsBuildOutput(Path.GetRelativePath(RepositoryRoot.Path, file)))
            .Order(StringComparer.Ordinal);

    private static bool IsBuildOutput(string relativePath) =>
        relativePath.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj");

    private static IEnumerable<string> SharedYamlFiles() =>
        Directory.EnumerateFiles(SharedData.Path(), "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    private void Report(string source, int read, int total) =>
        output.WriteLine($"{source}: {read} of {total} read by the fast path, the rest declined");
}
