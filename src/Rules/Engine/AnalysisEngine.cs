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
        Descriptors = [.. EngineDiagnostics.All.Concat(rules.SelectMany(r => r.SupportedDiagnostics)).DistinctBy(d => d.Id).OrderBy(d => d.Id, StringComparer.Ordinal)];
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
        var workspace = new Workspace(files, defaultNamespace, complete);
        var lookup = options.Lookup ?? workspace;
        // Filled by index, not a ConcurrentBag: the bag's per-thread lists are finalizable, one per admission review.
        var perFile = new List<Diagnostic>[files.Count];

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
            foreach (var resource in workspace.ResourcesOf(fileIndex))
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

            found.AddRange(problems);
            var final = new List<Diagnostic>(found.Count);
            foreach (var diagnostic in found)
            {
                var severity = Promote(policy.EffectiveSeverity(diagnostic.Descriptor, diagnostic.Severity), diagnostic.Descriptor, options);
                if (diagnostic.IsUnproven && severity > DiagnosticSeverity.Info)
                {
                    severity = DiagnosticSeverity.Info;
                }

                if (severity == DiagnosticSeverity.None)
                {
                    continue;
                }

                var suppression = diagnostic.Suppression
                    ?? (diagnostic.Span is { } span && diagnostic.Descriptor.IsConfigurable ? directives.Find(diagnostic.Id, span.StartLine) : null)
                    ?? (options.NoWarn.Contains(diagnostic.Id) && diagnostic.Descriptor.IsConfigurable ? new Suppression(SuppressionKind.CommandLine, "--nowarn") : null);
                final.Add(diagnostic with { Severity = severity, Suppression = suppression });
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

        var ordered = perFile.SelectMany(d => d).Order(DiagnosticOrder.Instance).ToList();
        return new AnalysisResult(ordered, files.Count, workspace.Resources.Count);
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
