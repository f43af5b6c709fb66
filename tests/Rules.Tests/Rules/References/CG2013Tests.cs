using CanaryGuard.Rules.Tests.Infrastructure;
using static CanaryGuard.Rules.Tests.Rules.References.Manifests;
using static CanaryGuard.Rules.Tests.Rules.References.MetricQueries;

namespace CanaryGuard.Rules.Tests.Rules.References;

public sealed class CG2013Tests
{
    [Fact]
    public void FlaggersOwnTemplates_Render() => RuleVerifier.Verify(MetricTemplate, "CG2013");

    [Fact]
    public void UnknownFunction_IsReportedAtItInsideTheBlock()
    {
        var result = RuleVerifier.Verify(
            Template(
                "sum(",
                "  rate(",
                "    http_requests_total{",
                "      service=\"{{ {|CG2013:args|}.name }}\"",
                "    }[5m]",
                "  )",
                ")"),
            "CG2013");
        Assert.Equal(
            "Flagger cannot render this template (function \"args\" not defined): every check fails and every release is rolled back",
            Assert.Single(result.Diagnostics, d => d.Id == "CG2013").Message);
    }

    [Fact]
    public void FunctionGivenArguments_IsReported() => RuleVerifier.Verify(
        Template("sum(rate(x_total{pod=\"{{ {|CG2013:target|} \"web\" }}\"}[1m]))"),
        "CG2013");

    [Fact]
    public void PrometheusParseError_IsReportedWhereTheRenderedQueryBreaks()
    {
        var result = RuleVerifier.Verify(
            Template(
                "sum(rate(x_total{pod=\"{{ target }}\"}[{{ interval }}]))",
                "{|CG2013:/|}"),
            "CG2013");
        Assert.StartsWith("Prometheus rejects the rendered query: unexpected end of input", Assert.Single(result.Diagnostics, d => d.Id == "CG2013").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FieldOfTheNilData_RendersNoValue()
    {
        var finding = RuleVerifier.Single(Template("sum(rate(x_total{pod=\"web\"}[{{ .interval }}]))"), "CG2013");
        Assert.Contains("(the template rendered <no value>)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InlineQueryWithTemplateSyntax_IsNotRendered()
    {
        var result = RuleVerifier.Verify(InlineQuery("sum(rate(x_total{pod=~\"{|CG2013:{{ target }}|}-.*\"}[1m]))"), "CG2013");
        Assert.StartsWith("Flagger sends inline queries as written, without rendering {{ target }}", Assert.Single(result.Diagnostics, d => d.Id == "CG2013").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FoldedBlock_PositionsAreInsideTheBlock() => RuleVerifier.Verify(
        MetricTemplateSpec("  provider: {type: prometheus, address: http://prom:9090}\n  query: >\n    sum(rate(x_total{pod=\"{{ target }}\"}[1m]))\n    / {{ {|CG2013:nope|} }}\n"),
        "CG2013");

    [Fact]
    public void QuotedOneLineQuery_PositionIsInsideTheQuotes() => RuleVerifier.Verify(
        MetricTemplateSpec("  provider: {type: prometheus, address: http://prom:9090}\n  query: \"sum(x{pod='{{ {|CG2013:pod|} }}'})\"\n"),
        "CG2013");

    [Fact]
    public void VariableTheCanaryDoesNotSet_IsReportedAtItsTemplateVariables()
    {
        var template = "apiVersion: flagger.app/v1beta1\nkind: MetricTemplate\nmetadata: {name: latency, namespace: shop}\nspec:\n  provider: {type: prometheus, address: http://prom:9090}\n  query: |\n"
            + "    histogram_quantile(0.99, sum by (le) (rate(response_latency_ms_bucket{deployment=\"{{ target }}\", direction=\"{{ variables.direction }}\"}[1m])))\n";
        var canary = Canary + "  analysis:\n    interval: 1m\n    threshold: 5\n    metrics:\n      - name: latency\n        templateRef: {name: latency}\n        thresholdRange: {max: 500}\n";
        var result = RuleVerifier.Verify(
            Documents(canary + "        {|CG2013:templateVariables|}: {path: /api}\n", template),
            "CG2013");
        Assert.Equal(
            "MetricTemplate 'latency' reads variables.direction, which templateVariables does not set: Flagger renders <no value> into the query, every check fails and every release is rolled back",
            Assert.Single(result.Diagnostics, d => d.Id == "CG2013").Message);
        RuleVerifier.Verify(Documents(canary + "        templateVariables: {direction: inbound}\n", template), "CG2013");
    }
}
