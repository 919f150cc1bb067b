using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace ReviewCadence.Extraction;

/// <summary>
/// Finds the block that holds a page's main text when nothing marks it (no <c>main</c>, <c>article</c> or known page
/// family), the way readability-style extractors do: every paragraph scores its parent and, less, its further
/// ancestors by its length and commas; a block's score is then weighed by its class/id hints and cut by its link
/// density; the content block is the smallest one holding every strong candidate. Judged on the page alone, so a
/// page's fingerprint never depends on other pages.
/// </summary>
internal static partial class ContentScoring
{
    /// <summary>Paragraphs shorter than this (letters and digits) carry no score: captions, labels, stray links.</summary>
    private const int MinParagraphLetters = 25;

    /// <summary>Candidates scoring at least this share of the best one are part of the content.</summary>
    private const double StrongShare = 0.5;

    /// <summary>The content block must hold at least this share of the page's countable text, else the body is kept.</summary>
    private const double MinShareOfPage = 0.34;

    /// <summary>Deeper than this the walk stops counting: real pages are far shallower, and the walk stays bounded.</summary>
    private const int MaxDepth = 256;

    private sealed class Stats
    {
        public int Letters;
        public int LinkLetters;
        public int Commas;
        public double Score;
        public bool Scored;
    }

    /// <summary>The block of <paramref name="body"/> holding the main text, or null when the body itself is the best answer.</summary>
    public static IElement? FindContentBlock(IElement body, ISet<string> revealableIds, TextCounts counts, ExtractionDeadline deadline)
    {
        var stats = new Dictionary<IElement, Stats>();
        var paragraphs = new List<IElement>();
        var walk = new WalkContext(stats, paragraphs, revealableIds, counts, deadline);
        var (pageLetters, _, _) = Walk(body, walk, inLink: false, depth: 0);
        if (pageLetters == 0 || paragraphs.Count == 0)
            return null;

        foreach (var paragraph in paragraphs)
        {
            deadline.Check();
            var own = stats[paragraph];
            var score = 1 + own.Commas + Math.Min(own.Letters / 100.0, 3);
            var level = 0;
            for (var ancestor = paragraph.ParentElement; ancestor is not null && level < 5; ancestor = ancestor.ParentElement, level++)
            {
                if (!stats.TryGetValue(ancestor, out var candidate))
                    break;
                if (!candidate.Scored)
                {
                    candidate.Scored = true;
                    candidate.Score = InitialScore(ancestor);
                }
                candidate.Score += score / (level == 0 ? 1 : level == 1 ? 2 : level * 3);
                if (ancestor == body)
                    break;
            }
        }

        IElement? top = null;
        var best = double.MinValue;
        var finals = new List<(IElement Element, double Score)>();
        foreach (var (element, s) in stats)
        {
            deadline.Check();
            if (!s.Scored || s.Letters == 0)
                continue;
            var final = s.Score * (1 - (double)s.LinkLetters / s.Letters);
            finals.Add((element, final));
            if (final > best)
            {
                best = final;
                top = element;
            }
        }
        if (top is null || best <= 0)
            return null;

        // The smallest block holding every strong candidate beside the best one: content split over sibling sections
        // stays whole. The best one's own ancestors do not count: their score is its paragraphs' again, diluted, plus
        // whatever their class names promise.
        var content = top;
        foreach (var (element, score) in finals)
        {
            deadline.Check();
            if (content == body)
                break;
            if (score >= best * StrongShare && !content.Contains(element) && !element.Contains(top))
                content = CommonAncestor(content, element) ?? body;
        }
        if (content == body || stats[content].Letters < pageLetters * MinShareOfPage)
            return null;
        return content;
    }

    private sealed record WalkContext(
        Dictionary<IElement, Stats> Stats, List<IElement> Paragraphs, ISet<string> RevealableIds, TextCounts Counts, ExtractionDeadline Deadline);

