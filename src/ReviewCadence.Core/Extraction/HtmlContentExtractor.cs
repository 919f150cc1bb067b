using AngleSharp.Css.Dom;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using ReviewCadence.Extraction.Families;

namespace ReviewCadence.Extraction;

/// <summary>The main content of an HTML page as block text, found without per-source configuration and refined by the source's rules.</summary>
internal sealed class HtmlContentExtractor
{
    private readonly HtmlParser _parser;
    private readonly IReadOnlyList<CompiledFamily> _families;

    /// <param name="Content">The family's content selectors, parsed, in the family's order.</param>
    /// <param name="Rule">The page family.</param>
    /// <param name="Boilerplate">The family's boilerplate selectors, parsed into one.</param>
    private sealed record CompiledFamily(IPageFamilyRule Rule, IReadOnlyList<ISelector> Content, ISelector Boilerplate);

    // The generic content landmarks, tried in this order after the family's own selectors.
    private static readonly ISelector[] Landmarks = [CssSelectors.Parse("main, [role='main']"), CssSelectors.Parse("article")];
    private static readonly ISelector RevealControls = CssSelectors.Parse("[aria-controls]");
    private static readonly ISelector Heading = CssSelectors.Parse("h1");

    public HtmlContentExtractor(IEnumerable<IPageFamilyRule> families)
    {
        // One parser for every call: parsing keeps its state per document. Comments, script bodies and style text are
        // never content, so they are not even built.
        _parser = new HtmlParser(new HtmlParserOptions
        {
            SkipComments = true,
            SkipScriptText = true,
            SkipRawText = true,
            DisableElementPositionTracking = true,
        });
        _families = families
            .Select(f => new CompiledFamily(f, f.ContentSelectors.Select(CssSelectors.Parse).ToList(), CssSelectors.ParseList(f.BoilerplateSelectors)))
            .ToList();
    }

    /// <param name="Text">The normalised block text.</param>
    /// <param name="Title">The page title, or its first <c>h1</c>.</param>
    /// <param name="NothingSelected">True when <see cref="ExtractionRules.Select"/> was given and matched no element.</param>
    /// <param name="Anchors">Element ids leading to headings, as id → line of <paramref name="Text"/>; null when none.</param>
    /// <param name="LoadsScripts">The page has scripts (its content may be written by them).</param>
    public sealed record Result(string Text, string? Title, bool NothingSelected = false, IReadOnlyDictionary<string, int>? Anchors = null, bool LoadsScripts = false);

    public Result Extract(string html, ExtractionRules rules)
    {
        var exclude = rules.Exclude.Count == 0 ? null : CssSelectors.ParseList(rules.Exclude);
        // Each selector on its own first, so an invalid one is named in the error.
        foreach (var selector in rules.Select)
            CssSelectors.Parse(selector);
        var select = rules.Select.Count == 0 ? null : CssSelectors.ParseList(rules.Select);

        var document = _parser.ParseDocument(html);
        var family = _families.FirstOrDefault(f => f.Rule.Matches(document));
        var revealable = RevealableIds(document);
        var (roots, rootIsBody) = select is not null
            ? (TopLevel(CssSelectors.QueryAll(document, select), dropHidden: false), false)
            : FindMainContent(document, family, revealable);

        var writer = new HtmlBlockWriter(exclude, family?.Boilerplate, revealable, rootIsBody);
        foreach (var root in roots)
            writer.WriteRoot(root);
        var text = writer.Lines.Finish(rules.Ignore, dropBoilerplateLines: true);
        return new Result(text, TitleOf(document, roots), NothingSelected: select is not null && roots.Count == 0, writer.Lines.FinishedAnchors,
            LoadsScripts: document.Scripts.Length > 0);
    }

