using System.Reflection;

namespace CanaryGuard.Linter;

/// <summary>
/// The version stamped by the build (Directory.Build.targets): the package version, then <c>+</c> and the commit it
/// was built from, e.g. <c>0.1.412+3f2c9d1a7b6e</c>. The one version string of every output (version, --version,
/// SARIF, Markdown, JSON).
/// </summary>
internal static class ToolVersion
{
    public static string Current { get; } =
        typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
