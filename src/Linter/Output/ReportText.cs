using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Linter.Output;

/// <summary>Finding text shared by the formats that have one message field.</summary>
internal static class ReportText
{
    /// <summary>The message with the resource it is about, as the text format prints it: <c>message [shop/web]</c>.</summary>
    public static string MessageWithResource(Diagnostic diagnostic) =>
        diagnostic.Resource is null ? diagnostic.Message : $"{diagnostic.Message} [{diagnostic.Resource}]";
}
