using System.Text.RegularExpressions;

namespace CanaryGuard.Linter.Inputs;

/// <summary>
/// The <c>.gitignore</c> and <c>.canaryguardignore</c> files of a folder walk, as git reads them (docs/configuration.md,
/// "Ignored files"): each file's patterns apply to its folder and below, a deeper file's patterns win over a
/// higher one's, and within a file the last matching pattern wins. Supported: comments, <c>!</c> negation, a
/// trailing <c>/</c> for folders only, a leading or inner <c>/</c> anchoring to the file's folder, <c>*</c>,
/// <c>?</c>, <c>[...]</c>, <c>**</c> and backslash escapes. Not read: <c>.git/info/exclude</c> and git's global
/// excludes file.
/// </summary>
internal sealed class IgnoreFiles
{
    private static readonly string[] FileNames = [".gitignore", ".canaryguardignore"];

    private readonly Dictionary<string, IgnoreRules?> byFolder = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IgnoreRules?>.AlternateLookup<ReadOnlySpan<char>> byFolderText;
    private readonly string root;

    /// <summary>The ignore files of a walk from <paramref name="root"/> (absolute): those of the folders above it up to the repository's root, and below it.</summary>
    public IgnoreFiles(string root)
    {
        this.root = Path.TrimEndingDirectorySeparator(root);
        byFolderText = byFolder.GetAlternateLookup<ReadOnlySpan<char>>();
        var repositoryRoot = Path.TrimEndingDirectorySeparator(Output.ReportContext.FindSourceRoot(this.root));
        var above = new List<string>();
        for (var folder = this.root; folder.Length > repositoryRoot.Length && Path.GetDirectoryName(folder) is { } parent; folder = parent)
        {
            above.Add(parent);
        }

        IgnoreRules? rules = null;
        foreach (var folder in Enumerable.Reverse(above))
        {
            rules = IgnoreRules.Read(folder, rules);
        }

        byFolder[this.root] = IgnoreRules.Read(this.root, rules);
    }

    /// <summary>Whether an entry of <paramref name="folder"/> (absolute, inside the walk) is ignored.</summary>
    public bool IsIgnored(ReadOnlySpan<char> folder, ReadOnlySpan<char> name, bool isDirectory) =>
        RulesOf(folder) is { } rules && rules.IsIgnored(Path.Join(folder, name), isDirectory);

    private IgnoreRules? RulesOf(ReadOnlySpan<char> folder)
    {
        folder = Path.TrimEndingDirectorySeparator(folder);
        if (byFolderText.TryGetValue(folder, out var known))
        {
            return known;
        }

        // The walk reaches a folder only through its parent, whose rules are known by then.
        var path = folder.ToString();
        var rules = folder.Length > root.Length ? IgnoreRules.Read(path, RulesOf(Path.GetDirectoryName(folder))) : null;
        byFolder[path] = rules;
        return rules;
    }

    /// <summary>The patterns of one folder's ignore files, over those of the folders above (<see cref="Parent"/>).</summary>
    private sealed class IgnoreRules
    {
        private readonly string folder;
        private readonly List<(Regex Pattern, bool Negated, bool FoldersOnly)> patterns;

        private IgnoreRules(string folder, List<(Regex, bool, bool)> patterns, IgnoreRules? parent)
        {
            this.folder = folder;
            this.patterns = patterns;
            Parent = parent;
        }

        public IgnoreRules? Parent { get; }

        /// <summary>The rules in force in <paramref name="folder"/>: the parent's when it has no ignore file of its own.</summary>
        public static IgnoreRules? Read(string folder, IgnoreRules? parent)
        {
            var patterns = new List<(Regex, bool, bool)>();
            foreach (var name in FileNames)
            {
                var file = Path.Combine(folder, name);
                if (File.Exists(file))
                {
                    patterns.AddRange(File.ReadLines(file).Select(Parse).OfType<(Regex, bool, bool)>());
                }
            }

            return patterns.Count == 0 ? parent : new IgnoreRules(folder, patterns, parent);
        }

        public bool IsIgnored(string path, bool isDirectory)
        {
            var relative = Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/');
            for (var i = patterns.Count - 1; i >= 0; i--)
            {
                var (pattern, negated, foldersOnly) = patterns[i];
                if ((isDirectory || !foldersOnly) && pattern.IsMatch(relative))
                {
                    return !negated;
                }
            }

            return Parent?.IsIgnored(path, isDirectory) ?? false;
        }

        private static (Regex, bool, bool)? Parse(string line)
        {
            // Trailing spaces are dropped unless escaped; "\#" and "\!" start a pattern with those characters.
            var text = line.EndsWith("\\ ", StringComparison.Ordinal) ? line : line.TrimEnd(' ', '\t', '\r');
            if (text.Length == 0 || text[0] == '#')
            {
                return null;
            }

            var negated = text[0] == '!';
            text = negated ? text[1..] : text;
            var foldersOnly = text.EndsWith('/');
            text = text.TrimEnd('/');
            if (text.Length == 0)
            {
                return null;
            }

            var anchored = text.Contains('/', StringComparison.Ordinal);
            var body = Glob.ToRegex(text.TrimStart('/'));
            return (new Regex($"^{(anchored ? string.Empty : "(?:.*/)?")}{body}$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), negated, foldersOnly);
        }
    }
}
