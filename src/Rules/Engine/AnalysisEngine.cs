using CanaryGuard.Rules.Kustomize;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Suppressions;

namespace CanaryGuard.Rules.Engine;

/// <summary>
/// Runs every enabled rule over every resource of a workspace and turns what they report into final
/// diagnostics: effective severity (policy, then command line), suppressions, deterministic order.
/// </summary>
public sealed class AnalysisEngine
{
    // An array: RunRules walks it for every resource, and an interface's enumerator is an object each time.
    private readonly AnalysisRule[] rules;

    public AnalysisEngine(IReadOnlyList<AnalysisRule> rules)
    {
        this.rules = [.. rules];
        Descriptors = [.. EngineDiagnostics.All.Concat(VerificationDiagnostics.All).Concat(rules.SelectMany(r => r.SupportedDiagnostics)).DistinctBy(d => d.Id).OrderBy(d => d.Id, StringComparer.Ordinal)];
        KnownIds = Descriptors.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        Inputs = [.. rules.SelectMany(r => r.Inputs).Distinct()];
    }

    /// <summary>Every descriptor the engine can report, engine findings included, ordered by id.</summary>
    public IReadOnlyList<DiagnosticDescriptor> Descriptors { get; }

    public IReadOnlySet<string> KnownIds { get; }

    /// <summary>Every kind some rule looks up: what a complete cluster context holds, and what the webhook's RBAC must grant.</summary>
    public IReadOnlyList<ResourceKind> Inputs { get; }

    /// <summary>The kinds the rules enabled by <paramref name="policy"/> look up while analysing <paramref name="resource"/>.</summary>
    public IReadOnlyList<ResourceKind> InputsFor(KubernetesResource resource, CanaryGuardPolicy policy) =>
        [.. rules.Where(r => r.Inputs.Count > 0 && r.AppliesTo(resource) && AnyEnabled(r.SupportedDiagnostics, policy)).SelectMany(r => r.Inputs).Distinct()];

    public static AnalysisEngine CreateDefault() => new(RuleCatalog.All);

    public AnalysisResult Analyze(IReadOnlyList<ManifestFile> files, AnalysisOptions options)
    {
        var defaultNamespace = files.Count > 0 ? options.PolicyFor(files[0].Path).DefaultNamespace : CanaryGuardPolicy.Default.DefaultNamespace;
        var complete = files.Count > 0 && options.PolicyFor(files[0].Path).Complete;
        var workspace = new Workspace(files, defaultNamespace, complete, options.Kustomize);
        var lookup = options.Lookup ?? workspace;
        // Filled by index, not a ConcurrentBag: the bag's per-thread lists are finalizable, one per admission review.
        var perFile = new List<Diagnostic>[files.Count];
        var directivesByFile = new SuppressionDirectives[files.Count];

        void AnalyzeFile(int fileIndex)
        {
            var file = files[fileIndex];
            var policy = options.PolicyFor(file.Path);
            var found = new List<Diagnostic>();
            var problems = new List<Diagnostic>();
            foreach (var problem in file.Problems)
            {
                var descriptor = problem.Kind == ParseProblemKind.Syntax ? EngineDiagnostics.SyntaxError : EngineDiagnostics.UnsafeInput;
                found.Add(new Diagnostic { Descriptor = descriptor, Severity = descriptor.DefaultSeverity, Message = problem.Message, File = file.Path, Span = problem.Span });
            }

            var directives = SuppressionDirectives.Read(file, KnownIds, problems);
            directivesByFile[fileIndex] = directives;
            if (options.AnalyzesFile is { } wanted && !wanted(file.Path))
            {
                perFile[fileIndex] = [];
                return;
            }

            foreach (var resource in workspace.ResourcesOf(fileIndex))
            {
                AnalyzeResource(resource, lookup, policy, options, found, problems);
            }

            found.AddRange(problems);
            var final = new List<Diagnostic>(found.Count);
            foreach (var diagnostic in found)
            {
                Finalize(diagnostic, policy, directives, options, final);
            }

            perFile[fileIndex] = final;
        }

        if (options.Parallel && files.Count > 1)
        {
            System.Threading.Tasks.Parallel.For(0, files.Count, AnalyzeFile);
        }
        else
        {
            for (var i = 0; i < files.Count; i++)
            {
                AnalyzeFile(i);
            }
        }

        var fromBuilds = workspace.Kustomize.Builds.Count + workspace.Kustomize.Problems.Count == 0
            ? []
            : AnalyzeBuilds(workspace, options, files.Select((file, i) => (file.Path, Directives: directivesByFile[i])));
        var ordered = perFile.SelectMany(d => d).Concat(fromBuilds).Order(DiagnosticOrder.Instance).ToList();
        return new AnalysisResult(ordered, files.Count, workspace.Resources.Count);
    }

