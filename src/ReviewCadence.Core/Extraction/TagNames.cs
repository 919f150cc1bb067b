using System.Collections.Frozen;

namespace ReviewCadence.Extraction;

/// <summary>What the HTML tree builder does with a tag name, as far as <see cref="OpenElementLimit"/> needs to know.</summary>
internal static class TagNames
{
    // Names are looked up by span, so a known tag costs no allocation; unknown ones are lower-cased once per tag.
    private static readonly FrozenSet<string> Known = new[]
    {
        "a", "abbr", "address", "applet", "area", "article", "aside", "audio", "b", "base", "basefont", "bdi", "bdo",
        "bgsound", "big", "blockquote", "body", "br", "button", "canvas", "caption", "center", "cite", "code", "col",
        "colgroup", "data", "dd", "del", "details", "dfn", "dialog", "dir", "div", "dl", "dt", "em", "embed", "fieldset",
        "figcaption", "figure", "font", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head",
        "header", "hgroup", "hr", "html", "i", "iframe", "image", "img", "input", "ins", "kbd", "keygen", "label", "legend",
        "li", "link", "listing", "main", "map", "mark", "marquee", "math", "menu", "meta", "meter", "nav", "nobr",
        "noembed", "noframes", "noscript", "object", "ol", "optgroup", "option", "output", "p", "param", "picture",
        "plaintext", "pre", "progress", "q", "rb", "rp", "rt", "rtc", "ruby", "s", "samp", "script", "search", "section",
        "select", "slot", "small", "source", "span", "strike", "strong", "style", "sub", "summary", "sup", "svg", "table",
        "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time", "title", "tr", "track", "tt", "u", "ul",
        "var", "video", "wbr", "xmp",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    // Every known name's traits worked out once: the limit asks several of them of every tag of a page.
    private static readonly FrozenDictionary<string, (string Name, TagTraits Traits)> KnownTraits =
        Known.ToFrozenDictionary(name => name, name => (name, TraitsOf(name)), StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, (string Name, TagTraits Traits)>.AlternateLookup<ReadOnlySpan<char>> KnownLookup =
        KnownTraits.GetAlternateLookup<ReadOnlySpan<char>>();

    // Names are almost always written in lower case: compared ordinally first, which is cheaper than ignoring case.
    private static readonly FrozenDictionary<string, (string Name, TagTraits Traits)>.AlternateLookup<ReadOnlySpan<char>> LowerCaseLookup =
        KnownTraits.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The tag's name in lower case, and what the tree builder does with it.</summary>
    public static (string Name, TagTraits Traits) Of(ReadOnlySpan<char> name)
    {
        if (LowerCaseLookup.TryGetValue(name, out var known) || KnownLookup.TryGetValue(name, out known))
            return known;
        var lower = name.ToString().ToLowerInvariant();
        return (lower, TraitsOf(lower));
    }

    /// <summary>The traits of a name, from the predicates below (which stay the one statement of each rule).</summary>
    public static TagTraits TraitsOf(string name) =>
        (IsRawText(name) ? TagTraits.RawText : 0)
        | (IsVoid(name) ? TagTraits.Void : 0)
        | (IsDocumentLevel(name) ? TagTraits.DocumentLevel : 0)
        | (IsFormatting(name) ? TagTraits.Formatting : 0)
        | (IsScopeBoundary(name) ? TagTraits.ScopeBoundary : 0)
        | (IsSpecial(name) ? TagTraits.Special : 0)
        | (ClosesParagraph(name) ? TagTraits.ClosesParagraph : 0)
        | (StopsListItems(name) ? TagTraits.StopsListItems : 0)
        | (IsHeading(name) ? TagTraits.Heading : 0)
        | (IsFormattingMarker(name) ? TagTraits.FormattingMarker : 0)
        | (name is "svg" or "math" ? TagTraits.ForeignRoot : 0);

    /// <summary>Elements that start a new list of formatting elements to reopen: cells, captions, objects, templates.</summary>
    public static bool IsFormattingMarker(string name) => name is "td" or "th" or "caption" or "object" or "applet" or "marquee" or "template";

    /// <summary>Elements read as raw text to their end tag: no tags inside them.</summary>
    public static bool IsRawText(string name) =>
        name is "script" or "style" or "textarea" or "title" or "xmp" or "iframe" or "noembed" or "noframes" or "plaintext";

    /// <summary>Elements without content: never on the stack of open elements.</summary>
    public static bool IsVoid(string name) => name is "area" or "base" or "basefont" or "bgsound" or "br" or "col" or "embed"
        or "frame" or "hr" or "image" or "img" or "input" or "keygen" or "link" or "meta" or "param" or "source" or "track" or "wbr";

    /// <summary>Tags the tree builder merges into the one document element, body or head: they never nest.</summary>
    public static bool IsDocumentLevel(string name) => name is "html" or "head" or "body" or "frameset";

    /// <summary>The formatting elements: the tree builder reopens them after a misnested end tag closes them.</summary>
    public static bool IsFormatting(string name) => name is "a" or "b" or "big" or "code" or "em" or "font" or "i" or "nobr"
        or "s" or "small" or "strike" or "strong" or "tt" or "u";

    /// <summary>
    /// Where an end tag's search for its element stops (the tree builder's default scope, with <c>button</c> and the
    /// foreign roots): an element below one of these is out of reach.
    /// </summary>
    public static bool IsScopeBoundary(string name) => name is "applet" or "caption" or "html" or "table" or "td" or "th"
        or "marquee" or "object" or "template" or "button" or "svg" or "math" or "select";

    /// <summary>The tree builder's "special" elements (blocks, mostly): a misnested formatting end tag never reaches past one.</summary>
    public static bool IsSpecial(string name) => name is "applet" or "article" or "aside" or "blockquote" or "button"
        or "caption" or "center" or "colgroup" or "details" or "dialog" or "dir" or "dl" or "fieldset" or "figcaption" or "figure"
        or "footer" or "form" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "header" or "hgroup" or "listing" or "main"
        or "marquee" or "menu" or "nav" or "object" or "ol" or "pre" or "search" or "section" or "select" or "summary"
        or "table" or "tbody" or "td" or "template" or "tfoot" or "th" or "thead" or "tr" or "ul" or "svg" or "math"
        or "div" or "address" or "p" or "li" or "dd" or "dt";

    /// <summary>Start tags that close an open <c>p</c> (in button scope) before they open.</summary>
    public static bool ClosesParagraph(string name) => name is "address" or "article" or "aside" or "blockquote" or "center"
        or "details" or "dialog" or "dir" or "div" or "dl" or "fieldset" or "figcaption" or "figure" or "footer" or "header"
        or "hgroup" or "main" or "menu" or "nav" or "ol" or "p" or "search" or "section" or "summary" or "ul" or "h1" or "h2"
        or "h3" or "h4" or "h5" or "h6" or "pre" or "listing" or "form" or "table" or "xmp" or "li" or "dd" or "dt" or "hr"
        or "plaintext";

    /// <summary>The special elements a list item start tag stops at (all but <c>address</c>, <c>div</c>, <c>p</c> and the items).</summary>
    public static bool StopsListItems(string name) => IsSpecial(name) && name is not ("address" or "div" or "p" or "li" or "dd" or "dt");

    public static bool IsHeading(string name) => name is "h1" or "h2" or "h3" or "h4" or "h5" or "h6";
}

/// <summary>What the tree builder does with a tag, as flags (see the predicates of <see cref="TagNames"/>).</summary>
[Flags]
internal enum TagTraits
{
    RawText = 1 << 0,
    Void = 1 << 1,
    DocumentLevel = 1 << 2,
    Formatting = 1 << 3,
    ScopeBoundary = 1 << 4,
    Special = 1 << 5,
    ClosesParagraph = 1 << 6,
    StopsListItems = 1 << 7,
    Heading = 1 << 8,
    FormattingMarker = 1 << 9,
    ForeignRoot = 1 << 10,
}
