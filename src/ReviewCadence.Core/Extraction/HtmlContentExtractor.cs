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

    private sealed record CompiledFamily(IPageFamilyRule Rule, ISelector Boilerplate);

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
        _families = families.Select(f => new CompiledFamily(f, CssSelectors.ParseList(f.BoilerplateSelectors))).ToList();
    }

    /// <param name="Text">The normalised block text.</param>
    /// <param name="Title">The page title, or its first <c>h1</c>.</param>
    /// <param name="Family">The page family whose rules applied, if any.</param>
    /// <param name="NothingSelected">True when <see cref="ExtractionRules.Select"/> was given and matched no element.</param>
    public sealed record Result(string Text, string? Title, string? Family, bool NothingSelected = false);

    public Result Extract(string html, ExtractionRules rules)
    {
        var exclude = rules.Exclude.Count == 0 ? null : CssSelectors.ParseList(rules.Exclude);
        foreach (var selector in rules.Select)
            CssSelectors.Parse(selector);
        var select = rules.Select.Count == 0 ? null : string.Join(", ", rules.Select);

        var document = _parser.ParseDocument(html);
        var family = _families.FirstOrDefault(f => f.Rule.Matches(document));
        var (roots, rootIsBody) = select is not null
            ? (TopLevel(document.QuerySelectorAll(select), dropHidden: false), false)
            : FindMainContent(document, family?.Rule);

        var writer = new HtmlBlockWriter(exclude, family?.Boilerplate, RevealableIds(document), rootIsBody);
        foreach (var root in roots)
            writer.WriteRoot(root);
        var text = writer.Lines.Finish(rules.Ignore, dropBoilerplateLines: true);
        return new Result(text, TitleOf(document, roots), family?.Rule.Name, NothingSelected: select is not null && roots.Count == 0);
    }

    /// <summary>The family's content selectors, then <c>main</c>, then <c>article</c>, else the whole body.</summary>
    private static (IReadOnlyList<IElement> Roots, bool RootIsBody) FindMainContent(IHtmlDocument document, IPageFamilyRule? family)
    {
        if (family is not null)
        {
            foreach (var selector in family.ContentSelectors)
            {
                var roots = TopLevel(document.QuerySelectorAll(selector), dropHidden: true);
                if (roots.Count > 0)
                    return (roots, false);
            }
        }
        foreach (var selector in (ReadOnlySpan<string>)["main, [role='main']", "article"])
        {
            var roots = TopLevel(document.QuerySelectorAll(selector), dropHidden: true);
            if (roots.Count > 0)
                return (roots, false);
        }
        return document.Body is { } body ? ([body], true) : ([], true);
    }

    /// <summary>
    /// Matches that are not inside another match, in page order; hidden ones left out unless the source's own
    /// <c>select</c> asked for them.
    /// </summary>
    private static List<IElement> TopLevel(IHtmlCollection<IElement> matches, bool dropHidden)
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
        foreach (var control in document.QuerySelectorAll("[aria-controls]"))
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
        var h1 = roots.Select(r => r.LocalName == "h1" ? r : r.QuerySelector("h1")).FirstOrDefault(h => h is not null)
            ?? document.QuerySelector("h1");
        var heading = h1 is null ? string.Empty : TextNormalizer.NormalizeProse(h1.TextContent);
        return heading.Length > 0 ? heading : null;
    }
}
