using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Policy;

/// <summary>The policy read from a file, with every problem found in it (CG0006, or CG0001 when it does not parse).</summary>
public sealed record PolicyLoadResult(CanaryGuardPolicy Policy, IReadOnlyList<Diagnostic> Problems);

/// <summary>
/// Reads <c>.canaryguard.yaml</c>. Parsing turns each entry into a typed value that remembers its node;
/// FluentValidation then checks the values (known ids, ranges, relations) and each failure becomes a CG0006
/// at the entry's line and column. A bad entry is dropped and its default kept, never a crash.
/// </summary>
public static class PolicyLoader
{
    public const string FileName = ".canaryguard.yaml";

    public static PolicyLoadResult Load(string path, string text, IReadOnlySet<string> knownRuleIds)
    {
        var file = YamlManifestReader.Read(path, text);
        var problems = new List<Diagnostic>();
        foreach (var problem in file.Problems)
        {
            problems.Add(Problem(path, problem.Kind == ParseProblemKind.Syntax ? EngineDiagnostics.SyntaxError : EngineDiagnostics.UnsafeInput, problem.Message, problem.Span, string.Empty));
        }

        var root = file.Documents.Count > 0 ? file.Documents[0].Root : null;
        if (root is null || file.Problems.Count > 0)
        {
            return new PolicyLoadResult(CanaryGuardPolicy.Default with { SourcePath = path }, problems);
        }

        if (root is not MappingNode mapping)
        {
            problems.Add(Problem(path, EngineDiagnostics.InvalidConfiguration, "the policy file must be a mapping", root.Location, root.Path));
            return new PolicyLoadResult(CanaryGuardPolicy.Default with { SourcePath = path }, problems);
        }

        var draft = PolicyDraft.Read(mapping, problems, path);
        var validation = new PolicyDraftValidator(knownRuleIds).Validate(draft);
        foreach (var failure in validation.Errors)
        {
            var node = failure.CustomState as ManifestNode;
            problems.Add(Problem(path, EngineDiagnostics.InvalidConfiguration, failure.ErrorMessage, node?.Location, node?.Path ?? string.Empty));
            draft.Discard(node);
        }

        return new PolicyLoadResult(draft.ToPolicy(path), problems);
    }

    internal static Diagnostic Problem(string file, DiagnosticDescriptor descriptor, string message, SourceSpan? span, string path) => new()
    {
        Descriptor = descriptor,
        Severity = descriptor.DefaultSeverity,
        Message = message,
        File = file,
        Span = span,
        Path = path,
    };
}
