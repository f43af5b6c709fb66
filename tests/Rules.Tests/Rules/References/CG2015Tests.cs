using CanaryGuard.Rules.Tests.Infrastructure;
using static CanaryGuard.Rules.Tests.Rules.References.MetricQueries;

namespace CanaryGuard.Rules.Tests.Rules.References;

public sealed class CG2015Tests
{
    [Fact]
    public void VectorOfANumber_IsReported() => RuleVerifier.Verify(Template("{|CG2015:vector(100)|}"), "CG2015");

    [Fact]
    public void ArithmeticOnNumbers_IsReportedInInlineQueries() => RuleVerifier.Verify(InlineQuery("{|CG2015:100 - 1|}"), "CG2015");

    [Fact]
    public void QueryReadingSeries_IsNotReported() => RuleVerifier.Verify(Template("sum(rate(x_total{app=\"{{ target }}\"}[1m])) or vector(0)"), "CG2015");
}
