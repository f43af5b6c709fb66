namespace CanaryGuard.Linter.Tests;

/// <summary>What <c>lint</c> reads: stdin, files, folders (recursively, by extension), minus excluded files and Helm templates.</summary>
public sealed class InputTests
{
    [Fact]
    public void Stdin_IsLintedAsTheFileNamedDash()
    {
        var result = CliRunner.RunWithInput(Manifests.ChecksNothing(), "lint", "-");

        var finding = Assert.Single(TextOutput.Findings(result.Output), f => f.Id == "CG1013");
        Assert.Equal(("-", 8, 3), (finding.File, finding.Line, finding.Column));
        Assert.Contains("in 1 file (1 resource)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Stdin_AcceptsJson()
    {
        const string json = """
            {"apiVersion": "flagger.app/v1beta1", "kind": "Canary", "metadata": {"name": "web", "namespace": "shop"},
             "spec": {"targetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}, "service": {"port": 80},
                      "analysis": {"interval": "1m", "maxWeight": 50, "stepWeight": 10}}}
            """;
        var result = CliRunner.RunWithInput(json, "lint", "-");

        Assert.Equal(["-: error"], TextOutput.Of(result.Output, "CG1013"));
    }

    [Fact]
    public void MultiDocumentFiles_AreLintedDocumentByDocument()
    {
        var result = CliRunner.RunWithInput(Manifests.ChecksNothing("a") + "---\n" + Manifests.SafeCanary("b") + "---\n" + Manifests.ChecksNothing("c"), "lint", "-");

        Assert.Equal(
            ["shop/a", "shop/c"],
            TextOutput.Findings(result.Output).Where(f => f.Id == "CG1013").Select(f => f.Message[(f.Message.LastIndexOf('[') + 1)..^1]));
        Assert.Contains("in 1 file (3 resources)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Folder_IsSearchedRecursivelyForYamlYmlAndJson_InPathOrder()
    {
        using var folder = new TempFolder();
        folder.Write("a.yaml", Manifests.ChecksNothing("a"));
        folder.Write("deep/er/b.yml", Manifests.ChecksNothing("b"));
        folder.Write("deep/c.json", """{"apiVersion": "flagger.app/v1beta1", "kind": "Canary", "metadata": {"name": "c"}, "spec": {"analysis": {"interval": "1m"}}}""");
        folder.Write("d.txt", Manifests.ChecksNothing("d"));
        folder.Write("e.yaml.bak", Manifests.ChecksNothing("e"));

        var result = CliRunner.Run("lint", folder.Path);

        var files = TextOutput.Findings(result.Output).Where(f => f.Id == "CG1013")
            .Select(f => Path.GetRelativePath(folder.Path, f.File).Replace('\\', '/'));
        Assert.Equal(["a.yaml", "deep/c.json", "deep/er/b.yml"], files);
        Assert.Contains("in 3 files (3 resources)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void HiddenFilesAndFolders_AreSkipped_UpperCaseExtensionsAreNot()
    {
        using var folder = new TempFolder();
        folder.Write("a.YAML", Manifests.ChecksNothing("a"));
        folder.Write(".hidden.yaml", Manifests.ChecksNothing("h"));
        folder.Write(".git/objects/x.yaml", Manifests.ChecksNothing("x"));
        folder.Write("team/.cache/y.yml", Manifests.ChecksNothing("y"));
        folder.Write("team/b.Json", """{"apiVersion": "flagger.app/v1beta1", "kind": "Canary", "metadata": {"name": "b"}, "spec": {"analysis": {"interval": "1m"}}}""");

        var result = CliRunner.Run("lint", folder.Path);

        var files = TextOutput.Findings(result.Output).Where(f => f.Id == "CG1013")
            .Select(f => Path.GetRelativePath(folder.Path, f.File).Replace('\\', '/'));
        Assert.Equal(["a.YAML", "team/b.Json"], files);
        Assert.Contains("in 2 files (2 resources)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ExcludeGlobsOfTheFoldersPolicy_SkipFiles()
    {
        using var folder = new TempFolder();
        folder.Write(".canaryguard.yaml", "exclude:\n  - vendor/**\n  - \"*.generated.yaml\"\n");
        folder.Write("app/web.yaml", Manifests.ChecksNothing("web"));
        folder.Write("app/web.generated.yaml", Manifests.ChecksNothing("generated"));
        folder.Write("vendor/lib/canary.yaml", Manifests.ChecksNothing("vendored"));

        var result = CliRunner.Run("lint", folder.Path);

        Assert.Equal(["web.yaml: error"], TextOutput.Of(result.Output, "CG1013"));
        Assert.Contains("in 1 file (1 resource)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ExcludeGlobs_DoNotApplyToFilesNamedExplicitly()
    {
        using var folder = new TempFolder();
        folder.Write(".canaryguard.yaml", "exclude: [\"*.generated.yaml\"]\n");
        var named = folder.Write("web.generated.yaml", Manifests.ChecksNothing());

        var result = CliRunner.Run("lint", named);

        Assert.Equal(["web.generated.yaml: error"], TextOutput.Of(result.Output, "CG1013"));
    }

    [Fact]
    public void HelmTemplates_AreSkippedWithOneNotice_AndTheRestIsLinted()
    {
        using var folder = new TempFolder();
        folder.Write("chart/Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n");
        folder.Write("chart/values.yaml", "replicas: 2\n");
        folder.Write("chart/templates/canary.yaml", "{{- if .Values.canary }}\n" + Manifests.ChecksNothing("templated") + "{{- end }}\n");
        folder.Write("chart/templates/nested/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: {{ .Release.Name }}}\n");
        folder.Write("plain/canary.yaml", Manifests.ChecksNothing("plain"));

        var result = CliRunner.Run("lint", folder.Path);

        var notice = Assert.Single(result.Output.Split('\n'), l => l.StartsWith("notice:", StringComparison.Ordinal) && l.Contains("Helm", StringComparison.Ordinal));
        Assert.Contains("Helm chart templates", notice, StringComparison.Ordinal);
        Assert.Contains("helm template", notice, StringComparison.Ordinal);
        Assert.Equal(["canary.yaml: error"], TextOutput.Of(result.Output, "CG1013"));
        Assert.DoesNotContain(TextOutput.Findings(result.Output), f => f.Id == "CG0001");
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public void HelmChartOnly_IsNotAnEmptyFolderError()
    {
        using var folder = new TempFolder();
        folder.Write("Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n");
        folder.Write("templates/canary.yaml", "{{ .Values.canary | toYaml }}\n");

        var result = CliRunner.Run("lint", Path.Combine(folder.Path, "templates"));

        Assert.NotEqual(2, result.ExitCode);
        Assert.Single(result.Output.Split('\n'), l => l.StartsWith("notice:", StringComparison.Ordinal) && l.Contains("Helm", StringComparison.Ordinal));
    }

    [Fact]
    public void ChartTemplateNamedOnTheCommandLine_IsOneNotice_NotAnError()
    {
        using var folder = new TempFolder();
        folder.Write("chart/Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n");
        var canary = folder.Write("chart/templates/canary.yaml", HelmCanaryTemplate);
        var deployment = folder.Write("chart/templates/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n");

        var result = CliRunner.Run("lint", canary, deployment);

        var notice = Assert.Single(result.Output.Split('\n'), l => l.StartsWith("notice:", StringComparison.Ordinal) && l.Contains("Helm", StringComparison.Ordinal));
        Assert.Contains("Helm", notice, StringComparison.Ordinal);
        Assert.Contains($"helm template {Path.Combine(folder.Path, "chart")} | canaryguard lint -", notice, StringComparison.Ordinal);
        Assert.Empty(TextOutput.Findings(result.Output));
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void LooseFileFailingOnlyOnTemplateDirectives_IsANotice()
    {
        using var folder = new TempFolder();
        var template = folder.Write("deploy/canary.yaml", HelmCanaryTemplate);

        var result = CliRunner.Run("lint", template);

        var notice = Assert.Single(result.Output.Split('\n'), l => l.StartsWith("notice:", StringComparison.Ordinal) && l.Contains("Helm", StringComparison.Ordinal));
        Assert.Contains("a Helm template", notice, StringComparison.Ordinal);
        Assert.Contains("helm template <chart> | canaryguard lint -", notice, StringComparison.Ordinal);
        Assert.DoesNotContain(TextOutput.Findings(result.Output), f => f.Id == "CG0001");
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void FileWithDirectivesAndAnotherSyntaxError_IsStillCG0001()
    {
        using var folder = new TempFolder();
        var broken = folder.Write("broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: {{ .Release.Name }}\ndata: [\n");

        var result = CliRunner.Run("lint", broken);

        Assert.Equal(["broken.yaml: error"], TextOutput.Of(result.Output, "CG0001"));
        Assert.DoesNotContain("Helm", result.Output, StringComparison.Ordinal);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public void ValidYamlQuotingDirectives_IsLinted()
    {
        using var folder = new TempFolder();
        var file = folder.Write("canary.yaml", Manifests.ChecksNothing().Replace("namespace: shop}", "namespace: shop, annotations: {note: \"{{ not a template }}\"}}", StringComparison.Ordinal));

        var result = CliRunner.Run("lint", file);

        Assert.Equal(["canary.yaml: error"], TextOutput.Of(result.Output, "CG1013"));
        Assert.DoesNotContain("Helm", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void PolicyFiles_AreNotLintedAsManifests()
    {
        using var folder = new TempFolder();
        folder.Write(".canaryguard.yaml", "rules: {}\n");
        folder.Write("canary.yaml", Manifests.SafeCanary());

        var result = CliRunner.Run("lint", folder.Path);

        Assert.Contains("in 1 file (1 resource)", result.Output, StringComparison.Ordinal);
    }

    private const string HelmCanaryTemplate = """
        {{- if .Values.canary.enabled }}
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata:
          name: {{ template "web.fullname" . }}
          labels:
            {{- include "web.labels" . | nindent 4 }}
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: {{ .Release.Name }}}
          service:
            port: {{ .Values.service.port }}
        {{- end }}

        """;
}