    /// <summary>
    /// Counts letters, linked letters and commas per element, leaving out what is never content. Recursive, but never
    /// deeper than <see cref="MaxDepth"/>; children are read by index (a node's NextSibling searches its parent's list).
    /// </summary>
    private static (int Letters, int LinkLetters, int Commas) Walk(IElement element, WalkContext walk, bool inLink, int depth)
    {
        walk.Deadline.Check();
        var letters = 0;
        var linkLetters = 0;
        var commas = 0;
        var hasBlockChild = false;
        inLink |= element.LocalName == "a";
        if (depth < MaxDepth)
        {
            var children = element.ChildNodes;
            for (var i = 0; i < children.Length; i++)
            {
                switch (children[i])
                {
                    case IText text:
                        var n = TextNormalizer.CountLettersAndDigits(text.Data);
                        letters += n;
                        if (inLink)
                            linkLetters += n;
                        commas += text.Data.AsSpan().Count(',');
                        break;
                    case IElement e:
                        if (GenericBoilerplate.IsNonContentTag(e.LocalName) || GenericBoilerplate.IsHidden(e, walk.RevealableIds)
                            || GenericBoilerplate.IsBoilerplate(e, rootIsBody: true, walk.Counts))
                            break;
                        hasBlockChild |= IsBlockContainer(e.LocalName) || e.LocalName is "p" or "pre" or "table" or "ul" or "ol" or "dl";
                        var (l, ll, c) = Walk(e, walk, inLink, depth + 1);
                        letters += l;
                        linkLetters += ll;
                        commas += c;
                        break;
                }
            }
        }

        var tag = element.LocalName;
        var isParagraph = tag is "p" or "pre" or "td" or "blockquote" or "dd" or "li"
            || (tag is "div" or "section" && !hasBlockChild);
        if (isParagraph || IsBlockContainer(tag))
            walk.Stats[element] = new Stats { Letters = letters, LinkLetters = linkLetters, Commas = commas };
        if (isParagraph && letters >= MinParagraphLetters && linkLetters * 2 < letters)
            walk.Paragraphs.Add(element);
        return (letters, linkLetters, commas);
    }

    private static bool IsBlockContainer(string tag) => tag is "div" or "section" or "article" or "main" or "body" or "td" or "blockquote" or "center" or "form";

    private static double InitialScore(IElement element)
    {
        var score = element.LocalName switch
        {
            "div" or "article" or "main" or "section" => 5,
            "pre" or "td" or "blockquote" => 3,
            "address" or "ol" or "ul" or "dl" or "dd" or "dt" or "li" or "form" => -3,
            _ => 0,
        };
        var hints = $"{element.GetAttribute("class")} {element.Id}";
        if (hints.Length > 1)
        {
            if (NegativeHint().IsMatch(hints))
                score -= 25;
            if (PositiveHint().IsMatch(hints))
                score += 25;
        }
        return score;
    }

    private static IElement? CommonAncestor(IElement a, IElement b)
    {
        for (var e = a.ParentElement; e is not null; e = e.ParentElement)
        {
            if (e.Contains(b))
                return e;
        }
        return null;
    }

    // Class and id words that say "this is the text" or "this is furniture" (after Mozilla Readability's lists).
    [GeneratedRegex(@"(?:^|[\s_-])(?:article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|prose|markdown)(?:$|[\s_-])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PositiveHint();

    // Short words only as whole words ("tool" is not "toolkit"); long, unambiguous ones anywhere ("sphinxsidebar").
    [GeneratedRegex(@"(?:^|[\s_-])(?:banner|combx|contact|foot|footnotes?|gdpr|media|meta|promo|related|scroll|share|tags|tool|widget|nav|navigation|menu|header|toc|legal)(?:$|[\s_-])|sidebar|footer|comment|masthead|sponsor|skyscraper|shopping|breadcrumb|copyright",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NegativeHint();
}
