using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace ReviewCadence.Import;

/// <summary>
/// A document as lines of Markdown-like text, whatever its format: headings start with <c>#</c>,
/// list items with <c>- </c>, table rows are <c>| cell | cell |</c>, links are <c>[text](url)</c>.
/// Every rule after this step reads lines and need not know the format.
/// </summary>
internal sealed record RunbookLayout(IReadOnlyList<string> Lines, string? Title)
{
    public static RunbookLayout Read(string text, DocumentFormat format) =>
        format == DocumentFormat.Html ? HtmlLayout.Read(text) : TextLayout.Read(text);
}

/// <summary>Plain text and Markdown: the lines as written; the title from front matter or the first top-level heading.</summary>
internal static partial class TextLayout
{
    [GeneratedRegex(@"^\s{0,3}#\s+(?<title>.+?)(?:\s+#+)?\s*$")]
    private static partial Regex AtxTitle();

    [GeneratedRegex(@"^\s{0,3}=+\s*$")]
    private static partial Regex SetextUnderline();

    [GeneratedRegex(@"^\s*(?:\*\*|__)?title(?:\*\*|__)?\s*:\s*(?<title>\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex TitleField();

    public static RunbookLayout Read(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        return new RunbookLayout(lines, FindTitle(lines));
    }

    /// <summary>
    /// Front matter <c>title:</c>, else the first of: a <c># </c> heading, a heading underlined
    /// with <c>===</c>, a <c>Title:</c> line. A bare short first line is not taken: in the sample
    /// runbooks it is "Last reviewed: …" or "Direct answer", a section heading, and a wrong title
    /// is worse than the file name, which at least says which document it was.
    /// </summary>
    private static string? FindTitle(string[] lines)
    {
        var start = 0;
        if (lines.Length > 0 && lines[0].TrimEnd() == "---")
        {
            var end = Array.FindIndex(lines, 1, l => l.TrimEnd() is "---" or "...");
            if (end > 0)
            {
                for (var i = 1; i < end; i++)
                {
                    var field = TitleField().Match(lines[i]);
                    if (field.Success)
                        return MarkdownInline.ToPlain(field.Groups["title"].Value.Trim().Trim('"', '\''));
                }
                start = end + 1;
            }
        }

        for (var i = start; i < lines.Length; i++)
        {
            var atx = AtxTitle().Match(lines[i]);
            if (atx.Success)
                return MarkdownInline.ToPlain(atx.Groups["title"].Value);
            if (i + 1 < lines.Length && lines[i].Trim().Length > 0 && SetextUnderline().IsMatch(lines[i + 1]))
                return MarkdownInline.ToPlain(lines[i]);
            var field = TitleField().Match(lines[i]);
            if (field.Success)
                return MarkdownInline.ToPlain(field.Groups["title"].Value);
        }
        return null;
    }
}

/// <summary>Markdown inline markup reduced to its text, for titles and names.</summary>
internal static partial class MarkdownInline
{
    [GeneratedRegex(@"!?\[(?<text>[^\[\]]*)\]\([^)]*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"\*\*|__|`|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    public static string ToPlain(string markdown)
    {
        var text = Link().Replace(markdown, m => m.Groups["text"].Value);
        text = Emphasis().Replace(text, "");
        return CollapseWhitespace(text);
    }

    public static string CollapseWhitespace(string text) => Whitespace().Replace(text, " ").Trim();
}

/// <summary>HTML (parsed with AngleSharp) rendered to Markdown-like lines: one per block, one per table row.</summary>
internal static class HtmlLayout
{
    private static readonly HashSet<string> Skipped = ["script", "style", "noscript", "template", "nav", "svg", "head", "iframe", "object"];

    private static readonly HashSet<string> Blocks =
    [
        "p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote", "ul", "ol", "dl",
        "dt", "dd", "table", "thead", "tbody", "tfoot", "caption", "figure", "figcaption", "form", "fieldset",
        "address", "details", "summary", "hr", "body", "html",
    ];

    public static RunbookLayout Read(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var renderer = new Renderer();
        if (document.Body is not null)
            renderer.Block(document.Body);
        return new RunbookLayout(renderer.Lines, FindTitle(document));
    }

    /// <summary>The first <c>&lt;h1&gt;</c>, else <c>&lt;title&gt;</c>: the heading is the document's own name, the title often carries a site suffix.</summary>
    private static string? FindTitle(IDocument document)
    {
        var heading = document.QuerySelector("h1");
        var text = heading is not null ? MarkdownInline.CollapseWhitespace(heading.TextContent) : "";
        if (text.Length == 0)
            text = MarkdownInline.CollapseWhitespace(document.Title ?? "");
        return text.Length > 0 ? text : null;
    }

    private sealed class Renderer
    {
        private readonly StringBuilder _current = new();
        public List<string> Lines { get; } = [];

        public void Block(INode node)
        {
            Flush();
            foreach (var child in node.ChildNodes)
                Node(child, _current, inline: false);
            Flush();
        }

        private void Flush()
        {
            var line = MarkdownInline.CollapseWhitespace(_current.ToString());
            if (line.Length > 0)
                Lines.Add(line);
            _current.Clear();
        }

        /// <param name="inline">Inside a table cell: blocks become spaces, the row stays one line.</param>
        /// <param name="node">The node to render.</param>
        /// <param name="into">Where its text goes.</param>
        private void Node(INode node, StringBuilder into, bool inline)
        {
            if (node is IText text)
            {
                into.Append(text.Data);
                return;
            }
            if (node is not IElement element)
                return;

            var name = element.LocalName;
            if (Skipped.Contains(name))
                return;

            switch (name)
            {
                case "a":
                    Anchor(element, into, inline);
                    return;
                case "br":
                    if (inline)
                        into.Append(' ');
                    else
                        Flush();
                    return;
                case "tr" when !inline:
                    Flush();
                    var cells = element.Children.Where(c => c.LocalName is "td" or "th")
                        .Select(c => Inline(c).Replace("|", "/", StringComparison.Ordinal));
                    Lines.Add("| " + string.Join(" | ", cells) + " |");
                    return;
                case "pre" when !inline:
                    Flush();
                    Lines.AddRange(element.TextContent.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0));
                    return;
                case "li" when !inline:
                    Flush();
                    _current.Append("- ");
                    Children(element, _current, inline);
                    Flush();
                    return;
                case ['h', >= '1' and <= '6'] when !inline:
                    Flush();
                    _current.Append('#', name[1] - '0').Append(' ');
                    Children(element, _current, inline);
                    Flush();
                    return;
            }

            if (Blocks.Contains(name) || name is "li" or "tr" or "pre" || name is ['h', >= '1' and <= '6'])
            {
                if (inline)
                {
                    into.Append(' ');
                    Children(element, into, inline);
                    into.Append(' ');
                }
                else
                {
                    Block(element);
                }
                return;
            }

            Children(element, into, inline);
        }

        private void Children(IElement element, StringBuilder into, bool inline)
        {
            foreach (var child in element.ChildNodes)
                Node(child, into, inline);
        }

        private string Inline(IElement cell)
        {
            var builder = new StringBuilder();
            Children(cell, builder, inline: true);
            return MarkdownInline.CollapseWhitespace(builder.ToString());
        }

        /// <summary>A link becomes <c>[text](href)</c> so its URL is cited and its text can title a new source.</summary>
        private void Anchor(IElement anchor, StringBuilder into, bool inline)
        {
            var href = (anchor.GetAttribute("href") ?? "").Trim().Replace(" ", "%20", StringComparison.Ordinal);
            var builder = new StringBuilder();
            Children(anchor, builder, inline: true);
            var text = MarkdownInline.CollapseWhitespace(builder.ToString());
            if (!SourceUrls.TryParse(href, out _) || text.Contains("://", StringComparison.Ordinal))
            {
                into.Append(text);
                return;
            }
            into.Append(text.Length == 0
                ? $" {href} "
                : $" [{text.Replace('[', '(').Replace(']', ')')}]({href}) ");
        }
    }
}
