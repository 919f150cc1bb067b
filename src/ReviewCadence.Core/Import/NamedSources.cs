using System.Text.RegularExpressions;

namespace ReviewCadence.Import;

/// <summary>A source a document names without a URL: <c>CometAPI pricing documentation - accessed 2026-07-02</c>.</summary>
internal sealed record NamedSource(string Name, DateOnly? Accessed);

/// <summary>
/// Finds sources named without a URL. Not every bullet is a source: only list items under a sources
/// heading (<c>Sources checked</c>, <c>## References</c>, …) and, elsewhere, lines that give an access
/// date right after a name (<c>Name - accessed DATE</c>, <c>Name (retrieved DATE)</c>).
/// </summary>
internal static partial class NamedSources
{
    private const int MaxNameLength = 80;
    private const int MaxNameWords = 10;

    [GeneratedRegex(
        @"^\s{0,3}(?:#{1,6}\s*)?(?:\*\*|__)?(?:sources?(?:\s+(?:checked|cited|consulted|used|reviewed))?|references|citations|bibliography|further\s+reading|evidence)(?:\*\*|__)?\s*:?\s*(?:\*\*|__)?\s*$",
        RegexOptions.IgnoreCase)]
    private static partial Regex SourcesHeading();

    [GeneratedRegex(@"^\s*(?:[-*+•·]|\d{1,3}[.)])\s+(?<item>\S.*)$")]
    private static partial Regex ListItem();

    // "accessed", "retrieved", "visited", optionally "last … on", then the date.
    [GeneratedRegex(@"(?<sep>[-–—(\[,;:]\s*)?\b(?:last\s+)?(?:accessed|retrieved|visited)\b(?:\s+on)?\s*:?\s*", RegexOptions.IgnoreCase)]
    private static partial Regex AccessKeyword();

    [GeneratedRegex(@"\s+[-–—]\s+|;\s|:\s|\s\(|,\s")]
    private static partial Regex NameEnd();

    public static IReadOnlyList<NamedSource> Find(IReadOnlyList<string> lines)
    {
        var named = new List<NamedSource>();
        var inSection = false;
        foreach (var line in lines)
        {
            if (SourcesHeading().IsMatch(line))
            {
                inSection = true;
                continue;
            }
            if (line.Trim().Length == 0)
                continue;

            var item = ListItem().Match(line);
            // A sources list ends where its items do; indented lines continue the item above.
            if (inSection && !item.Success && !char.IsWhiteSpace(line[0]))
                inSection = false;

            if (UrlMentions.Find(line).Count > 0)
                continue;

            var source = inSection && item.Success
                ? FromSectionItem(item.Groups["item"].Value)
                : FromAccessedLine(item.Success ? item.Groups["item"].Value : line);
            if (source is not null && !named.Any(n => SameName(n.Name, source.Name)))
                named.Add(source);
        }
        return named;
    }

    private static NamedSource? FromSectionItem(string item)
    {
        var keyword = AccessKeyword().Match(item);
        if (keyword.Success)
            return Named(item[..keyword.Index], DateText.First(item[keyword.Index..]));
        var end = NameEnd().Match(item);
        return Named(end.Success ? item[..end.Index] : item, DateText.First(item));
    }

    private static NamedSource? FromAccessedLine(string line)
    {
        var keyword = AccessKeyword().Match(line);
        // Outside a sources list the name must be set off from the keyword ("Name - accessed …"):
        // "the page was accessed on …" is a sentence, not a citation.
        if (!keyword.Success || !keyword.Groups["sep"].Success)
            return null;
        var date = DateText.First(line[(keyword.Index + keyword.Length)..]);
        return date is null ? null : Named(line[..keyword.Index], date);
    }

    private static NamedSource? Named(string rawName, DateOnly? accessed)
    {
        var name = MarkdownInline.ToPlain(rawName.Replace('|', ' ')).Trim(' ', '-', '–', '—', '(', '[', ',', ';', ':', '"', '“', '”');
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (name.Length < 2 || name.Length > MaxNameLength || words > MaxNameWords || !name.Any(char.IsLetter))
            return null;
        return new NamedSource(name, accessed);
    }

    private static bool SameName(string a, string b) => SourceTitleMatcher.Tokens(a).SetEquals(SourceTitleMatcher.Tokens(b));
}
