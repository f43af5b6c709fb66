using CanaryGuard.Rules.Tests.Infrastructure;
using CanaryGuard.Rules.Tests.Rules.References;
using static CanaryGuard.Rules.Tests.Rules.References.Manifests;

namespace CanaryGuard.Rules.Tests.Rules.Coverage;

public sealed class CG4002Tests
{
    [Fact]
    public void UnquotedBooleanAndNumberLabels_AreReportedAtTheKey() => RuleVerifier.Verify(
        Deployment.Edit("      labels:\n        app: web\n", "      labels:\n        app: web\n        {|CG4002:sidecar.istio.io/inject|}: yes\n        {|CG4002:version|}: 1.10\n"),
        "CG4002");

    [Fact]
    public void AnnotationsAndSelectors_AreChecked() => RuleVerifier.Verify(
        Deployment.Edit("  namespace: shop\n", "  namespace: shop\n  annotations:\n    {|CG4002:replicas-pinned|}: true\n")
            .Edit("    matchLabels:\n      app: web\n", "    matchLabels:\n      app: web\n      {|CG4002:generation|}: 2\n"),
        "CG4002");

    [Fact]
    public void QuotedValuesAndPlainStrings_AreNotReported() => RuleVerifier.Verify(
        Deployment.Edit("      labels:\n        app: web\n", "      labels:\n        app: web\n        sidecar.istio.io/inject: \"true\"\n        version: '1.10'\n        track: v1.10\n"),
        "CG4002");

    [Fact]
    public void AnyKind_IsChecked() => RuleVerifier.Verify(Namespace("{|CG4002:istio-injection|}: on"), "CG4002");

    [Fact]
    public void Messages_SayHowTheValueIsRead()
    {
        Assert.Equal(
            "label sidecar.istio.io/inject: yes is read as the boolean true, not the string \"yes\": the API server rejects it, and tools that convert it store \"true\"; quote the value",
            RuleVerifier.Single(Namespace("sidecar.istio.io/inject: yes"), "CG4002").Message);
        var number = RuleVerifier.Single(Namespace("version: 1.10"), "CG4002");
        Assert.Equal("label version: 1.10 is read as the number 1.1, not the string \"1.10\": the API server rejects it, and tools that convert it store \"1.1\"; quote the value", number.Message);
        Assert.Equal("metadata.labels.version", number.Path);
    }

    [Fact]
    public void DisableComment_SuppressesIt()
    {
        var text = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    # canaryguard-disable-next-line CG4002 -- templated later\n    version: 1.10\n";
        Assert.True(Assert.Single(RuleVerifier.Lint(text).Diagnostics, d => d.Id == "CG4002").IsSuppressed);
    }
}
