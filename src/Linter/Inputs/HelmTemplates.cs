using System.Text.RegularExpressions;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Linter.Inputs;

/// <summary>
/// Recognises Helm chart templates among the files named on the command line (pre-commit passes them by name,
/// so the folder walk's skipping never sees them): Go template directives make them invalid YAML, and linting them
/// would report a CG0001 that blocks the commit without saying why.
/// </summary>
internal static partial class HelmTemplates
{
    private const string Directive = "{{";

    /// <summary>The chart folder when the file is under a <c>templates/</c> folder beside a Chart.yaml.</summary>
    public static string? ChartOf(string file)
    {
        // Asked for every file; the walk up the folders is for the few under a folder of that name.
        if (!file.Contains("templates", StringComparison.Ordinal))
        {
            return null;
        }

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

    /// <summary>
    /// Whether a text is a Helm template: it holds template directives and is a chart's template, or it is not valid
    /// YAML and becomes valid once its directives are neutralised (so the directives are the only reason it fails).
    /// </summary>
    public static bool IsTemplate(string path, string text, ManifestFile parsed, string? chart) =>
        text.Contains(Directive, StringComparison.Ordinal)
        && (chart is not null || (HasSyntaxError(parsed) && !HasSyntaxError(YamlManifestReader.Read(path, Neutralise(text)))));

    /// <summary>
    /// The text with every directive made harmless while lines and columns stay put: a line that holds only
    /// directives (<c>{{- if ... }}</c>, <c>{{ include ... | nindent 4 }}</c>) becomes empty, any other directive
    /// becomes a plain scalar of the same length.
    /// </summary>
    internal static string Neutralise(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (!line.Contains(Directive, StringComparison.Ordinal))
            {
                continue;
            }

            var withoutDirectives = DirectivePattern().Replace(line, match => new string('x', match.Length));
            lines[i] = DirectivePattern().Replace(line, string.Empty).Trim().Length == 0 ? string.Empty : withoutDirectives;
        }

        return string.Join('\n', lines);
    }

    private static bool HasSyntaxError(ManifestFile file) => file.Problems.Any(p => p.Kind == ParseProblemKind.Syntax);

    [GeneratedRegex(@"\{\{.*?\}\}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DirectivePattern();
}
