namespace CanaryGuard.Rules.Templates;

/// <summary>Where a template fails, as character offsets into the template text (end exclusive).</summary>
public sealed record TemplateError(string Message, int Start, int End);

/// <summary>An action's output: where the action stands in the template, where its text went, and the functions it called.</summary>
public sealed record RenderedAction(int TemplateStart, int TemplateEnd, int RenderedStart, int RenderedEnd, IReadOnlySet<string> Functions);

/// <summary>A variable the template reads that the metric's templateVariables do not set: Flagger renders it as <c>&lt;no value&gt;</c>.</summary>
public sealed record MissingVariable(string Name, int TemplateStart, int TemplateEnd);

/// <summary>
/// A rendered template: the text Flagger would send, where each character of it came from, and what went wrong.
/// <see cref="Unsupported"/> names a construct this renderer does not follow (the query is then not checked further).
/// </summary>
public sealed class RenderedTemplate
{
    private readonly int[] sourceOffsets;

    internal RenderedTemplate(string text, int[] sourceOffsets, IReadOnlyList<RenderedAction> actions, IReadOnlyList<MissingVariable> missingVariables, TemplateError? error, string? unsupported)
    {
        Text = text;
        this.sourceOffsets = sourceOffsets;
        Actions = actions;
        MissingVariables = missingVariables;
        Error = error;
        Unsupported = unsupported;
    }

    public string Text { get; }

    public IReadOnlyList<RenderedAction> Actions { get; }

    public IReadOnlyList<MissingVariable> MissingVariables { get; }

    public TemplateError? Error { get; }

    public string? Unsupported { get; }

    public bool Succeeded => Error is null && Unsupported is null;

    /// <summary>The template offset a rendered character came from (the start of its action for an action's output).</summary>
    public int SourceOffset(int renderedOffset) =>
        sourceOffsets.Length == 0 ? 0
        : renderedOffset >= sourceOffsets.Length ? sourceOffsets[^1] + 1
        : sourceOffsets[Math.Max(renderedOffset, 0)];

    /// <summary>The actions whose output overlaps the rendered range.</summary>
    public IEnumerable<RenderedAction> ActionsWithin(int renderedStart, int renderedEnd) =>
        Actions.Where(a => a.RenderedStart < renderedEnd && a.RenderedEnd > renderedStart);
}
