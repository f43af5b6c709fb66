namespace CanaryGuard.Rules.Fixes;

/// <summary>
/// One replacement in a file's original text: the characters from <paramref name="Start"/> to
/// <paramref name="End"/> (offsets, end exclusive) become <paramref name="NewText"/>. An insertion has Start == End.
/// </summary>
public sealed record TextEdit(string File, int Start, int End, string NewText)
{
    public static TextEdit Insert(string file, int at, string text) => new(file, at, at, text);

    /// <summary>Whether two edits of the same file touch the same characters (two insertions at one point also clash: their order is unknown).</summary>
    public bool Overlaps(TextEdit other) =>
        File == other.File && ((Start < other.End && other.Start < End) || Start == other.Start);
}
