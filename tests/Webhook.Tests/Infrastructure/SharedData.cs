namespace CanaryGuard.Webhook.Tests.Infrastructure;

/// <summary>The reference data folder <c>shared/</c> beside the repository, found by walking up from the test binaries.</summary>
public static class SharedData
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = System.IO.Path.Combine(folder.FullName, "shared");
            if (File.Exists(System.IO.Path.Combine(candidate, "flagger", "crd.yaml")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"no shared/flagger/crd.yaml above {AppContext.BaseDirectory}: the shared reference data must sit beside the repository");
    });

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    public static IEnumerable<string> AdmissionReviews() =>
        Directory.EnumerateFiles(Path("admission-reviews"), "*.json").Order(StringComparer.Ordinal);
}
