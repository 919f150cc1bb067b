using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text.RegularExpressions;
using AngleSharp.Css.Dom;
using AngleSharp.Dom;

namespace ReviewCadence.Extraction;

/// <summary>
/// Boilerplate recognised on any site, whatever built it: non-content elements, hidden elements, landmarks that are
/// not content (navigation, search, dialogs), class or id names that say "sidebar", "breadcrumbs", "cookie banner" and
/// the like, and whole lines such as "Last updated on 3 May 2026" or "Was this page helpful?".
/// </summary>
internal static partial class GenericBoilerplate
{
    /// <summary>Elements that never carry page text a reader sees as content.</summary>
    public static bool IsNonContentTag(string localName) => localName switch
    {
        "script" or "style" or "noscript" or "template" or "svg" or "iframe" or "frame" or "frameset" or "object" or "embed"
            or "canvas" or "video" or "audio" or "map" or "link" or "meta" or "head" or "title" or "base"
            or "input" or "button" or "select" or "textarea" or "datalist" or "option" or "optgroup" or "output"
            or "progress" or "meter" or "dialog" or "slot" or "source" or "track" or "img" or "picture" => true,
        _ => false,
    };

    /// <summary>
    /// True when the element is hidden from readers by markup: <c>hidden</c>, <c>aria-hidden="true"</c> or an inline
    /// <c>display:none</c>/<c>visibility:hidden</c>. Panels that a control on the page reveals (tab panels, accordions:
    /// anything an <c>aria-controls</c> points at, and <c>hidden="until-found"</c>) are content and do not count.
    /// </summary>
    public static bool IsHidden(IElement element, ISet<string> revealableIds)
    {
        var hidden = element.GetAttribute("hidden");
        var ariaHidden = element.GetAttribute("aria-hidden");
        var style = element.GetAttribute("style");
        var isHidden =
            (hidden is not null && !hidden.Equals("until-found", StringComparison.OrdinalIgnoreCase))
            || (ariaHidden is not null && ariaHidden.Trim().Equals("true", StringComparison.OrdinalIgnoreCase))
            || (style is not null && HiddenStyle().IsMatch(style));
        if (!isHidden)
            return false;
        if (string.Equals(element.GetAttribute("role"), "tabpanel", StringComparison.OrdinalIgnoreCase))
            return false;
        var id = element.Id;
        return id is null || !revealableIds.Contains(id);
    }

    /// <summary>
    /// True for elements inside the content region that are page furniture rather than content. <paramref name="rootIsBody"/>
    /// says no content region was found, so site headers must be recognised too. <paramref name="counts"/> holds the
    /// page's text counts (the link-density rules read them).
    /// </summary>
    public static bool IsBoilerplate(IElement element, bool rootIsBody, TextCounts counts)
    {
        var tag = element.LocalName;
        switch (tag)
        {
            case "nav":
                return true;
            case "a" when IsPermalink(element, counts):
                return true;
            case "footer":
                // A quotation's attribution is content; an article or site footer is not.
                return CssSelectors.Closest(element, Quotation) is null;
            case "header":
                if (rootIsBody || HasRole(element, "banner"))
                    return true;
                break;
            case "aside":
                if (rootIsBody || IsMostlyLinks(counts.Of(element)))
                    return true;
                break;
            case "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "pre" or "code" or "table" or "thead" or "tbody" or "tfoot"
                or "tr" or "td" or "th" or "main" or "article" or "body" or "html":
                return false;
        }

        var role = element.GetAttribute("role");
        if (role is not null && NonContentRoles.Contains(role.Trim()))
            return true;

        var label = element.GetAttribute("aria-label");
        if (label is not null && label.Contains("cookie", StringComparison.OrdinalIgnoreCase))
            return true;

        var classes = element.GetAttribute("class");
        if (classes is not null && AnyBoilerplateName(classes))
            return true;

        // A block named for tags, categories or related items that is all links is a taxonomy list, not text.
        if (tag is "div" or "p" or "ul" or "ol" or "section" or "span"
            && (MayHintLinkList(classes) || MayHintLinkList(element.Id))
            && IsAllLinks(counts.Of(element)))
            return true;

        // Section ids are usually slugs of their heading ("pagination", "sharing"): only furniture ids count.
        var id = element.Id;
        return id is not null && tag is not ("section" or "article") && AnyBoilerplateName(id);
    }

