using System.Collections.Concurrent;
using System.IO.Enumeration;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Linter.Inputs;

/// <summary>What the command line named, read and parsed: the files to lint, and what could not be read.</summary>
internal sealed record CollectedInputs(IReadOnlyList<ManifestFile> Files, IReadOnlyList<string> Errors, IReadOnlyList<string> Notices);

/// <summary>
/// Expands the paths given to <c>lint</c> (files, folders searched recursively for *.yaml, *.yml and *.json,
/// or "-" for stdin) into parsed files, honouring the policy's <c>exclude</c> globs, <c>.gitignore</c> and
/// <c>.canaryguardignore</c> (<see cref="IgnoreFiles"/>), and skipping Helm templates. Every path is in its
/// <see cref="DisplayPath"/> form. A file named on the command line is linted whatever ignores it.
/// </summary>
internal static class InputCollector
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    // Classes, not structs: the framework's collections are compiled ahead of time for classes only, and over
    // structs of ours a large lint compiled 170 of their methods at run time. No reading delegate either: a large lint
    // holds these per file until every file is read, long enough for the garbage collector to move them more than once.

    /// <summary>A file (or stdin) to read: the position of the command-line path it came from, and its path.</summary>
    private sealed record NamedInput(int Order, string Path, bool IsStdin);

    /// <summary>
    /// What reading an input gave: the parsed file, or why it could not be linted, or the notice that names a Helm
    /// template given by name (skipped like the folder walk skips chart templates).
    /// </summary>
    private sealed record ReadInput(NamedInput Input, ManifestFile? File, string? Error, string? HelmNotice = null);

    public static CollectedInputs Collect(IReadOnlyList<string> paths, PolicyResolver policies, Func<TextReader> stdin)
    {
        var named = new List<NamedInput>();
        var folders = new List<(int Order, string Given, string Path)>();
        var errors = new List<(int Order, string Message)>();
        var helmCharts = new SortedSet<string>(StringComparer.Ordinal);
        var currentDirectory = Directory.GetCurrentDirectory();
        var given = paths.Count == 0 ? ["."] : paths;
        for (var order = 0; order < given.Count; order++)
        {
            var path = given[order];
            if (path == "-")
            {
                named.Add(new NamedInput(order, "-", IsStdin: true));
            }
            else if (File.Exists(path))
            {
                named.Add(new NamedInput(order, DisplayPath.Of(path, currentDirectory), IsStdin: false));
            }
            else if (Directory.Exists(path))
            {
                folders.Add((order, path, DisplayPath.Of(path, currentDirectory)));
            }
            else
            {
                errors.Add((order, $"{path}: no such file or folder"));
            }
        }

        IEnumerable<NamedInput> FolderInputs()
        {
            foreach (var (order, given, folder) in folders)
            {
                var found = false;
                foreach (var file in Enumerate(folder, currentDirectory, policies, helmCharts))
                {
                    found = true;
                    yield return new NamedInput(order, file, IsStdin: false);
                }

                if (!found && helmCharts.Count == 0)
                {
                    errors.Add((order, $"{given}: no *.yaml, *.yml or *.json manifests in this folder (or all of them are ignored)"));
                }
            }
        }

        var read = new ConcurrentQueue<ReadInput>();
        if (folders.Count == 0 && named.Count == 1)
        {
            // One file (a pre-commit call, stdin) is read on this thread: starting threads would cost more than the parse.
            read.Enqueue(ReadAndParse(named[0], currentDirectory, stdin));
        }
        else
        {
            // Folders are listed on this thread while one reader per core reads and parses what was found: the
            // listing is a tenth of a large lint, and the cores would otherwise wait for it.
            using var pending = new BlockingCollection<NamedInput>();
            HeapHugePages.TryEnableForThisProcess();
            var readers = Enumerable.Range(0, Environment.ProcessorCount)
                .Select(_ => Task.Factory.StartNew(
                    () =>
                    {
                        foreach (var input in pending.GetConsumingEnumerable())
                        {
                            read.Enqueue(ReadAndParse(input, currentDirectory, stdin));
                        }
                    },
                    CancellationToken.None,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default))
                .ToArray();
            try
            {
                foreach (var input in named.Concat(FolderInputs()))
                {
                    pending.Add(input);
                }
            }
            finally
            {
                // Also when listing failed: the readers finish what was found before the collection is disposed.
                pending.CompleteAdding();
                Task.WaitAll(readers);
            }
        }

        // The order of the command line, each folder's files in path order, however the threads finished.
        var ordered = read.OrderBy(r => r.Input.Order).ThenBy(r => r.Input.Path, StringComparer.Ordinal).ToList();
        var notices = helmCharts.Select(HelmNotice)
            .Concat(ordered.Select(r => r.HelmNotice).OfType<string>())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new CollectedInputs(
            [.. ordered.Select(r => r.File).OfType<ManifestFile>()],
            [.. errors.OrderBy(e => e.Order).Select(e => e.Message), .. ordered.Select(r => r.Error).OfType<string>()],
            notices);
    }

    /// <summary>One notice per chart: it says Helm and how to lint the rendered output.</summary>
    private static string HelmNotice(string chart) =>
        $"{chart}: Helm chart templates are not plain YAML and were skipped; lint the rendered output instead: helm template {chart} | canaryguard lint -";

    /// <summary>The notice for a template given by name outside any chart folder this run can see.</summary>
    private static string LooseHelmTemplateNotice(string file) =>
        $"{file}: a Helm template (its {{{{ }}}} directives are not YAML) was skipped; lint the rendered output instead: helm template <chart> | canaryguard lint -";

    private static ReadInput ReadAndParse(NamedInput input, string currentDirectory, Func<TextReader> stdin)
    {
        try
        {
            var text = input.IsStdin ? stdin().ReadToEnd() : InputText.Read(input.Path, currentDirectory);
            if (NotLintableReason(input.Path, text) is { } reason)
            {
                return new ReadInput(input, null, reason);
            }

            var file = YamlManifestReader.Read(input.Path, text);
            var chart = input.IsStdin ? null : HelmTemplates.ChartOf(input.Path);
            return HelmTemplates.IsTemplate(input.Path, text, file, chart)
                ? new ReadInput(input, null, null, chart is null ? LooseHelmTemplateNotice(input.Path) : HelmNotice(chart))
                : new ReadInput(input, file, null);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return new ReadInput(input, null, $"{input.Path}: cannot be read: {exception.Message}");
        }
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

    private static IEnumerable<string> Enumerate(string root, string currentDirectory, PolicyResolver policies, SortedSet<string> helmCharts)
    {
        // Hidden entries (".git", ".canaryguard.yaml") are told by their name: asking for file attributes instead
        // costs a stat() per entry, half of the time it takes to list a large repository.
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        var ignored = new IgnoreFiles(Path.GetFullPath(root, currentDirectory));

        // The walk of the current folder itself gives "web.yaml", not "./web.yaml" (DisplayPath).
        FileSystemEnumerable<string>.FindTransform path = root == "."
            ? (ref entry) => Path.Join(entry.Directory[entry.RootDirectory.Length..].TrimStart(Path.DirectorySeparatorChar), entry.FileName)
            : (ref entry) => entry.ToSpecifiedFullPath();
        var manifests = new FileSystemEnumerable<string>(root, path, options)
        {
            ShouldRecursePredicate = (ref entry) => !entry.FileName.StartsWith('.') && !ignored.IsIgnored(entry.Directory, entry.FileName, isDirectory: true),
            ShouldIncludePredicate = (ref entry) => !entry.IsDirectory && !entry.FileName.StartsWith('.') && IsManifestName(entry.FileName)
                && !ignored.IsIgnored(entry.Directory, entry.FileName, isDirectory: false),
        };
        foreach (var file in manifests)
        {
            if (HelmTemplates.ChartOf(file) is { } chart)
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
}
