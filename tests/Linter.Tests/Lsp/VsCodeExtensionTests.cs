using System.IO.Compression;
using System.Text.Json;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests.Lsp;

/// <summary>
/// The VS Code extension as .ci/run packages it (editors/vscode/canaryguard.vsix, with @vscode/vsce): VS Code cannot run
/// here, so the package is checked for what VS Code loads: the manifest, the compiled client and its dependency.
/// </summary>
public sealed class VsCodeExtensionTests
{
    private static readonly string Package = RepositoryRoot.Combine("editors", "vscode", "canaryguard.vsix");

    [Fact]
    public void ThePackage_HoldsTheClient_ThatStartsCanaryguardLsp_WithAPathSetting()
    {
        Assert.True(File.Exists(Package), $"{Package} is missing: run `npm ci && npm run package` in editors/vscode (.ci/run does)");
        using var zip = ZipFile.OpenRead(Package);
        var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("extension/out/extension.js", names);
        Assert.Contains("extension/node_modules/vscode-languageclient/package.json", names);

        using var manifest = JsonDocument.Parse(Read(zip, "extension/package.json"));
        var root = manifest.RootElement;
        Assert.Equal("./out/extension.js", root.GetProperty("main").GetString());
        var setting = root.GetProperty("contributes").GetProperty("configuration").GetProperty("properties").GetProperty("canaryguard.server.path");
        Assert.Equal("canaryguard", setting.GetProperty("default").GetString());
        Assert.Contains("onLanguage:yaml", root.GetProperty("activationEvents").EnumerateArray().Select(e => e.GetString()));

        var client = Read(zip, "extension/out/extension.js");
        Assert.Contains("'lsp'", client, StringComparison.Ordinal);
        Assert.Contains("canaryguard.server", client, StringComparison.Ordinal);
    }

    private static string Read(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }
}
