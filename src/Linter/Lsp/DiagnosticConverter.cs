using CanaryGuard.Linter.Lsp.Protocol;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Rules.Input;
using CanaryGuard.Rules.Rules.Mesh;

namespace CanaryGuard.Linter.Lsp;

/// <summary>A finding as an LSP diagnostic: severity, the rule id as code, its page as codeDescription, deprecation as a tag.</summary>
internal static class DiagnosticConverter
{
    /// <summary>The rules whose findings are about something deprecated: editors strike the text through.</summary>
    private static readonly HashSet<string> DeprecationIds = new(StringComparer.Ordinal)
    {
        DeprecatedFieldRule.Rule.Id,
        DeprecatedInjectionAnnotationRule.Rule.Id,
    };

    private static readonly int[] DeprecatedTags = [LspDiagnosticTag.Deprecated];

    /// <param name="locate">The URI and positions of another file, for related information; null when it cannot be read.</param>
    public static LspDiagnostic ToLsp(Diagnostic diagnostic, TextPositions positions, Func<string, (string Uri, TextPositions Positions)?>? locate = null) => new()
    {
        Range = RangeOf(diagnostic, positions),
        Severity = diagnostic.Severity switch
        {
            DiagnosticSeverity.Error => LspSeverity.Error,
            DiagnosticSeverity.Warning => LspSeverity.Warning,
            DiagnosticSeverity.Info => LspSeverity.Information,
            _ => LspSeverity.Hint,
        },
        Code = diagnostic.Id,
        CodeDescription = new CodeDescription(diagnostic.Descriptor.HelpLink.AbsoluteUri),
        Message = diagnostic.Message,
        Tags = DeprecationIds.Contains(diagnostic.Id) ? DeprecatedTags : null,
        RelatedInformation = diagnostic.Related.Count == 0 || locate is null ? null : [.. Related(diagnostic, locate)],
    };

    private static IEnumerable<DiagnosticRelatedInformation> Related(Diagnostic diagnostic, Func<string, (string Uri, TextPositions Positions)?> locate)
    {
        foreach (var related in diagnostic.Related)
        {
            if (locate(related.Span.File) is var (uri, positions))
            {
                var range = positions.RangeOf(positions.OffsetOf(related.Span.StartLine, related.Span.StartColumn), positions.OffsetOf(related.Span.EndLine, related.Span.EndColumn));
                yield return new DiagnosticRelatedInformation(new Location(uri, range), related.Message);
            }
        }
    }

    /// <summary>The finding's span; a finding without one (about a whole file) marks the file's first line.</summary>
    public static LspRange RangeOf(Diagnostic diagnostic, TextPositions positions)
    {
        if (diagnostic.Span is not { } span)
        {
            return positions.RangeOf(0, positions.LineEnd(0));
        }

        var start = positions.OffsetOf(span.StartLine, span.StartColumn);
        var end = positions.OffsetOf(span.EndLine, span.EndColumn);
        return positions.RangeOf(start, end);
    }

    /// <summary>Whether an LSP diagnostic sent by the client (a code action's context) is this finding.</summary>
    public static bool Matches(SentDiagnostic sent, Diagnostic diagnostic, TextPositions positions) =>
        sent.Code.ValueKind == System.Text.Json.JsonValueKind.String && sent.Code.GetString() == diagnostic.Id && sent.Range == RangeOf(diagnostic, positions);
}
