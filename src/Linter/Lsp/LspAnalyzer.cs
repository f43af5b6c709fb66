using CanaryGuard.Linter.Commands;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Kustomize;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Linter.Lsp;

/// <summary>The findings of one analysis, per file (display path), for the open documents and the policy files.</summary>
internal sealed record LspAnalysis(int Generation, IReadOnlyDictionary<string, IReadOnlyList<Diagnostic>> ByFile, WorkspaceSnapshot Snapshot)
{
    public IReadOnlyList<Diagnostic> Of(string path) => ByFile.GetValueOrDefault(path, []);
}

/// <summary>
/// Runs the engine as <c>lint</c> does in the workspace folder (kustomize builds, each file's nearest policy,
/// unproven references summarised away, suppressions applied), wanting the findings of the open documents only: the
/// rest of the workspace is their context. A document outside the workspace is analysed on its own.
/// </summary>
internal sealed class LspAnalyzer(AnalysisEngine engine)
{
    public AnalysisEngine Engine => engine;

    public LspAnalysis Analyze(WorkspaceSnapshot snapshot)
    {
        var byFile = new Dictionary<string, IReadOnlyList<Diagnostic>>(StringComparer.Ordinal);
        var inWorkspace = snapshot.Open.Where(d => d.Parsed is not null && snapshot.WorkspaceFiles.Contains(d.Parsed)).Select(d => d.Path).ToHashSet(StringComparer.Ordinal);
        // A buffer broken mid-typing is analysed as it is (its CG0001 where the text breaks); the other files are
        // analysed against its last valid text, so their findings do not come and go with every keystroke.
        var broken = snapshot.Open.Where(d => d.IsBroken && inWorkspace.Contains(d.Path)).Select(d => d.Path).ToHashSet(StringComparer.Ordinal);
        if (broken.Count > 0 && !ReferenceEquals(snapshot.ContextFiles, snapshot.WorkspaceFiles))
        {
            Collect(Run(snapshot.WorkspaceFiles, snapshot, broken), byFile);
            var others = inWorkspace.Except(broken).ToHashSet(StringComparer.Ordinal);
            if (others.Count > 0)
            {
                Collect(Run(snapshot.ContextFiles, snapshot, others), byFile);
            }
        }
        else if (inWorkspace.Count > 0)
        {
            Collect(Run(snapshot.WorkspaceFiles, snapshot, inWorkspace), byFile);
        }

        foreach (var document in snapshot.Open.Where(d => d.Parsed is not null && !inWorkspace.Contains(d.Path)))
        {
            Collect(Run([document.Parsed!], snapshot, new HashSet<string>(StringComparer.Ordinal) { document.Path }), byFile);
        }

        // An open policy file is read even when no manifest under it is open, so its own problems show.
        foreach (var policy in snapshot.Open.Where(d => LspWorkspace.IsPolicyFile(d.Path)))
        {
            snapshot.Policies.PolicyFor(Path.Combine(Path.GetDirectoryName(policy.Path) ?? string.Empty, "any.yaml"));
        }

        // An invalid policy entry fails a lint run (exit 2): in the editor it is an error on the policy file itself,
        // and the rest of the policy applies meanwhile (as with --lenient-config).
        var policyProblems = snapshot.Policies.Problems.Select(d => d with { Severity = DiagnosticSeverity.Error });
        Collect(policyProblems, byFile);
        foreach (var document in snapshot.Open)
        {
            byFile.TryAdd(document.Path, []);
        }

        return new LspAnalysis(snapshot.Generation, byFile, snapshot);
    }

    private IEnumerable<Diagnostic> Run(IReadOnlyList<ManifestFile> files, WorkspaceSnapshot snapshot, HashSet<string> wanted)
    {
        var result = engine.Analyze(files, new AnalysisOptions
        {
            Kustomize = KustomizeBuilder.Build(files, snapshot.KustomizeSource),
            PolicyFor = snapshot.Policies.PolicyFor,
            AnalyzesFile = wanted.Contains,
        });
        (result, _) = UnprovenReferences.Summarise(result);
        return result.Reported.Where(d => wanted.Contains(d.File));
    }

    private static void Collect(IEnumerable<Diagnostic> diagnostics, Dictionary<string, IReadOnlyList<Diagnostic>> byFile)
    {
        foreach (var group in diagnostics.GroupBy(d => d.File, StringComparer.Ordinal))
        {
            byFile[group.Key] = [.. byFile.GetValueOrDefault(group.Key, []).Concat(group).Order(DiagnosticOrder.Instance)];
        }
    }
}
