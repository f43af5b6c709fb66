namespace CanaryGuard.Rules.Tests.Rules.References;

/// <summary>Manifests holding metric queries, written as users write them: block scalars under spec.query or metrics[].query.</summary>
internal static class MetricQueries
{
    /// <summary>A prometheus MetricTemplate whose query is the given lines, as a literal block (each line indented four spaces).</summary>
    public static string Template(params string[] queryLines) =>
        Manifests.MetricTemplateSpec("  provider: {type: prometheus, address: http://prom:9090}\n  query: |\n" + string.Concat(queryLines.Select(l => "    " + l + "\n")));

    /// <summary>Canary shop/web with one metric whose inline query is the given lines (a literal block, indented ten spaces).</summary>
    public static string InlineQuery(params string[] queryLines) =>
        Manifests.Canary + "  analysis:\n    interval: 1m\n    threshold: 5\n    metrics:\n      - name: errors\n        thresholdRange: {max: 1}\n        query: |\n"
        + string.Concat(queryLines.Select(l => "          " + l + "\n"));
}
