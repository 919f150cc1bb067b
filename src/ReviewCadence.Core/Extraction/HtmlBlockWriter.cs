using System.Text;
using AngleSharp.Css.Dom;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace ReviewCadence.Extraction;

/// <summary>
/// Writes the content regions of one parsed page as block text: one line per heading (<c>#</c> × level), paragraph,
/// list item (<c>- </c>), table row (cells joined with <c> | </c>) and definition (<c>: </c>); code blocks verbatim
/// between fences. Boilerplate is skipped while walking, so the tree is never modified and each node is visited once.
/// Children are read by index: a node's NextSibling searches its parent's child list, so following it is quadratic in a
/// long run of siblings. The walk recurses, but the parser nests elements at most <see cref="HtmlContentExtractor.MaxDepth"/> deep.
/// </summary>
internal sealed class HtmlBlockWriter
{
    private readonly ContentLines _lines = new();
    private readonly StringBuilder _inline = new();
    private readonly ISelector? _exclude;
    private readonly ISelector? _familyBoilerplate;
    private readonly HashSet<string> _revealableIds;
    private readonly bool _rootIsBody;
    private readonly TextCounts _counts;
    private readonly ExtractionDeadline _deadline;

    private IElement? _currentRoot;
    private HashSet<IElement> _protected = [];
    private int _rootLetters;
    private string _quotePrefix = string.Empty;
    private string? _itemPrefix;
    private int _listDepth;
    // Ids met since the last heading: a fragment naming a wrapper or an anchor before a heading leads to that heading.
    // Only the nearest ones are kept: a page of ids without headings must not pile them all onto its next heading.
    private readonly Queue<string> _pendingIds = new();
    private const int MaxPendingIds = 32;

    /// <summary>
    /// Quote marks and list indentation stop growing past this depth: each line repeats its prefix, so unbounded nesting
    /// would make the text grow with depth × lines. Real pages nest lists and quotes a few levels.
    /// </summary>
    internal const int MaxMarkedNesting = 16;

    /// <param name="exclude">The source's <c>exclude</c> selectors, as one list selector.</param>
    /// <param name="familyBoilerplate">The page family's furniture selectors, as one list selector.</param>
    /// <param name="revealableIds">Ids of hidden panels that a control on the page reveals (tabs, accordions).</param>
    /// <param name="rootIsBody">No content region was found: site headers and asides must be recognised too.</param>
    /// <param name="counts">The page's text counts, shared with the other rules.</param>
    /// <param name="deadline">Checked once per element.</param>
    public HtmlBlockWriter(ISelector? exclude, ISelector? familyBoilerplate, HashSet<string> revealableIds, bool rootIsBody,
        TextCounts counts, ExtractionDeadline deadline)
    {
        _counts = counts;
        _deadline = deadline;
        _exclude = exclude;
        _familyBoilerplate = familyBoilerplate;
        _revealableIds = revealableIds;
        _rootIsBody = rootIsBody;
    }

    public ContentLines Lines => _lines;

    /// <summary>Writes one content region. The region itself is never skipped, whatever its own markup says.</summary>
    public void WriteRoot(IElement root)
    {
        _protected = ProtectedAncestors(root);
        _rootLetters = -1;
        _currentRoot = root;
        FlushInline();
        WriteElement(root, isRoot: true);
        FlushInline();
    }

