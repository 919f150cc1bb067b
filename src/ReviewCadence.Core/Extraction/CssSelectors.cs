using System.Collections.Concurrent;
using AngleSharp.Css.Dom;
using AngleSharp.Css.Parser;
using AngleSharp.Dom;

namespace ReviewCadence.Extraction;

/// <summary>CSS selectors as the catalog's <c>select</c> and <c>exclude</c> take them: validated once, parsed once.</summary>
internal static class CssSelectors
{
    private static readonly CssSelectorParser Parser = new();
    private static readonly ConcurrentDictionary<string, ISelector> Cache = new(StringComparer.Ordinal);
    private const int CacheLimit = 10_000;

    /// <summary>True when <paramref name="selector"/> is a selector list this extractor understands; otherwise a plain reason.</summary>
    public static bool TryValidate(string selector, out string? error)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            error = "the CSS selector is empty";
            return false;
        }
        if (TryParse(selector) is null)
        {
            error = $"'{selector}' is not a valid CSS selector";
            return false;
        }
        error = null;
        return true;
    }

    /// <summary>The parsed selector; throws <see cref="ArgumentException"/> naming the selector when it is not valid.</summary>
    internal static ISelector Parse(string selector) =>
        TryParse(selector) ?? throw new ArgumentException($"'{selector}' is not a valid CSS selector.", nameof(selector));

    /// <summary>Several selectors as one list selector (one match test per element instead of one per selector).</summary>
    internal static ISelector ParseList(IReadOnlyList<string> selectors) => Parse(string.Join(", ", selectors));

    /// <summary>
    /// Every element below <paramref name="parent"/> that <paramref name="selector"/> matches, in page order: what
    /// <c>QuerySelectorAll(string)</c> returns (same traversal, same scope), without parsing the selector again.
    /// </summary>
    internal static List<IElement> QueryAll(INode parent, ISelector selector)
    {
        var result = new List<IElement>();
        parent.ChildNodes.QuerySelectorAll(selector, ScopeOf(parent), result);
        return result;
    }

    /// <summary>The first element below <paramref name="parent"/> that <paramref name="selector"/> matches: what <c>QuerySelector(string)</c> returns.</summary>
    internal static IElement? QueryFirst(INode parent, ISelector selector) =>
        selector.MatchAny(parent.ChildNodes.OfType<IElement>(), ScopeOf(parent));

    /// <summary>The element itself or its nearest ancestor that <paramref name="selector"/> matches: what <c>Closest(string)</c> returns.</summary>
    internal static IElement? Closest(IElement element, ISelector selector)
    {
        for (IElement? e = element; e is not null; e = e.ParentElement)
        {
            if (selector.Match(e, e))
                return e;
        }
        return null;
    }

    // The scope AngleSharp gives a string query on this node (it only matters to :scope).
    private static IElement? ScopeOf(INode node) =>
        node as IElement ?? (node as IDocument)?.DocumentElement ?? (node as IShadowRoot)?.Host;

    private static ISelector? TryParse(string selector)
    {
        if (Cache.TryGetValue(selector, out var cached))
            return cached;
        ISelector? parsed;
        lock (Parser)
        {
            parsed = Parser.ParseSelector(selector);
        }
        if (parsed is not null && Cache.Count < CacheLimit)
            Cache.TryAdd(selector, parsed);
        return parsed;
    }
}
