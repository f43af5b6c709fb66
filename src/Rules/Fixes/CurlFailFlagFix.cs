using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Rules.Analysis;

namespace CanaryGuard.Rules.Fixes;

/// <summary>CG1030: adds -f to each curl of the test's command, so an HTTP error status fails the test.</summary>
public sealed class CurlFailFlagFix : CodeFixProvider
{
    public override IReadOnlyList<string> FixableDiagnosticIds { get; } = [UncheckedCurlTestRule.Rule.Id];

    public override string EquivalenceKey => "AddCurlFailFlag";

    public override string Title => "adds -f to curl in the test's command";

    public override IEnumerable<TextEdit> ComputeEdits(FixContext context)
    {
        // Block scalars (| and >) are left alone: the edit writes the value back as a flow scalar.
        if (context.Node is ScalarNode command && command.Style is ScalarStyle.Plain or ScalarStyle.DoubleQuoted or ScalarStyle.SingleQuoted)
        {
            yield return context.Edits.ReplaceScalar(command, WebhookCommands.WithFailFlag(command.Value));
        }
    }
}