    private void WriteChildren(INode parent)
    {
        var children = parent.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            switch (children[i])
            {
                case IText text:
                    _inline.Append(text.Data);
                    break;
                case IElement element:
                    WriteElement(element);
                    break;
            }
        }
    }

    private void WriteElement(IElement element, bool isRoot = false)
    {
        _deadline.Check();
        if (!isRoot && ShouldSkip(element))
            return;

        var tag = element.LocalName;
        if (element.Id is { Length: > 0 } id)
            AddPendingId(id);
        switch (tag)
        {
            case "br":
                FlushInline();
                return;
            case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                FlushInline();
                var before = _lines.Count;
                EmitProse(new string('#', tag[1] - '0') + " ", CollectInline(element));
                if (_lines.Count > before)
                {
                    // The heading's own id, ids inside it (Mintlify, Docusaurus anchors) and those met before it.
                    foreach (var inner in element.Descendants<IElement>())
                    {
                        if (inner.Id is { Length: > 0 } innerId)
                            AddPendingId(innerId);
                    }
                    _lines.AnchorLastLine(_pendingIds);
                    _pendingIds.Clear();
                }
                return;
            case "pre":
                FlushInline();
                EmitCode(CollectCode(element));
                return;
            case "table":
                FlushInline();
                WriteTable(element);
                return;
            case "li":
                FlushInline();
                _listDepth++;
                _itemPrefix = new string(' ', 2 * (Math.Min(_listDepth, MaxMarkedNesting) - 1)) + "- ";
                WriteChildren(element);
                FlushInline();
                _itemPrefix = null;
                _listDepth--;
                return;
            case "dd":
                FlushInline();
                _itemPrefix = ": ";
                WriteChildren(element);
                FlushInline();
                _itemPrefix = null;
                return;
            case "blockquote":
                FlushInline();
                var outer = _quotePrefix;
                if (_quotePrefix.Length < 2 * MaxMarkedNesting)
                    _quotePrefix += "> ";
                WriteChildren(element);
                FlushInline();
                _quotePrefix = outer;
                return;
        }

        if (IsBlock(tag) || RendersAsParagraph(element))
        {
            FlushInline();
            WriteChildren(element);
            FlushInline();
        }
        else
        {
            WriteChildren(element);
        }
    }

    private void WriteTable(IElement element)
    {
        if (element is not IHtmlTableElement table)
        {
            WriteChildren(element);
            return;
        }
        if (table.Caption is { } caption && !ShouldSkip(caption))
            EmitProse(string.Empty, CollectInline(caption));

        var cells = new List<string>();
        foreach (var row in table.Rows)
        {
            _deadline.Check();
            if (ShouldSkip(row) || (row.ParentElement is { } section && section != element && ShouldSkip(section)))
                continue;
            cells.Clear();
            var any = false;
            foreach (var cell in row.Cells)
            {
                if (ShouldSkip(cell))
                    continue;
                var text = TextNormalizer.NormalizeProse(CollectInline(cell));
                any |= text.Length > 0;
                cells.Add(text);
            }
            if (any)
                EmitProse(string.Empty, string.Join(" | ", cells));
        }
    }

    private void FlushInline()
    {
        if (_inline.Length == 0)
            return;
        var raw = _inline.ToString();
        _inline.Clear();
        EmitProse(string.Empty, raw);
    }

    private void EmitProse(string marks, string raw)
    {
        var prefix = _quotePrefix + (_itemPrefix ?? ListIndent()) + marks;
        if (_lines.AddProse(prefix, raw))
            _itemPrefix = null;
    }

    private void EmitCode(string raw)
    {
        var prefix = _quotePrefix + ListIndent();
        if (_lines.AddCodeBlock(prefix, raw))
            _itemPrefix = null;
    }

    private string ListIndent() => _listDepth == 0 ? string.Empty : new string(' ', 2 * Math.Min(_listDepth, MaxMarkedNesting));

    private void AddPendingId(string id)
    {
        if (_pendingIds.Count == MaxPendingIds)
            _pendingIds.Dequeue();
        _pendingIds.Enqueue(id);
    }

    /// <summary>The text of an element as one line: blocks inside it become spaces (headings, table cells, captions).</summary>
    private string CollectInline(IElement element)
    {
        var sb = new StringBuilder();
        AppendInline(element, sb);
        return sb.ToString();
    }

    private void AppendInline(INode parent, StringBuilder sb)
    {
        var children = parent.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            _deadline.Check();
            switch (children[i])
            {
                case IText text:
                    sb.Append(text.Data);
                    break;
                case IElement element when !ShouldSkip(element):
                    var block = element.LocalName == "br" || IsBlock(element.LocalName);
                    if (block)
                        sb.Append(' ');
                    AppendInline(element, sb);
                    if (block)
                        sb.Append(' ');
                    break;
            }
        }
    }

    /// <summary>The text of a code block with its line structure: <c>br</c> and per-line block elements end lines.</summary>
    private string CollectCode(IElement pre)
    {
        var sb = new StringBuilder();
        AppendCode(pre, sb);
        return sb.ToString();
    }

    private void AppendCode(INode parent, StringBuilder sb)
    {
        var children = parent.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            _deadline.Check();
            switch (children[i])
            {
                case IText text:
                    sb.Append(text.Data);
                    break;
                case IElement element when !ShouldSkip(element):
                    if (element.LocalName == "br")
                    {
                        sb.Append('\n');
                        break;
                    }
                    AppendCode(element, sb);
                    if (IsBlock(element.LocalName) && sb.Length > 0 && sb[^1] != '\n')
                        sb.Append('\n');
                    break;
            }
        }
    }

    private bool ShouldSkip(IElement element)
    {
        if (GenericBoilerplate.IsNonContentTag(element.LocalName))
            return true;
        if (GenericBoilerplate.IsHidden(element, _revealableIds))
            return true;
        if (_exclude is not null && _exclude.Match(element, null))
            return true;
        if (_familyBoilerplate is not null && _familyBoilerplate.Match(element, null))
            return true;
        // The protected set is asked last: hashing every element costs more than the rules it guards.
        return GenericBoilerplate.IsBoilerplate(element, _rootIsBody, _counts) && !_protected.Contains(element) && !HoldsMostOfTheContent(element);
    }

    /// <summary>
    /// A guard for the generic rules: an element holding most of the region's text is the content, however it is named
    /// (a wrapper called "has-sidebar" must not take the page with it). Page-wide landmarks are exempt.
    /// </summary>
    private bool HoldsMostOfTheContent(IElement element)
    {
        if (element.LocalName is "nav" or "footer" or "header" or "aside")
            return false;
        if (_rootLetters < 0)
            _rootLetters = _currentRoot is null ? 0 : _counts.LettersOf(_currentRoot);
        if (_rootLetters < 200)
            return false;
        return _counts.LettersOf(element) * 2 > _rootLetters;
    }

    private static readonly ISelector Heading = CssSelectors.Parse("h1");

    /// <summary>The elements from the region's first <c>h1</c> up to the region: the page's own title block is never furniture.</summary>
    private static HashSet<IElement> ProtectedAncestors(IElement root)
    {
        var set = new HashSet<IElement>();
        var h1 = CssSelectors.QueryFirst(root, Heading);
        for (var e = h1; e is not null && e != root; e = e.ParentElement)
            set.Add(e);
        return set;
    }

    // Mintlify renders MDX paragraphs in some components as <span data-as="p">: still paragraphs.
    private static bool RendersAsParagraph(IElement element) =>
        element.GetAttribute("data-as") is "p" or "div" or "li";

    private static bool IsBlock(string tag) => tag switch
    {
        "address" or "article" or "aside" or "blockquote" or "body" or "center" or "dd" or "details" or "dir" or "div"
            or "dl" or "dt" or "fieldset" or "figcaption" or "figure" or "footer" or "form" or "h1" or "h2" or "h3" or "h4"
            or "h5" or "h6" or "header" or "hgroup" or "hr" or "legend" or "li" or "main" or "menu" or "nav" or "ol" or "p"
            or "pre" or "section" or "summary" or "table" or "caption" or "tbody" or "thead" or "tfoot" or "tr" or "td"
            or "th" or "ul" or "html" or "search" => true,
        _ => false,
    };
}
