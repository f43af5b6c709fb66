namespace CanaryGuard.Tests.Shared;

/// <summary>The repository's root folder (the one holding CanaryGuard.sln), found walking up from the test binaries.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "CanaryGuard.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no CanaryGuard.sln above {AppContext.BaseDirectory}: the tests must run from a build inside the repository");
    }
}
