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

    /// <summary>
    /// Elements nest at most this deep: the parser puts deeper ones beside their would-be parent (as browsers do), so
    /// every walk of the tree is shallow enough to recurse and every walk up to an ancestor is short.
    /// </summary>
    internal const int MaxDepth = 512;

    /// <summary>
    /// A page with more elements than this is not read: it could not be real content (the size cap allows ~1.6 million
    /// <c>&lt;p&gt;</c>), and its tree alone would take hundreds of MB.
    /// </summary>
    internal const int MaxElements = 1_000_000;

    // The parser is shared and its options are fixed, so the callback that counts elements finds this call's deadline
    // here: parsing runs synchronously on the calling thread.
    [ThreadStatic] private static ParseWatch? t_parsing;

    private sealed class ParseWatch(ExtractionDeadline deadline)
    {
        public int Elements;
        public ExtractionDeadline Deadline { get; } = deadline;
    }

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
            MaximumDepth = MaxDepth,
            OnCreated = (_, _) => OnElementCreated(),
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

    public Result Extract(string html, ExtractionRules rules, ExtractionDeadline deadline)
    {
        var exclude = rules.Exclude.Count == 0 ? null : CssSelectors.ParseList(rules.Exclude);
        // Each selector on its own first, so an invalid one is named in the error.
        foreach (var selector in rules.Select)
            CssSelectors.Parse(selector);
        var select = rules.Select.Count == 0 ? null : CssSelectors.ParseList(rules.Select);

        // Not disposed: the document holds only memory, and disposing it detaches the whole tree, a walk of every node
        // that buys nothing the garbage collector does not do anyway.
        var document = Parse(html, deadline);
        var family = _families.FirstOrDefault(f => f.Rule.Matches(document));
        deadline.CheckClock();
        var revealable = RevealableIds(document);
        var counts = new TextCounts(deadline);
        var (roots, rootIsBody) = select is not null
            ? (TopLevel(document, CssSelectors.QueryAll(document, select), dropHidden: false, deadline), false)
            : FindMainContent(document, family, revealable, counts, deadline);
        deadline.CheckClock();

        var writer = new HtmlBlockWriter(exclude, family?.Boilerplate, revealable, rootIsBody, counts, deadline);
        foreach (var root in roots)
            writer.WriteRoot(root);
        var text = writer.Lines.Finish(rules.Ignore, dropBoilerplateLines: true, deadline);
        return new Result(text, TitleOf(document, roots), NothingSelected: select is not null && roots.Count == 0, writer.Lines.FinishedAnchors,
            LoadsScripts: document.Scripts.Any());
    }

    private IHtmlDocument Parse(string html, ExtractionDeadline deadline)
    {
        var watch = new ParseWatch(deadline);
        t_parsing = watch;
        try
        {
            var document = _parser.ParseDocument(OpenElementLimit.Apply(html, deadline));
            deadline.CheckClock();
            return document;
        }
        finally
        {
            t_parsing = null;
        }
    }

    private static void OnElementCreated()
    {
        if (t_parsing is not { } watch)
            return;
        watch.Deadline.Check();
        if (++watch.Elements > MaxElements)
            throw new PageTooComplexException($"the page has more than {MaxElements:N0} elements; it is not read");
    }

    /// <summary>
    /// The family's content selectors, then <c>main</c> (or the <c>article</c> it wraps), then <c>article</c>, else the
    /// body's block that scores as its main text (<see cref="ContentScoring"/>), else the whole body.
    /// </summary>
    private static (IReadOnlyList<IElement> Roots, bool RootIsBody) FindMainContent(
        IHtmlDocument document, CompiledFamily? family, HashSet<string> revealable, TextCounts counts, ExtractionDeadline deadline)
    {
        if (family is not null)
        {
            foreach (var selector in family.Content)
            {
                var roots = TopLevel(document, CssSelectors.QueryAll(document, selector), dropHidden: true, deadline);
                if (roots.Count > 0)
                    return (roots, false);
            }
        }
        foreach (var selector in Landmarks)
        {
            var roots = TopLevel(document, CssSelectors.QueryAll(document, selector), dropHidden: true, deadline);
            if (roots.Count > 0)
                return (selector == Landmarks[0] ? ArticlesIn(roots, counts, deadline) : roots, false);
        }
        if (document.Body is not { } body)
            return ([], true);
        // Still "no landmark": headers and asides inside the chosen block are recognised as furniture too.
        return (ContentScoring.FindContentBlock(body, revealable, counts, deadline) is { } block ? [block] : [body], true);
    }

    /// <summary>
    /// The articles a <c>main</c> wraps, when they hold most of its text: what sits beside them in <c>main</c> is the
    /// template's (a mobile-only header repeating the title, a "back to top" bar), and a redesign may drop it while the
    /// article stays the same. A <c>main</c> whose articles are only teasers or cards keeps its whole text.
    /// </summary>
    private static IReadOnlyList<IElement> ArticlesIn(IReadOnlyList<IElement> mains, TextCounts counts, ExtractionDeadline deadline)
    {
        var result = new List<IElement>();
        foreach (var main in mains)
        {
            var articles = TopLevel(main, CssSelectors.QueryAll(main, Article), dropHidden: true, deadline);
            if (articles.Count == 0)
            {
                result.Add(main);
                continue;
            }
            var inArticles = articles.Sum(counts.LettersOf);
            if (inArticles * 10 >= counts.LettersOf(main) * MainShareOfArticles)
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
    /// <c>select</c> asked for them. A few matches are each checked on their way up to <paramref name="scope"/>; with
    /// many, the tree below it is walked once, skipping what lies under a match or a hidden element, instead of walking
    /// up from every match.
    /// </summary>
    private static List<IElement> TopLevel(INode scope, List<IElement> matches, bool dropHidden, ExtractionDeadline deadline)
    {
        if (matches.Count <= 1)
            return matches.Where(e => !dropHidden || !HiddenWithAncestors(e)).ToList();
        var wanted = new HashSet<IElement>(matches, ReferenceEqualityComparer.Instance);
        var result = matches.Count <= MatchesCheckedUpward
            ? TopLevelUpward(scope, matches, wanted, dropHidden, deadline)
            : TopLevelDownward(scope, wanted, dropHidden, deadline);
        // A hidden ancestor above the scope hides every match.
        return dropHidden && scope is IElement outer && HiddenWithAncestors(outer) ? [] : result;
    }

    /// <summary>Up to this many matches, each walks up to the scope (a page's landmarks, a family's regions): no walk of the whole tree.</summary>
    private const int MatchesCheckedUpward = 16;

    private static List<IElement> TopLevelUpward(INode scope, List<IElement> matches, HashSet<IElement> wanted, bool dropHidden, ExtractionDeadline deadline)
    {
        var result = new List<IElement>();
        foreach (var match in matches)
        {
            deadline.Check();
            var topLevel = true;
            for (var e = match; e is not null && e != scope && topLevel; e = e.ParentElement)
                topLevel = !(dropHidden && GenericBoilerplate.IsHidden(e, EmptyIds)) && (e == match || !wanted.Contains(e));
            if (topLevel)
                result.Add(match);
        }
        return result;
    }

    private static List<IElement> TopLevelDownward(INode scope, HashSet<IElement> wanted, bool dropHidden, ExtractionDeadline deadline)
    {
        var result = new List<IElement>();
        // Children pushed last to first, so they come off the stack in page order.
        var stack = new Stack<INode>();
        PushChildren(stack, scope);
        while (stack.Count > 0)
        {
            deadline.Check();
            if (stack.Pop() is not IElement element)
                continue;
            if (dropHidden && GenericBoilerplate.IsHidden(element, EmptyIds))
                continue;
            if (wanted.Contains(element))
            {
                result.Add(element);
                continue;
            }
            PushChildren(stack, element);
        }
        return result;
    }

    private static void PushChildren(Stack<INode> stack, INode parent)
    {
        var children = parent.ChildNodes;
        for (var i = children.Length - 1; i >= 0; i--)
        {
            if (children[i] is IElement)
                stack.Push(children[i]);
        }
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