    /// <summary>
    /// Findings made outside the rules (a live verification of metric checks) given what the rules' findings get:
    /// the <c>canaryguard.io/suppress</c> annotation of the resource each is about (its subject), the policy's and the
    /// command line's severity, the suppression comments of the file each stands in, and the order of a run. The
    /// files are the inputs the findings point into.
    /// </summary>
    public AnalysisResult Configure(IReadOnlyList<(Diagnostic Finding, KubernetesResource Subject)> findings, IReadOnlyList<ManifestFile> files, int resourceCount, AnalysisOptions options)
    {
        var directives = new Dictionary<string, SuppressionDirectives>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            // Problems in the comments and annotations are the lint's to report; here they only suppress.
            directives.TryAdd(file.Path, SuppressionDirectives.Read(file, KnownIds, []));
        }

        var annotations = new Dictionary<KubernetesResource, IReadOnlyDictionary<string, string?>>(ReferenceEqualityComparer.Instance);
        var final = new List<Diagnostic>(findings.Count);
        foreach (var (finding, subject) in findings)
        {
            if (!annotations.TryGetValue(subject, out var annotated))
            {
                annotated = AnnotationSuppressions.Read(subject, KnownIds, options.SuppressibleByAnnotation, []);
                annotations.Add(subject, annotated);
            }

            var suppressed = annotated.TryGetValue(finding.Id, out var why) ? finding with { Suppression = new Suppression(SuppressionKind.Annotation, why) } : finding;
            Finalize(suppressed, options.PolicyFor(finding.File), directives.GetValueOrDefault(finding.File, SuppressionDirectives.None), options, final);
        }

