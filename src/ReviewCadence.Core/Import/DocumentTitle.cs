using System.Text.RegularExpressions;

namespace ReviewCadence.Import;

/// <summary>
/// The title of a document that has no title marked up as one (no front matter <c>title:</c>, <c># </c> heading,
/// <c>===</c> underline, <c>Title:</c> line, <c>&lt;h1&gt;</c> or <c>&lt;title&gt;</c>): its title line, else its first
/// sentence. Never the file name while the document has text: names like <c>003_db73f8bc31f01a96.txt</c> say nothing.
/// </summary>
internal static partial class DocumentTitle
{
    /// <summary>Longest title made from a sentence; a longer sentence is cut at a word boundary and marked "…".</summary>
    public const int MaxSentenceTitle = 100;

    private const int MaxTitleLineWords = 12;

    /// <summary>
    /// Section names that open many documents without naming them ("Direct answer", "Summary"): the real runbooks
    /// start with "Last reviewed: …" and then "Direct answer", which would title every one of them alike.
    /// </summary>
    private static readonly HashSet<string> GenericSectionNames = new(StringComparer.Ordinal)
    {
        "direct answer", "answer", "short answer", "quick answer", "summary", "executive summary", "overview",
        "introduction", "intro", "background", "context", "purpose", "scope", "abstract", "contents",
        "table of contents", "tl dr", "tldr", "key takeaways", "takeaways", "who this is for", "audience",
        "prerequisites", "before you begin", "description", "notes", "faq", "steps", "procedure", "about",
    };

    // "Last reviewed: July 1, 2026.", "follow_up_owner: role", "**Owner**: x": a field, not a title.
    [GeneratedRegex(@"^\s*(?:\*\*|__)?[\p{L}][\p{L}\p{N} _\-/]{0,40}(?:\*\*|__)?\s*:(?:\s|$)")]
    private static partial Regex FieldLine();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(?<text>.+?)(?:\s+#+)?\s*$")]
    private static partial Regex HeadingLine();

    // List items, table rows, quotes, code fences, rules, HTML comments and tags: never a title line.
    [GeneratedRegex(@"^\s*(?:[-*+•]\s|\d+[.)]\s|\||>|```|~~~|---|\*\*\*|___|<)")]
    private static partial Regex NotProse();

    [GeneratedRegex(@"^\s*(?:[-*+•]|\d+[.)]|>)\s*")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"^\w+://\S+$")]
    private static partial Regex BareUrl();

    // The end of the first sentence: . ! ? followed by a space and a capital, a digit or a quote, or the line's end.
    [GeneratedRegex(@"[.!?](?=\s+[\p{Lu}\p{N}""'“(]|\s*$)")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex NonWord();

    /// <summary>
    /// The inferred title and a note saying where it came from (null for a title line), or null when the document says
    /// nothing but fields. In order: the first line that names the document (short, not a field such as "Last
    /// reviewed: …", not a generic section name); else its first sentence of prose; else its first line of any kind.
    /// </summary>
    public static (string Title, string? Note)? Infer(IReadOnlyList<string> lines)
    {
        var i = 0;
        for (; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || IsField(line) || BareUrl().IsMatch(line))
                continue;
            var text = HeadingLine().Match(line) is { Success: true } heading ? heading.Groups["text"].Value : line;
            text = MarkdownInline.ToPlain(text);
            if (text.Length == 0 || IsGenericSectionName(text))
                continue;
            if (!NotProse().IsMatch(line) && IsTitleShaped(text))
                return (text, null);
            break;
        }

        for (var p = i; p < lines.Count; p++)
        {
            var line = lines[p].Trim();
            if (line.Length == 0 || IsField(line) || HeadingLine().IsMatch(line) || NotProse().IsMatch(line))
                continue;
            if (MarkdownInline.ToPlain(line) is { Length: > 0 } text)
            {
                var sentence = Shorten(FirstSentence(text));
                return (sentence, $"no title line found; title taken from the first sentence: \"{sentence}\" (edit it in the catalog if needed).");
            }
        }

        // No prose at all (only lists, tables or generic headings): the first thing the document says.
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || IsField(line) || BareUrl().IsMatch(line) || line.StartsWith('|'))
                continue;
            var text = MarkdownInline.ToPlain(ListMarker().Replace(HeadingLine().Match(line) is { Success: true } h ? h.Groups["text"].Value : line, ""));
                        if (text.Length > 0)
            {
                var first = Shorten(text);
                return (first, $"no title line found; title taken from the first line: \"{first}\" (edit it in the catalog if needed).");
            }
        }
        return null;
    }

    private static bool IsField(string line) => FieldLine().IsMatch(line) || ReviewDateField.IsFieldLine(line);

    private static bool IsGenericSectionName(string text) =>
        GenericSectionNames.Contains(NonWord().Replace(text.ToLowerInvariant(), " ").Trim());

    /// <summary>A line that names rather than says: short, and not ended as a sentence is.</summary>
    private static bool IsTitleShaped(string text) =>
        text.Split(' ').Length <= MaxTitleLineWords && text.Length <= MaxSentenceTitle && !text.EndsWith('.') && !text.EndsWith(':') && !text.EndsWith(',');

    private static string FirstSentence(string text)
    {
        var end = SentenceEnd().Match(text);
        var sentence = end.Success ? text[..end.Index] : text;
        return sentence.TrimEnd(' ', ',', ';', ':');
    }

    private static string Shorten(string sentence)
    {
        if (sentence.Length <= MaxSentenceTitle)
            return sentence;
        // At the last clause break that keeps most of it, else at a word boundary.
        var clause = sentence.LastIndexOf(", ", MaxSentenceTitle - 1, StringComparison.Ordinal);
        var cut = clause >= MaxSentenceTitle / 2 ? clause : sentence.LastIndexOf(' ', MaxSentenceTitle - 1);
        return sentence[..(cut > 0 ? cut : MaxSentenceTitle - 1)].TrimEnd(' ', ',', ';', ':') + "…";
    }
}
