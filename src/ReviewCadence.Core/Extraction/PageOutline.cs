using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ReviewCadence.Extraction;

/// <summary>A heading of a page's normalised text: its line (0-based), level (1 for <c>#</c>) and text.</summary>
internal sealed record PageHeading(int Line, int Level, string Text);

/// <summary>
/// One section of a page: its heading and the lines from the heading (included) to the next heading of the same or a
/// higher level (excluded).
/// </summary>
internal sealed record PageSection(PageHeading Heading, IReadOnlyList<string> Lines)
{
    private string? _matchable;

    /// <summary>The section's lines joined by <c>\n</c>, as they are compared.</summary>
    public string Text => string.Join('\n', Lines);

    /// <summary>Whether a statement appears in the section (case, whitespace, punctuation and typographic quotes aside).</summary>
    public bool Contains(string claim)
    {
        var wanted = ClaimText.Normalise(claim);
        if (wanted.Length == 0)
            return true;
        _matchable ??= " " + ClaimText.Normalise(string.Join(' ', Lines)) + " ";
        return _matchable.Contains(" " + wanted + " ", StringComparison.Ordinal);
    }
}

/// <summary>
/// The headings of a page's normalised text (as the extractors write them: <c>#</c> × level, never inside code) and the
/// element ids leading to them, so a citation's section can be found by heading text or by URL fragment.
/// </summary>
internal sealed partial class PageOutline
{
    private readonly string[] _lines;
    private readonly IReadOnlyDictionary<string, int>? _anchors;

    private PageOutline(string[] lines, IReadOnlyList<PageHeading> headings, IReadOnlyDictionary<string, int>? anchors)
    {
        _lines = lines;
        Headings = headings;
        _anchors = anchors;
    }

    public IReadOnlyList<PageHeading> Headings { get; }

    /// <param name="text">A snapshot's normalised text.</param>
    /// <param name="anchors">Element ids leading to lines of the text (<see cref="ExtractedContent.Anchors"/>), if known.</param>
    public static PageOutline Of(string text, IReadOnlyDictionary<string, int>? anchors)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Length == 0 ? [] : text.Split('\n');
        var headings = new List<PageHeading>();
        var inCode = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (Fence().IsMatch(line))
                inCode = !inCode;
            else if (!inCode && Heading().Match(line) is { Success: true } heading)
                headings.Add(new PageHeading(i, heading.Groups[1].Length, heading.Groups[2].Value.Trim()));
        }
        return new PageOutline(lines, headings, anchors);
    }

    /// <summary>The section whose heading has this text (compared as claims are: case, spacing and punctuation aside).</summary>
    public PageSection? FindByHeading(string heading)
    {
        var wanted = ClaimText.Normalise(heading);
        var found = Headings.FirstOrDefault(h => ClaimText.Normalise(h.Text) == wanted);
        return found is null ? null : SectionAt(found);
    }

    /// <summary>
    /// The section a URL fragment leads to: the heading the element with that id is, holds, or comes before; for text
    /// without recorded ids (Markdown, older snapshots), the heading whose slug is the fragment.
    /// </summary>
    public PageSection? FindByFragment(string fragment)
    {
        ArgumentNullException.ThrowIfNull(fragment);
        if (_anchors is not null && _anchors.TryGetValue(fragment, out var line))
        {
            // The heading on that line, or the first one after it.
            if (Headings.FirstOrDefault(h => h.Line >= line) is { } heading)
                return SectionAt(heading);
        }
        var slug = Slug(fragment);
        var bySlug = Headings.FirstOrDefault(h => Slug(h.Text) == slug);
        return bySlug is null ? null : SectionAt(bySlug);
    }

    /// <summary>Either way of naming a section.</summary>
    public PageSection? Find(string? heading, string? fragment) =>
        heading is not null ? FindByHeading(heading) : fragment is not null ? FindByFragment(fragment) : null;

    private PageSection SectionAt(PageHeading heading)
    {
        var end = _lines.Length;
        foreach (var next in Headings)
        {
            if (next.Line > heading.Line && next.Level <= heading.Level)
            {
                end = next.Line;
                break;
            }
        }
        return new PageSection(heading, _lines[heading.Line..end]);
    }

    /// <summary>A GitHub-style slug: lowercase letters, digits, dashes for spaces, other punctuation dropped.</summary>
    internal static string Slug(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
                sb.Append(c);
            else if (char.IsWhiteSpace(c))
                sb.Append('-');
        }
        return sb.ToString();
    }

    // Headings and fences as the extractors write them (list and quote prefixes allowed before them).
    [GeneratedRegex(@"^[\s>:\-]*(#{1,6}) (.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^[\s>:\-]*(?:```|~~~)", RegexOptions.CultureInvariant)]
    private static partial Regex Fence();
}

/// <summary>How claims and headings are compared: lowercase, typographic quotes and all punctuation as spaces, spacing collapsed.</summary>
internal static class ClaimText
{
    public static string Normalise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
            {
                if (space && sb.Length > 0)
                    sb.Append(' ');
                space = false;
                sb.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.Format)
            {
                // combining marks and invisible characters belong to the letter before them
            }
            else
            {
                space = true;
            }
        }
        return sb.ToString();
    }
}

/// <summary>What changed inside a section: its removed and added lines, quoted up to a bound, and how many there were.</summary>
internal sealed record SectionChange(IReadOnlyList<string> Removed, IReadOnlyList<string> Added, int LinesRemoved, int LinesAdded)
{
    /// <summary>Lines quoted per side; a finding says how many more there were.</summary>
    public const int MaxQuotedLines = 5;
    /// <summary>Characters quoted per line.</summary>
    public const int MaxQuotedChars = 200;

    /// <summary>The difference between a section as reviewed and as it is now; null when its content is the same.</summary>
    public static SectionChange? Between(PageSection before, PageSection after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (before.Lines.SequenceEqual(after.Lines, StringComparer.Ordinal))
            return null;
        var diff = LineDiff.Compute(before.Text, after.Text);
        var removed = new List<string>();
        var added = new List<string>();
        int removedCount = 0, addedCount = 0;
        foreach (var block in diff.Blocks)
        {
            for (var i = 0; i < block.DeleteCountA; i++, removedCount++)
            {
                if (removed.Count < MaxQuotedLines)
                    removed.Add(Quote(diff.Before[block.DeleteStartA + i]));
            }
            for (var i = 0; i < block.InsertCountB; i++, addedCount++)
            {
                if (added.Count < MaxQuotedLines)
                    added.Add(Quote(diff.After[block.InsertStartB + i]));
            }
        }
        return removedCount + addedCount == 0 ? null : new SectionChange(removed, added, removedCount, addedCount);
    }

    private static string Quote(string line) => line.Length <= MaxQuotedChars ? line : line[..(MaxQuotedChars - 1)] + "…";
}
