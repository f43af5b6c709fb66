using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Rules.Fixes;

/// <summary>
/// Turns one diagnostic into text edits, as a Roslyn CodeFixProvider does: from the diagnostic's node spans and the
/// file's original text, never by writing the YAML out again. One sealed class per fix.
/// </summary>
public abstract class CodeFixProvider
{
    public abstract IReadOnlyList<string> FixableDiagnosticIds { get; }

    /// <summary>Names the kind of change; fixes with the same key may insert at one point (appended documents).</summary>
    public abstract string EquivalenceKey { get; }

    /// <summary>One line for the rule's documentation and the fix report: what the fix changes.</summary>
    public abstract string Title { get; }

    /// <summary>The edits that fix the diagnostic; empty when this occurrence has no safe fix.</summary>
    public abstract IEnumerable<TextEdit> ComputeEdits(FixContext context);
}

/// <summary>What a provider sees: the diagnostic, the node it is about (re-parsed from the original text) and the policy.</summary>
public sealed class FixContext
{
    public required Diagnostic Diagnostic { get; init; }

    /// <summary>The nodes from the document's root down to the diagnostic's node.</summary>
    public required IReadOnlyList<ManifestNode> Chain { get; init; }

    public required KubernetesResource Resource { get; init; }

    public required YamlEdits Edits { get; init; }

    public required CanaryGuardPolicy Policy { get; init; }

    /// <summary><c>--fix-inline</c>: new objects go into the same file as new documents, not into a file beside it.</summary>
    public bool Inline { get; init; }

    /// <summary>Reads another file's current text (empty when it does not exist), for fixes that write beside the input.</summary>
    public required Func<string, SourceText> TextOf { get; init; }

    public ManifestNode Node => Chain[^1];

    /// <summary>The node <paramref name="levels"/> above the diagnostic's node.</summary>
    public ManifestNode? Ancestor(int levels) => Chain.Count > levels ? Chain[^(levels + 1)] : null;
}