        return new AnalysisResult([.. final.Order(DiagnosticOrder.Instance)], files.Count, resourceCount);
    }

    private void AnalyzeResource(KubernetesResource resource, IResourceLookup lookup, CanaryGuardPolicy policy, AnalysisOptions options, List<Diagnostic> found, List<Diagnostic> problems)
    {
        var annotated = AnnotationSuppressions.Read(resource, KnownIds, options.SuppressibleByAnnotation, problems);
        var reported = new List<Diagnostic>();
        RunRules(resource, lookup, policy, reported);
        foreach (var diagnostic in reported)
        {
            found.Add(annotated.TryGetValue(diagnostic.Id, out var why)
                ? diagnostic with { Suppression = new Suppression(SuppressionKind.Annotation, why) }
                : diagnostic);
        }
    }

    /// <summary>The effective severity (policy, command line, unproven) and suppression of a finding; dropped when off.</summary>
    private static void Finalize(Diagnostic diagnostic, CanaryGuardPolicy policy, SuppressionDirectives directives, AnalysisOptions options, List<Diagnostic> final)
    {
        var severity = Promote(policy.EffectiveSeverity(diagnostic.Descriptor, diagnostic.Severity), diagnostic.Descriptor, options);
        if (diagnostic.IsUnproven && severity > DiagnosticSeverity.Info)
        {
            severity = DiagnosticSeverity.Info;
        }

        if (severity == DiagnosticSeverity.None)
        {
            return;
        }

        var suppression = diagnostic.Suppression
            ?? (diagnostic.Span is { } span && diagnostic.Descriptor.IsConfigurable ? directives.Find(diagnostic.Id, span.StartLine) : null)
            ?? (options.NoWarn.Contains(diagnostic.Id) && diagnostic.Descriptor.IsConfigurable ? new Suppression(SuppressionKind.CommandLine, "--nowarn") : null);
        final.Add(diagnostic with { Severity = severity, Suppression = suppression });
    }

    /// <summary>
    /// The findings of the kustomize builds. A built object's nodes stand in several files (a base, a patch, the
    /// kustomization), so a finding's suppression comments are those of the file it stands in. One base line reached
    /// through several overlays is one finding, naming them.
    /// </summary>
    private List<Diagnostic> AnalyzeBuilds(Workspace workspace, AnalysisOptions options, IEnumerable<(string Path, SuppressionDirectives Directives)> linted)
    {
        var kustomize = workspace.Kustomize;
        var directives = new Dictionary<string, SuppressionDirectives>(StringComparer.Ordinal);
        foreach (var (path, fileDirectives) in linted)
        {
            directives.TryAdd(path, fileDirectives);
        }

        foreach (var file in kustomize.FilesRead)
        {
            // A file outside the linted ones: its comments suppress, its own mistakes are for a lint of it to report.
            directives.TryAdd(file.Path, SuppressionDirectives.Read(file, KnownIds, []));
        }

        SuppressionDirectives DirectivesOf(Diagnostic diagnostic) =>
            directives.GetValueOrDefault(diagnostic.File, SuppressionDirectives.None);

        var perBuild = new List<Diagnostic>[kustomize.Builds.Count];
        void AnalyzeBuild(int buildIndex)
        {
            var build = kustomize.Builds[buildIndex];
            var policy = options.PolicyFor(build.KustomizationPath);
            var found = new List<Diagnostic>();
            var problems = new List<Diagnostic>();
            foreach (var resource in build.Resources)
            {
                AnalyzeResource(resource, options.Lookup ?? workspace.LookupFor(buildIndex), policy, options, found, problems);
            }

            var final = new List<Diagnostic>(found.Count + problems.Count);
            foreach (var diagnostic in found.Concat(problems))
            {
                Finalize(diagnostic, policy, DirectivesOf(diagnostic), options, final);
            }

            perBuild[buildIndex] = final;
        }

        if (options.Parallel && kustomize.Builds.Count > 1)
        {
            System.Threading.Tasks.Parallel.For(0, kustomize.Builds.Count, AnalyzeBuild);
        }
        else
        {
            for (var i = 0; i < kustomize.Builds.Count; i++)
            {
                AnalyzeBuild(i);
            }
        }

        var merged = new List<Diagnostic>();
        var builds = new Dictionary<(string Id, string File, SourceSpan? Span, string Message), (int Index, List<string> Names)>();
        for (var b = 0; b < perBuild.Length; b++)
        {
            foreach (var diagnostic in perBuild[b])
            {
                var key = (diagnostic.Id, diagnostic.File, diagnostic.Span, diagnostic.Message);
                if (builds.TryGetValue(key, out var seen))
                {
                    seen.Names.Add(kustomize.Builds[b].Name);
                    continue;
                }

                builds[key] = (merged.Count, [kustomize.Builds[b].Name]);
                merged.Add(diagnostic);
            }
        }

        // A file several builds read (a base of overlays) says which of them the finding is in; a file of one build
        // needs no such note.
        foreach (var (index, names) in builds.Values)
        {
            var diagnostic = merged[index];
            if (kustomize.Builds.Count(b => b.Files.Contains(diagnostic.File)) > 1)
            {
                merged[index] = diagnostic with { Message = $"{diagnostic.Message} (kustomize build{(names.Count > 1 ? "s" : string.Empty)} of {string.Join(", ", names)})" };
            }
        }

        foreach (var problem in kustomize.Problems)
        {
            var diagnostic = new Diagnostic { Descriptor = problem.Descriptor, Severity = problem.Descriptor.DefaultSeverity, Message = problem.Message, File = problem.File, Span = problem.Span };
            Finalize(diagnostic, options.PolicyFor(problem.File), DirectivesOf(diagnostic), options, merged);
        }

        return merged;
    }

    private void RunRules(KubernetesResource resource, IResourceLookup lookup, CanaryGuardPolicy policy, List<Diagnostic> reported)
    {
        // One context serves every rule of the resource: it only carries what they share. This loop runs for every
        // rule and resource, and a context, a delegate and an enumerator per rule were a sixth of a lint's garbage.
        var context = new RuleContext(resource, lookup, policy, reported);
        foreach (var rule in rules)
        {
            if (!rule.AppliesTo(resource) || !AnyEnabled(rule.SupportedDiagnostics, policy))
            {
                continue;
            }

            var before = reported.Count;
            try
            {
                rule.Analyze(context);
            }
#pragma warning disable CA1031 // A failing rule must not stop the others: it is reported as CG0007 instead.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                reported.RemoveRange(before, reported.Count - before);
                var descriptor = EngineDiagnostics.RuleFailed;
                reported.Add(new Diagnostic
                {
                    Descriptor = descriptor,
                    Severity = descriptor.DefaultSeverity,
                    Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, descriptor.MessageFormat, string.Join(",", rule.SupportedDiagnostics.Select(d => d.Id)), exception.Message),
                    File = resource.File.Path,
                    Span = resource.Root.Location,
                    Resource = ResourceIdentity.Of(resource),
                });
            }
        }
    }

    private static bool AnyEnabled(IReadOnlyList<DiagnosticDescriptor> descriptors, CanaryGuardPolicy policy)
    {
        for (var i = 0; i < descriptors.Count; i++)
        {
            if (policy.IsEnabled(descriptors[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static DiagnosticSeverity Promote(DiagnosticSeverity severity, DiagnosticDescriptor descriptor, AnalysisOptions options)
    {
        var promote = severity == DiagnosticSeverity.Warning
            && (options.WarningsAsErrorsAll || options.WarningsAsErrors.Contains(descriptor.Id));
        return promote ? DiagnosticSeverity.Error : severity;
    }
}

/// <summary>File, line, column, id: the order every output format uses.</summary>
public sealed class DiagnosticOrder : IComparer<Diagnostic>
{
    public static DiagnosticOrder Instance { get; } = new();

    public int Compare(Diagnostic? x, Diagnostic? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var byFile = string.CompareOrdinal(x.File, y.File);
        if (byFile != 0)
        {
            return byFile;
        }

        var byLine = (x.Span?.StartLine ?? 0).CompareTo(y.Span?.StartLine ?? 0);
        if (byLine != 0)
        {
            return byLine;
        }

        var byColumn = (x.Span?.StartColumn ?? 0).CompareTo(y.Span?.StartColumn ?? 0);
        if (byColumn != 0)
        {
            return byColumn;
        }

        var byId = string.CompareOrdinal(x.Id, y.Id);
        return byId != 0 ? byId : string.CompareOrdinal(x.Message, y.Message);
    }
}
