using System.Text.RegularExpressions;

namespace ReviewCadence.Import;

/// <summary>Reads a runbook document: title, last review date, follow-up owner, cited URLs with access dates, sources named without URLs.</summary>
internal static partial class RunbookDocumentParser
{
    // Between a URL and its access date, only punctuation or an access word: "URL (2026-07-01)",
    // "URL, accessed July 1, 2026". A date further into a sentence is about something else.
    [GeneratedRegex(@"^[\s\p{P}]*(?:(?:last\s+)?(?:accessed|retrieved|visited|checked)(?:\s+on)?[\s\p{P}]*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex AccessGap();

    [GeneratedRegex(@"\b(?:accessed|retrieved|visited)\b(?:\s+on)?\s*:?\s*", RegexOptions.IgnoreCase)]
    private static partial Regex AccessKeyword();

    public static ParsedRunbook Parse(string text, DocumentFormat format)
    {
        var layout = RunbookLayout.Read(text, format);
        var notes = new List<string>();
        var title = layout.Title;
        if (title is null && DocumentTitle.Infer(layout.Lines) is { } inferred)
        {
            title = inferred.Title;
            if (inferred.Note is { } note)
                notes.Add(note);
        }
        var lastReviewed = ReviewDateField.Find(layout.Lines, notes);
        var owner = FollowUpOwnerField.Find(layout.Lines, notes);
        var urls = FindUrls(layout.Lines, notes);
        var named = NamedSources.Find(layout.Lines);
        if (urls.Count == 0 && named.Count == 0)
            notes.Add("no sources found: no http(s) URLs and no sources named in a sources list.");
        return new ParsedRunbook(title, lastReviewed, owner, urls, named, notes);
    }

    private static List<UrlCitation> FindUrls(IReadOnlyList<string> lines, List<string> notes)
    {
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var citations = new List<UrlCitation>();
        var reserved = new List<string>();
        var withCredentials = new List<string>();

        foreach (var line in lines)
        {
            var mentions = UrlMentions.Find(line);
            for (var i = 0; i < mentions.Count; i++)
            {
                var mention = mentions[i];
                if (!SourceUrls.TryParse(mention.Written, out var url))
                    continue;
                if (SourceUrls.IsReservedHost(url.Host))
                {
                    if (!reserved.Contains(url.Clean))
                        reserved.Add(url.Clean);
                    continue;
                }

                if (url.HadCredentials && !withCredentials.Contains(url.Clean))
                    withCredentials.Add(url.Clean);

                var nextStart = i + 1 < mentions.Count ? mentions[i + 1].Index : line.Length;
                var accessed = mention.GluedDate ?? AccessDateAfter(line, mention.End, nextStart) ?? (mentions.Count == 1 ? AccessDateInLine(line) : null);

                if (byKey.TryGetValue(url.Key, out var index))
                {
                    var first = citations[index];
                    citations[index] = first with
                    {
                        Accessed = DateText.Latest(first.Accessed, accessed),
                        LinkText = first.LinkText ?? mention.LinkText,
                        WholePage = first.WholePage || url.Fragment is null,
                        Sections = url.Fragment is { } more && !(first.Sections ?? []).Contains(more) ? [.. first.Sections ?? [], more] : first.Sections,
                    };
                }
                else
                {
                    byKey[url.Key] = citations.Count;
                    citations.Add(new UrlCitation(url, accessed, mention.LinkText, url.Fragment is null, url.Fragment is { } fragment ? [fragment] : []));
                }
            }
        }

        foreach (var url in reserved)
            notes.Add($"{url} is a reserved example address; not a source.");
        // The credentials themselves are never repeated.
        foreach (var url in withCredentials)
            notes.Add($"{url} was written with a user name or password; they were left out of the proposal.");
        return citations;
    }

    /// <summary>
    /// The date after a URL and before the next one: in a table row, any date in the following
    /// cells (the Accessed column); in running text, only one set off by punctuation or an access word.
    /// </summary>
    private static DateOnly? AccessDateAfter(string line, int from, int to)
    {
        var segment = line[from..to];
        var isRow = line.TrimStart().StartsWith('|') || line.Contains('\t', StringComparison.Ordinal);
        foreach (var date in DateText.Find(segment))
        {
            if (date.Ambiguous)
                continue;
            return isRow || AccessGap().IsMatch(segment[..date.Index]) ? date.Date : null;
        }
        return null;
    }

    /// <summary>"Accessed 2026-07-01: URL": an access date anywhere on a line citing one URL.</summary>
    private static DateOnly? AccessDateInLine(string line)
    {
        var keyword = AccessKeyword().Match(line);
        if (!keyword.Success)
            return null;
        var rest = line[(keyword.Index + keyword.Length)..];
        var first = DateText.Find(rest).FirstOrDefault(d => !d.Ambiguous);
        return first is not null && first.Index == 0 ? first.Date : null;
    }
}