    /// <summary>
    /// True for a whole line that is a page stamp, widget text or legal/credit line, not content: "Last updated on …",
    /// a line of dates alone ("August 15, 2024 · July 19, 2024", a revision-date plugin's facts), "© 2026 Example Ltd.
    /// All rights reserved.", "Example is a registered trademark of …", "Created using Sphinx 7.2".
    /// </summary>
    public static bool IsBoilerplateLine(string line)
    {
        // Every line of a page is asked: no copy of it is made, and the legal patterns (which search the whole line)
        // run only on lines holding one of the words they all need.
        var bare = WithoutLineMarks(line);
        if (bare.Length == 0 || bare.Length > 400)
            return false;
        if (bare.Length <= 160 && (StampLine().IsMatch(bare) || WidgetLine().IsMatch(bare)))
            return true;
        // A heading that is a date ("## March 2026" in a changelog) names a section: it stays.
        if (bare.Length <= 160 && MayBeDate(bare) && !IsHeadingLine(line) && DatesOnlyLine().IsMatch(bare))
            return true;
        return MayBeLegal(bare) && LegalLine().IsMatch(bare);
    }

    /// <summary>The line without its leading heading marks, bullets, quote marks and definition marks (what <c>LineMarks</c> matches).</summary>
    private static ReadOnlySpan<char> WithoutLineMarks(string line)
    {
        var at = 0;
        while (at < line.Length)
        {
            var mark = line[at] == '#' ? line.AsSpan(at).IndexOfAnyExcept('#') is var run and >= 0 ? run : line.Length - at
                : line[at] is '-' or '>' or ':' ? 1 : 0;
            if (mark is 0 or > 6 || at + mark >= line.Length || !char.IsWhiteSpace(line[at + mark]))
                break;
            at += mark;
            while (at < line.Length && char.IsWhiteSpace(line[at]))
                at++;
        }
        return line.AsSpan(at);
    }

    /// <summary>A word each legal pattern needs; lines are NFKC-normalised, so ordinal case-folding is enough.</summary>
    private static bool MayBeLegal(ReadOnlySpan<char> bare) => bare.IndexOfAny(LegalWords) >= 0 || CreditVerb().IsMatch(bare);

    // Searched for all at once (one pass over the line, not one per word).
    private static readonly SearchValues<string> LegalWords =
        SearchValues.Create(["©", "(c)", "copyright", "rights", "mark"], StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^(?:site\s+)?(?:created|built|made|generated|powered|hosted|rendered)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CreditVerb();

    private static bool IsHeadingLine(string line) => line.AsSpan().TrimStart(" >-:").StartsWith('#');

    /// <summary>
    /// What every line <c>DatesOnlyLine</c> matches starts with: a digit, an "a"/"an" ("a day ago"), or the first three
    /// letters of a month, a weekday, "last update", "created", "updated", "published", "today" or "yesterday". Most
    /// lines start otherwise, and the pattern (a dozen alternatives deep) costs more to fail than this to ask.
    /// </summary>
    private static bool MayBeDate(ReadOnlySpan<char> bare) =>
        char.IsDigit(bare[0]) || bare[0] is 'a' or 'A' || (bare.Length >= 3 && DateLineStartLookup.Contains(bare[..3]));

    private static readonly FrozenSet<string> DateLineStarts = new[]
    {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        "mon", "tue", "wed", "thu", "fri", "sat", "sun", "las", "cre", "upd", "pub", "tod", "yes",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> DateLineStartLookup =
        DateLineStarts.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>A heading's permalink (Sphinx's ¶, a "#" or § anchor): a same-page link with no words.</summary>
    private static bool IsPermalink(IElement element, TextCounts counts)
    {
        var href = element.GetAttribute("href");
        return href is not null && href.StartsWith('#') && counts.LettersOf(element) == 0;
    }

    private static readonly ISelector Quotation = CssSelectors.Parse("blockquote, figure");

    private static readonly HashSet<string> NonContentRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        "navigation", "search", "dialog", "alertdialog", "menu", "menubar", "toolbar", "tooltip", "contentinfo", "banner",
    };

    private static bool HasRole(IElement element, string role) =>
        string.Equals(element.GetAttribute("role")?.Trim(), role, StringComparison.OrdinalIgnoreCase);

    /// <summary>Sidebars and "related links" boxes are mostly links; a callout in an aside is mostly prose.</summary>
    private static bool IsMostlyLinks(TextCounts.Counts counts) =>
        counts.Letters == 0 || counts.LinkLetters * 2 >= counts.Letters;

    /// <summary>Every letter of the block is inside a link, and it has at least two.</summary>
    private static bool IsAllLinks(TextCounts.Counts counts) =>
        counts.Letters > 0 && counts.Links >= 2 && counts.LinkLetters * 10 >= counts.Letters * 9;

    /// <summary>
    /// <c>LinkListHint</c> on a class or id; every word it looks for has a <c>t</c> or a <c>k</c> (the Kelvin sign
    /// matches <c>k</c> when case is ignored), so names without one are not searched.
    /// </summary>
    private static bool MayHintLinkList(string? name) =>
        name is not null && name.AsSpan().IndexOfAny("tTkK\u212A") >= 0 && LinkListHint().IsMatch(name);

