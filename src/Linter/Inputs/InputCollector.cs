using System.IO.Enumeration;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Linter.Inputs;

/// <summary>What the command line named, read and parsed: the files to lint, and what could not be read.</summary>
internal sealed record CollectedInputs(IReadOnlyList<ManifestFile> Files, IReadOnlyList<string> Errors, IReadOnlyList<string> Notices);

/// <summary>
/// Expands the paths given to <c>lint</c> (files, folders searched recursively for *.yaml, *.yml and *.json,
/// or "-" for stdin) into parsed files, honouring the policy's <c>exclude</c> globs and skipping Helm templates.
/// </summary>
internal static class InputCollector
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    public static CollectedInputs Collect(IReadOnlyList<string> paths, PolicyResolver policies, Func<TextReader> stdin)
    {
        var files = new List<(string Path, Func<string> Read)>();
        var errors = new List<string>();
        var notices = new List<string>();
        var helmCharts = new SortedSet<string>(StringComparer.Ordinal);
        var currentDirectory = Directory.GetCurrentDirectory();
        foreach (var path in paths.Count == 0 ? ["."] : paths)
        {
            if (path == "-")
            {
                files.Add(("-", () => stdin().ReadToEnd()));
            }
            else if (File.Exists(path))
            {
                files.Add((path, () => InputText.Read(path, currentDirectory)));
            }
            else if (Directory.Exists(path))
            {
                var before = files.Count;
                foreach (var file in Enumerate(path, policies, helmCharts))
                {
                    files.Add((file, () => InputText.Read(file, currentDirectory)));
                }

                if (files.Count == before && helmCharts.Count == 0)
                {
                    errors.Add($"{path}: no *.yaml, *.yml or *.json manifests in this folder");
                }
            }
            else
            {
                errors.Add($"{path}: no such file or folder");
            }
        }

        foreach (var chart in helmCharts)
        {
            notices.Add($"{chart}: Helm chart templates are not plain YAML and were skipped; lint the rendered output instead: helm template {chart} | canaryguard lint -");
        }

        var parsed = new ManifestFile[files.Count];
        var readErrors = new string?[files.Count];
        void ReadAndParse(int i)
        {
            var (path, read) = files[i];
            try
            {
                var text = read();
                readErrors[i] = NotLintableReason(path, text);
                if (readErrors[i] is null)
                {
                    parsed[i] = YamlManifestReader.Read(path, text);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                readErrors[i] = $"{path}: cannot be read: {exception.Message}";
            }
        }

        // One file (a pre-commit call, stdin) is read on this thread: starting the thread pool would cost more
        // than the parse.
        if (files.Count == 1)
        {
            ReadAndParse(0);
        }
        else
        {
            Parallel.For(0, files.Count, ReadAndParse);
        }

        errors.AddRange(readErrors.OfType<string>());
        return new CollectedInputs([.. parsed.Where(p => p is not null)], errors, notices);
    }

    /// <summary>
    /// Input that cannot be linted at all: an empty stdin (usually a failed command before the pipe, which must not
    /// pass as "no findings") and binary files, recognised by a NUL character, which YAML and JSON never contain.
    /// Text that is merely not valid UTF-8 is still linted, with U+FFFD in place of the bad bytes.
    /// </summary>
    private static string? NotLintableReason(string path, string text)
    {
        if (path == "-" && string.IsNullOrWhiteSpace(text))
        {
            return "-: stdin is empty, nothing to lint (did the command before the pipe fail?)";
        }

        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        return nul < 0 ? null : $"{path}: binary file (NUL character at offset {nul}), not linted";
    }

    private static IEnumerable<string> Enumerate(string root, PolicyResolver policies, SortedSet<string> helmCharts)
    {
        // Hidden entries (".git", ".canaryguard.yaml") are told by their name: asking for file attributes instead
        // costs a stat() per entry, half of the time it takes to list a large repository.
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        var manifests = new FileSystemEnumerable<string>(root, (ref entry) => entry.ToSpecifiedFullPath(), options)
        {
            ShouldRecursePredicate = (ref entry) => !entry.FileName.StartsWith('.'),
            ShouldIncludePredicate = (ref entry) => !entry.IsDirectory && !entry.FileName.StartsWith('.') && IsManifestName(entry.FileName),
        };
        foreach (var file in manifests.Order(StringComparer.Ordinal))
        {

            if (HelmChartOf(file) is { } chart)
            {
                helmCharts.Add(chart);
                continue;
            }

            if (IsExcluded(file, policies.PolicyFor(file)))
            {
                continue;
            }

            yield return file;
        }
    }

    private static bool IsManifestName(ReadOnlySpan<char> name)
    {
        var extension = Path.GetExtension(name);
        foreach (var manifest in Extensions)
        {
            if (extension.Equals(manifest, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsExcluded(string file, CanaryGuardPolicy policy)
    {
        if (policy.Exclude.Count == 0)
        {
            return false;
        }

        var baseFolder = policy.SourcePath is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(policy.SourcePath))!;
        var relative = Path.GetRelativePath(baseFolder, Path.GetFullPath(file));
        return policy.Exclude.Any(glob => new Glob(glob).IsMatch(relative));
    }

    /// <summary>The chart folder when the file is under a <c>templates/</c> folder beside a Chart.yaml.</summary>
    private static string? HelmChartOf(string file)
    {
        for (var folder = Path.GetDirectoryName(file); !string.IsNullOrEmpty(folder); folder = Path.GetDirectoryName(folder))
        {
            if (Path.GetFileName(folder) == "templates")
            {
                var chart = Path.GetDirectoryName(folder);
                if (chart is not null && File.Exists(Path.Combine(chart, "Chart.yaml")))
                {
                    return chart;
                }
            }
        }

        return null;
    }
}
