using CanaryGuard.Rules.Templates;

namespace CanaryGuard.Rules.Tests.Templates;

/// <summary>Flagger's rendering (Go text/template, Flagger's functions, nil data), checked against what Go prints.</summary>
public sealed class FlaggerTemplateTests
{
    private static readonly FlaggerTemplateData Data = new("podinfo", "test", "podinfo-target", "podinfo-svc", "podinfo-ing", "podinfo-route", "2m", new Dictionary<string, string> { ["direction"] = "inbound" });

    [Theory]
    [InlineData("{{ name }}/{{ namespace }}/{{ target }}/{{ service }}/{{ ingress }}/{{ route }}/{{ interval }}", "podinfo/test/podinfo-target/podinfo-svc/podinfo-ing/podinfo-route/2m")]
    [InlineData("{{target}}-{{ interval}}", "podinfo-target-2m")]
    [InlineData("{{ variables.direction }}", "inbound")]
    [InlineData("{{ variables.missing }}", "<no value>")]
    [InlineData("{{ .target }}", "<no value>")]
    [InlineData("{{ printf \"kube(ew)?_%s__%s_canary__.*__%s_canary(_[0-9]+)?\" namespace ingress service }}", "kube(ew)?_test__podinfo-ing_canary__.*__podinfo-svc_canary(_[0-9]+)?")]
    [InlineData("{{ target | printf \"%s-canary\" }}", "podinfo-target-canary")]
    [InlineData("{{ printf \"%s %d %q %%\" target 3 \"x\" }}", "podinfo-target 3 \"x\" %")]
    [InlineData("{{ printf \"%s %s\" target }}", "podinfo-target %!s(MISSING)")]
    [InlineData("{{ printf \"%d\" target }}", "%!d(string=podinfo-target)")]
    [InlineData("a  {{- target -}}  b", "apodinfo-targetb")]
    [InlineData("{{/* a comment */}}x", "x")]
    [InlineData("{{ if eq namespace \"test\" }}yes{{ else }}no{{ end }}", "yes")]
    [InlineData("{{ if eq namespace \"prod\" }}a{{ else if eq target \"podinfo-target\" }}b{{ else }}c{{ end }}", "b")]
    [InlineData("{{ with variables }}{{ .direction }}{{ end }}", "inbound")]
    [InlineData("{{ $t := target }}{{ $t }}", "podinfo-target")]
    [InlineData("{{ range $k, $v := variables }}{{ $k }}={{ $v }}{{ end }}", "direction=inbound")]
    [InlineData("{{ print 1 2 }}", "1 2")]
    public void Renders_AsGoAndFlaggerDo(string template, string expected)
    {
        var rendered = FlaggerTemplate.Render(template, Data);
        Assert.Null(rendered.Error);
        Assert.Equal(expected, rendered.Text);
    }

    [Theory]
    [InlineData("{{ args.name }}", "function \"args\" not defined", 3, 7)]
    [InlineData("x{{ target \"a\" }}", "wrong number of args for target: want 0 got 1", 4, 10)]
    [InlineData("{{ target", "unclosed action", 0, 9)]
    [InlineData("{{ if target }}x", "unexpected EOF", 16, 16)]
    [InlineData("{{ end }}", "unexpected {{end}}", 0, 9)]
    [InlineData("{{ target.x }}", "can't evaluate field x in type string", 3, 11)]
    [InlineData("{{ \"a\" target }}", "can't give argument to non-function \"a\"", 3, 6)]
    public void Errors_AreGosAtTheirPlace(string template, string message, int start, int end)
    {
        var error = FlaggerTemplate.Render(template, Data).Error;
        Assert.NotNull(error);
        Assert.Equal((message, start, end), (error.Message, error.Start, error.End));
    }

    [Fact]
    public void MissingVariables_AreRecorded()
    {
        var rendered = FlaggerTemplate.Render("a{{ variables.path }}", Data);
        Assert.Equal([new MissingVariable("path", 4, 18)], rendered.MissingVariables);
    }

    [Fact]
    public void RenderedCharacters_KnowWhereTheyCameFrom()
    {
        var rendered = FlaggerTemplate.Render("x=\"{{ target }}\"", Data);
        Assert.Equal("x=\"podinfo-target\"", rendered.Text);
        Assert.Equal(1, rendered.SourceOffset(1));
        Assert.Equal(3, rendered.SourceOffset(5));
        Assert.Equal(15, rendered.SourceOffset(17));
        var action = Assert.Single(rendered.Actions);
        Assert.Equal(["target"], action.Functions);
        Assert.Equal((3, 17), (action.RenderedStart, action.RenderedEnd));
    }

    [Fact]
    public void UnfollowedConstructs_AreUnsupportedNotErrors()
    {
        var rendered = FlaggerTemplate.Render("{{ define \"x\" }}a{{ end }}", Data);
        Assert.Null(rendered.Error);
        Assert.NotNull(rendered.Unsupported);
    }
}