    [GeneratedRegex(@"(?:^|[\s_-])(?:tags?|tag-?list|tag-?cloud|categories|category-?list|taxonomy|terms|topics|keywords|related(?:[_-]\w+)?)(?:$|[\s_-])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkListHint();

    // Class and id names are split into words (kebab, snake and camel case; CSS-module hash suffixes dropped) and
    // compared word-wise, so "docSidebarContainer_YfHR" and "cookie-notice" match but "shared-costs" does not.
    private static readonly string[][] BoilerplateNames =
    [
        ["toc"], ["table", "of", "contents"], ["tableofcontents"], ["on", "this", "page"],
        ["breadcrumb"], ["breadcrumbs"],
        ["sidebar"], ["sidenav"], ["side", "nav"], ["navbar"], ["topbar"], ["menubar"],
        ["pagination"], ["pager"], ["paginator"], ["prev", "next"],
        ["edit", "this", "page"], ["edit", "page"], ["edit", "link"], ["edit", "on", "github"],
        ["last", "updated"], ["last", "modified"], ["lastmodified"], ["lastupdated"],
        ["feedback"], ["helpful"], ["rating", "widget"],
        ["share"], ["sharing"], ["social", "share"], ["social", "links"],
        ["cookie", "banner"], ["cookie", "notice"], ["cookie", "consent"], ["cookie", "bar"], ["cookie", "law"],
        ["cookie", "popup"], ["cookieconsent"], ["consent", "banner"], ["consent", "manager"], ["gdpr"],
        ["onetrust"], ["cookiebot"],
        ["skip", "link"], ["skip", "to", "content"], ["skip", "to", "main"],
        ["screen", "reader", "text"], ["sr", "only"], ["visually", "hidden"],
        ["announcement", "bar"], ["newsletter"],
        ["related", "posts"], ["related", "articles"], ["related", "content"], ["recent", "posts"], ["latest", "posts"],
        // Icon fonts draw glyphs from ligature text ("content_copy"): what shows is an icon, not words.
        ["material", "icons"], ["material", "symbols"], ["material", "symbols", "outlined"],
    ];

    // What a site hides when the page is printed is, by its authors' own account, not the page's content.
    private static readonly HashSet<string> PrintHiddenClasses = new(StringComparer.OrdinalIgnoreCase)
    {
        "print:hidden", "d-print-none", "noprint", "no-print", "hidden-print", "hide-on-print", "print-hidden",
    };

    // Class names repeat across elements and pages (utility CSS): each is judged once. Looked up by span, so the
    // hot path allocates nothing; the cap keeps per-build hashed names from growing it without bound.
    private static readonly ConcurrentDictionary<string, bool> NameCache = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, bool>.AlternateLookup<ReadOnlySpan<char>> NameLookup =
        NameCache.GetAlternateLookup<ReadOnlySpan<char>>();
    private const int NameCacheLimit = 50_000;

    private static bool AnyBoilerplateName(string attribute)
    {
        var rest = attribute.AsSpan();
        while (!rest.IsEmpty)
        {
            var start = rest.IndexOfAnyExcept(" \t\n\r\f");
            if (start < 0)
                break;
            rest = rest[start..];
            var end = rest.IndexOfAny(" \t\n\r\f");
            var token = end < 0 ? rest : rest[..end];
            if (IsBoilerplateName(token))
                return true;
            rest = end < 0 ? default : rest[end..];
        }
        return false;
    }

    private static bool IsBoilerplateName(ReadOnlySpan<char> token)
    {
        if (NameLookup.TryGetValue(token, out var known))
            return known;
        var name = token.ToString();
        var result = ComputeIsBoilerplateName(name);
        if (NameCache.Count < NameCacheLimit)
            NameCache.TryAdd(name, result);
        return result;
    }

    private static bool ComputeIsBoilerplateName(string token)
    {
        if (PrintHiddenClasses.Contains(token))
            return true;
        // Utility classes with variants or arbitrary values (md:hidden, w-[19rem], has-[x]) never name furniture.
        if (token.AsSpan().IndexOfAny(":[/(.") >= 0)
            return false;
        var words = SplitWords(token);
        foreach (var name in BoilerplateNames)
        {
            for (var start = 0; start + name.Length <= words.Count; start++)
            {
                var matched = true;
                for (var k = 0; k < name.Length && matched; k++)
                    matched = words[start + k] == name[k];
                if (matched)
                    return true;
            }
        }
        return false;
    }

    private static List<string> SplitWords(string token)
    {
        var hashSuffix = CssModuleHash().Match(token);
        if (hashSuffix.Success && LooksLikeHash(token[..hashSuffix.Index], hashSuffix.Groups[1].Value))
            token = token[..hashSuffix.Index];
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < token.Length; i++)
        {
            var c = token[i];
            if (c is '-' or '_')
            {
                Flush();
                continue;
            }
            if (char.IsUpper(c) && i > 0 && char.IsLower(token[i - 1]))
                Flush();
            current.Append(char.ToLowerInvariant(c));
        }
        Flush();
        return words;

        void Flush()
        {
            if (current.Length > 0)
                words.Add(current.ToString());
            current.Clear();
        }
    }

    [GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HiddenStyle();

    // Docusaurus and other CSS-module builds append "_" and a short hash to camel-case names: tableOfContents_bqdL,
    // sidebar_njMd. A snake-case word such as cookie_notice is not a hash.
    [GeneratedRegex(@"(?<=[a-z])_([A-Za-z0-9]{4,6})$", RegexOptions.CultureInvariant)]
    private static partial Regex CssModuleHash();

    private static bool LooksLikeHash(string name, string suffix) =>
        name.Any(char.IsUpper) || suffix.Any(c => char.IsUpper(c) || char.IsDigit(c));


    private const string Month =
        @"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

    private const string Date =
        @"(?:\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?" +
        @"|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}" +
        @"|(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?" + Month + @"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}" +
        @"|\d{1,2}(?:st|nd|rd|th)?\s+" + Month + @",?\s+\d{4}" +
        @"|" + Month + @"\s+\d{4}" +
        @"|\d+\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\s+ago|an?\s+(?:minute|hour|day|week|month|year)\s+ago" +
        @"|today|yesterday)";

    // "Last modified on July 13, 2026", "Last updated: 2026-07-13 by Jane Doe", "Page last edited 3 days ago".
    // Only when the whole line is the stamp: a sentence that starts this way and goes on is content.
    [GeneratedRegex(
        @"^(?:this\s+page\s+was\s+|page\s+)?(?:last\s+(?:modified|updated|edited|changed|reviewed)|updated|modified)(?:\s+(?:on|at))?\s*:?\s*" + Date +
        @"(?:\s*,?\s*(?:at\s*)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s*\(?[A-Z]{2,5}\)?)?)?(?:\s*(?:by|·|\||-|–|—)\s*.{1,60})?\.?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StampLine();

    // A line of one to four dates and nothing else: the facts of a revision-date plugin, a post's published/updated pair.
    [GeneratedRegex(@"^(?:(?:last\s+update|created|updated|published)\s*:?\s*)?" + Date +
        @"(?:\s*(?:[,·|•–—-]|and)?\s*(?:(?:last\s+update|created|updated|published)\s*:?\s*)?" + Date + @"){0,3}\.?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DatesOnlyLine();

    // Copyright notices, rights reservations, trademark attributions and generator credits: legal or build text that a
    // template repeats on every page, never the page's content (however it is marked up).
    [GeneratedRegex(
        @"^(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}))" +
        @"|\ball\s+rights\s+reserved\b" +
        @"|\b(?:is\s+an?|are)\s+(?:registered\s+)?(?:trademarks?|trade\s+marks?|service\s+marks?)\s+of\b" +
        @"|\btrademarks?\s+(?:are\s+(?:the\s+)?property|(?:belong|belongs)\s+to)\s+(?:of\s+)?(?:their|its)\s+respective\s+owners?\b" +
        @"|\b(?:trademarks?|marks)\s+of\s+their\s+respective\s+(?:owners|holders)\b" +
        @"|^(?:site\s+)?(?:created|built|made|generated|powered|hosted|rendered)\s+(?:using|with|by)\s+(?:the\s+)?" +
        @"(?:sphinx|mkdocs|material\s+for\s+mkdocs|hugo|jekyll|pelican|docusaurus|gatsby|hexo|eleventy|11ty|zola|pkgdown|gitbook|vuepress|vitepress|astro|wordpress|ghost|read\s+the\s+docs|github\s+pages|netlify|javadoc|rustdoc|doxygen)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LegalLine();

    [GeneratedRegex(
        @"^(?:was\s+this\s+(?:page|article|doc(?:ument(?:ation)?)?|section|content|information|guide)?\s*helpful\s*\??" +
        @"|did\s+this\s+(?:page|article|doc|guide)\s+help(?:\s+you)?\s*\??" +
        @"|(?:edit|suggest\s+(?:an\s+)?edits?\s+(?:to|on)|improve)\s+this\s+page(?:\s+on\s+github)?" +
        @"|edit\s+(?:on|in)\s+github|skip\s+to\s+(?:main\s+)?content|on\s+this\s+page|table\s+of\s+contents)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WidgetLine();
}