    /// <summary>
    /// The family's content selectors, then <c>main</c> (or the <c>article</c> it wraps), then <c>article</c>, else the
    /// body's block that scores as its main text (<see cref="ContentScoring"/>), else the whole body.
    /// </summary>
    private static (IReadOnlyList<IElement> Roots, bool RootIsBody) FindMainContent(IHtmlDocument document, CompiledFamily? family, HashSet<string> revealable)
    {
        if (family is not null)
        {
            foreach (var selector in family.Content)
            {
                var roots = TopLevel(CssSelectors.QueryAll(document, selector), dropHidden: true);
                if (roots.Count > 0)
                    return (roots, false);
            }
        }
        foreach (var selector in Landmarks)
        {
            var roots = TopLevel(CssSelectors.QueryAll(document, selector), dropHidden: true);
            if (roots.Count > 0)
                return (selector == Landmarks[0] ? ArticlesIn(roots) : roots, false);
        }
        if (document.Body is not { } body)
            return ([], true);
        // Still "no landmark": headers and asides inside the chosen block are recognised as furniture too.
        return (ContentScoring.FindContentBlock(body, revealable) is { } block ? [block] : [body], true);
    }

    /// <summary>
    /// The articles a <c>main</c> wraps, when they hold most of its text: what sits beside them in <c>main</c> is the
    /// template's (a mobile-only header repeating the title, a "back to top" bar), and a redesign may drop it while the
    /// article stays the same. A <c>main</c> whose articles are only teasers or cards keeps its whole text.
    /// </summary>
    private static IReadOnlyList<IElement> ArticlesIn(IReadOnlyList<IElement> mains)
    {
        var result = new List<IElement>();
        foreach (var main in mains)
        {
            var articles = TopLevel(CssSelectors.QueryAll(main, Article), dropHidden: true);
            if (articles.Count == 0)
            {
                result.Add(main);
                continue;
            }
            var inArticles = articles.Sum(ContentScoring.CountLetters);
            if (inArticles * 10 >= ContentScoring.CountLetters(main) * MainShareOfArticles)
                result.AddRange(articles);
            else
                result.Add(main);
        }
        return result;
    }

    /// <summary>The share of a <c>main</c>'s text (in tenths) its articles must hold to stand for it.</summary>
    private const int MainShareOfArticles = 6;

    private static readonly ISelector Article = CssSelectors.Parse("article");

    /// <summary>
    /// Matches that are not inside another match, in page order; hidden ones left out unless the source's own
    /// <c>select</c> asked for them.
    /// </summary>
    private static List<IElement> TopLevel(List<IElement> matches, bool dropHidden)
    {
        var visible = matches.Where(e => !dropHidden || !HiddenWithAncestors(e)).ToList();
        if (visible.Count <= 1)
            return visible;
        var set = new HashSet<IElement>(visible);
        return visible.Where(e => !HasAncestorIn(e, set)).ToList();
    }

    private static bool HasAncestorIn(IElement element, HashSet<IElement> set)
    {
        for (var e = element.ParentElement; e is not null; e = e.ParentElement)
        {
            if (set.Contains(e))
                return true;
        }
        return false;
    }

    private static bool HiddenWithAncestors(IElement element)
    {
        for (var e = element; e is not null; e = e.ParentElement)
        {
            if (GenericBoilerplate.IsHidden(e, EmptyIds))
                return true;
        }
        return false;
    }

    private static readonly HashSet<string> EmptyIds = [];

    /// <summary>Ids that an <c>aria-controls</c> on the page points at: panels revealed by tabs and accordions.</summary>
    private static HashSet<string> RevealableIds(IHtmlDocument document)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var control in CssSelectors.QueryAll(document, RevealControls))
        {
            foreach (var id in (control.GetAttribute("aria-controls") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                ids.Add(id);
        }
        return ids;
    }

    private static string? TitleOf(IHtmlDocument document, IReadOnlyList<IElement> roots)
    {
        var title = TextNormalizer.NormalizeProse(document.Title ?? string.Empty);
        if (title.Length > 0)
            return title;
        var h1 = roots.Select(r => r.LocalName == "h1" ? r : CssSelectors.QueryFirst(r, Heading)).FirstOrDefault(h => h is not null)
            ?? CssSelectors.QueryFirst(document, Heading);
        var heading = h1 is null ? string.Empty : TextNormalizer.NormalizeProse(h1.TextContent);
        return heading.Length > 0 ? heading : null;
    }
}
