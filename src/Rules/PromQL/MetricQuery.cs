using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Templates;

namespace CanaryGuard.Rules.PromQL;

/// <summary>
/// A metric query as Flagger runs it: a MetricTemplate's query rendered with Flagger's template data, or a Canary's
/// inline query sent as written (Flagger renders only templates); parsed as Prometheus parses it; and where each part
/// of the text Prometheus receives stands in the YAML.
/// </summary>
public sealed class MetricQuery
{
    private MetricQuery(ScalarNode node, RenderedTemplate? rendered, string text, PromQLParseResult? parse)
    {
        Node = node;
        Rendered = rendered;
        Text = text;
        Parse = parse;
    }

    public ScalarNode Node { get; }

    /// <summary>The rendering of a template; null for an inline query.</summary>
    public RenderedTemplate? Rendered { get; }

    /// <summary>What Prometheus receives.</summary>
    public string Text { get; }

    /// <summary>The parse of <see cref="Text"/>; null when the template could not be rendered.</summary>
    public PromQLParseResult? Parse { get; }

    public PromQLExpression? Expression => Parse?.Expression;

    public bool IsTemplate => Rendered is not null;

    public static MetricQuery FromTemplate(ScalarNode node, FlaggerTemplateData data)
    {
        var rendered = FlaggerTemplate.Render(node.Value, data);
        return new MetricQuery(node, rendered, rendered.Text, rendered.Succeeded ? PromQLParser.Parse(rendered.Text) : null);
    }

    public static MetricQuery Inline(ScalarNode node) => new(node, null, node.Value, PromQLParser.Parse(node.Value));

    /// <summary>Where a stretch of the text Prometheus receives was written in the YAML (null: at the query's node).</summary>
    public SourceSpan? Locate(QuerySpan span)
    {
        if (Rendered is null)
        {
            return ScalarPositions.Span(Node, span.Start, span.End);
        }

        var start = Rendered.SourceOffset(span.Start);
        var end = span.End > span.Start ? Rendered.SourceOffset(span.End - 1) + 1 : start;
        return ScalarPositions.Span(Node, start, Math.Max(end, start));
    }

    /// <summary>A stretch of the text Prometheus receives as the user wrote it: the template's text for a rendered query.</summary>
    public string Written(QuerySpan span)
    {
        if (Rendered is null || span.End <= span.Start)
        {
            return Text[span.Start..span.End];
        }

        var start = Rendered.SourceOffset(span.Start);
        var end = Math.Min(Rendered.SourceOffset(span.End - 1) + 1, Node.Value.Length);
        return end > start ? Node.Value[start..end] : Text[span.Start..span.End];
    }

    /// <summary>Where a stretch of the template text stands in the YAML.</summary>
    public SourceSpan? LocateInTemplate(int start, int end) => ScalarPositions.Span(Node, start, end);

    /// <summary>The functions of Flagger's data whose output went into a stretch of the rendered text.</summary>
    public IEnumerable<string> FunctionsWithin(QuerySpan span) =>
        Rendered?.ActionsWithin(span.Start, span.End).SelectMany(a => a.Functions) ?? [];
}
