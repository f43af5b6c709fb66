using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Rules.Tests.Engine;

/// <summary>The short admission form a descriptor derives from its message when it is given none.</summary>
public sealed class DiagnosticDescriptorTests
{
    private static string? ShortForm(string messageFormat, string? given = null) =>
        new DiagnosticDescriptor("CG9001", "t", messageFormat, RuleCategories.Analysis, DiagnosticSeverity.Warning, "d", admissionMessageFormat: given).AdmissionMessageFormat;

    [Theory]
    [InlineData("stepWeight ({0}) is not below maxWeight ({1}): the canary is promoted after a single analysis", "stepWeight ({0}) is not below maxWeight ({1})")]
    [InlineData("the query uses none of {{{{ target }}}} or {{{{ service }}}}: it measures every workload", "the query uses none of {{{{ target }}}} or {{{{ service }}}}")]
    [InlineData("key '{0}' is written again{1}: Kubernetes keeps the last value", "key '{0}' is written again{1}")]
    public void The_fact_before_the_first_colon_outside_placeholders_is_the_short_form(string format, string expected)
    {
        Assert.Equal(expected, ShortForm(format));
    }

    [Theory]
    [InlineData("{0}: {1}")]
    [InlineData("metric {0} {1}: {2}")]
    [InlineData("{0}: the canary never gets traffic")]
    [InlineData("maxWeight ({0}) is above 100")]
    public void A_message_without_a_fact_clause_of_its_own_words_has_no_short_form(string format)
    {
        Assert.Null(ShortForm(format));
    }

    [Fact]
    public void A_given_short_form_wins()
    {
        Assert.Equal("{0} '{1}' not found yet", ShortForm("targetRef names {0} '{1}', which does not exist: Flagger never initializes", "{0} '{1}' not found yet"));
    }
}
