using System.Text;

namespace ReviewCadence.Extraction;

/// <summary>
/// Keeps a page from leaving more than <see cref="MaxOpenElements"/> elements open inside one another. The HTML tree
/// builder searches its stack of open elements on most tags (is a <c>p</c> open? is this end tag's element in scope?),
/// so 100,000 unclosed <c>&lt;div&gt;</c> cost 100,000² steps however the tree's depth is capped. One pass over the
/// text follows the tags as the tree builder would, closely enough to overestimate the stack, never to underestimate
/// it by more than a small factor; start tags past the limit are left out (their text stays). Real pages stay far below
/// the limit and pass unchanged, without a copy.
/// </summary>
internal static class OpenElementLimit
{
    /// <summary>Elements deeper than the parser's depth cap are already flattened beside their parent, so nothing a reader sees is lost.</summary>
    public const int MaxOpenElements = HtmlContentExtractor.MaxDepth;

    public static string Apply(string html, ExtractionDeadline deadline)
    {
        // Only a start tag deepens the stack counted here (reopening moves an element from the reopenable list back onto
        // the stack; closing never adds more than it removes), so a page with no more start tags than the limit cannot
        // reach it, and most pages are read without this pass.
        if (html.AsSpan().Count('<') <= MaxOpenElements || StartTagsAtMost(html, MaxOpenElements))
            return html;
        var scanner = new HtmlTagScanner(html);
        var stack = new OpenElements(html);
        StringBuilder? kept = null;
        var copied = 0;
        var previousEnd = 0;
        while (scanner.Next())
        {
            deadline.Check();
            var name = scanner.Name;
            var traits = scanner.Traits;
            // Text reopens the formatting elements a misnested end tag closed (whitespace too, in a body).
            if (scanner.Start > previousEnd)
                stack.Reopen();
            previousEnd = scanner.End;
            if (scanner.IsEndTag)
            {
                stack.Close(name, traits);
                continue;
            }
            if ((traits & (TagTraits.Void | TagTraits.DocumentLevel | TagTraits.RawText)) != 0)
                continue; // never stays open (raw text ends at its end tag, which the scanner has passed)
            if (scanner.IsSelfClosing && stack.InForeignContent)
                continue;
            stack.CloseImplied(name, traits);
            if ((traits & TagTraits.ClosesParagraph) == 0)
                stack.Reopen(); // so do inline start tags; blocks do not
            if (stack.Depth < MaxOpenElements)
            {
                stack.Open(name, traits, scanner.AttributesStart, scanner.Attributes.Length);
                continue;
            }
            kept ??= new StringBuilder(html.Length);
            kept.Append(html, copied, scanner.Start - copied);
            copied = scanner.End;
        }
        if (kept is null)
            return html;
        kept.Append(html, copied, html.Length - copied);
        return kept.ToString();
    }

    /// <summary>True when <paramref name="html"/> has at most <paramref name="limit"/> start tags (every "&lt;" before a letter counts, so a few more than the parser sees).</summary>
    private static bool StartTagsAtMost(string html, int limit)
    {
        var rest = html.AsSpan();
        var count = 0;
        for (var open = rest.IndexOf('<'); open >= 0; open = rest.IndexOf('<'))
        {
            if (open + 1 < rest.Length && char.IsAsciiLetter(rest[open + 1]) && ++count > limit)
                return false;
            rest = rest[(open + 1)..];
        }
        return true;
    }

    /// <summary>
    /// The stack of open elements as the tree builder keeps it, approximately: with the position of the nearest open
    /// element of each name, of the nearest scope boundary and of the nearest special element, so every question the
    /// tree builder asks of its stack is answered without walking it.
    /// </summary>
    private sealed class OpenElements(string html)
    {
        /// <summary>
        /// One open element. What the tree builder compares when it reopens a formatting element (its name and
        /// attributes) is read from the page only when that happens: most formatting elements close where they should.
        /// </summary>
        private readonly record struct Element(string Name, TagTraits Traits, Stack<int> SameName, int AttributesStart, int AttributesLength, string? Key);

        private readonly List<Element> _open = [];
        private readonly Dictionary<string, Stack<int>> _byName = new(StringComparer.Ordinal);
        // Asked before most block and table tags: held here rather than looked up each time.
        private readonly Stack<int> _paragraphs = new();
        private readonly Stack<int> _tables = new();
        private readonly Stack<int> _boundaries = new();
        private readonly Stack<int> _specials = new();
        private readonly Stack<int> _listItemStops = new();
        private int _foreign;
        private readonly ReopenableElements _reopenable = new();

        public int Depth => _open.Count + _reopenable.Count;

        public bool InForeignContent => _foreign > 0;

        /// <summary>A start tag's element, its attributes at <paramref name="attributesStart"/> in the page.</summary>
        public void Open(string name, TagTraits traits, int attributesStart, int attributesLength) =>
            Open(name, traits, attributesStart, attributesLength, key: null);

        private void Open(string name, TagTraits traits, int attributesStart, int attributesLength, string? key)
        {
            var at = _open.Count;
            if (!_byName.TryGetValue(name, out var positions))
                _byName[name] = positions = name switch { "p" => _paragraphs, "table" => _tables, _ => new Stack<int>() };
            positions.Push(at);
            _open.Add(new Element(name, traits, positions, attributesStart, attributesLength, key));
            if ((traits & TagTraits.ScopeBoundary) != 0)
                _boundaries.Push(at);
            if ((traits & TagTraits.Special) != 0)
                _specials.Push(at);
            if ((traits & TagTraits.StopsListItems) != 0)
                _listItemStops.Push(at);
            if ((traits & TagTraits.ForeignRoot) != 0)
                _foreign++;
            if ((traits & TagTraits.FormattingMarker) != 0)
                _reopenable.Mark();
        }

        /// <summary>What the tree builder compares when it reopens a formatting element: its name and attributes.</summary>
        private string KeyOf(Element element) => element.Key
            ?? element.Name + "\u0001" + html.AsSpan(element.AttributesStart, element.AttributesLength).Trim().ToString();

        /// <summary>The formatting elements a misnested end tag closed open again, as the tree builder reopens them.</summary>
        public void Reopen()
        {
            if (_reopenable.Count == 0)
                return;
            foreach (var (name, key) in _reopenable.TakeSinceMark())
                Open(name, TagNames.Of(name).Traits, 0, 0, key);
        }

        /// <summary>What a start tag closes before it opens: a paragraph, the previous list item, cell, row or option.</summary>
        public void CloseImplied(string name, TagTraits traits)
        {
            if ((traits & TagTraits.ClosesParagraph) != 0 && Top(_paragraphs) is var paragraph && paragraph > Top(_boundaries))
                PopTo(paragraph);
            if (name is "li")
                CloseItem("li");
            else if (name is "dd" or "dt")
            {
                CloseItem("dd");
                CloseItem("dt");
            }
            else if ((traits & TagTraits.Heading) != 0 && _open.Count > 0 && (_open[^1].Traits & TagTraits.Heading) != 0)
                PopTo(_open.Count - 1);
            else if (name is "option" or "optgroup")
            {
                if (_open.Count > 0 && _open[^1].Name == "option")
                    PopTo(_open.Count - 1);
                if (name == "optgroup" && _open.Count > 0 && _open[^1].Name == "optgroup")
                    PopTo(_open.Count - 1);
            }
            else if (name is "td" or "th" or "tr" or "tbody" or "thead" or "tfoot" or "table" or "caption" or "colgroup")
                CloseTablePart(name);
            else if (name is "button" && Nearest("button") is var button && button >= 0 && button >= Top(_boundaries))
                PopTo(button); // a button in scope closes (it is a boundary itself)
            else if (name is "a" or "nobr" && _open.Count > 0 && _open[^1].Name == name)
                PopTo(_open.Count - 1);
        }

        /// <summary>An end tag: closes its element when the tree builder would reach it, else nothing.</summary>
        public void Close(string name, TagTraits traits)
        {
            var at = Nearest(name);
            if (at < 0)
            {
                // A reopened formatting element's own end tag.
                if ((traits & TagTraits.Formatting) != 0)
                    _reopenable.Forget(name);
                return;
            }
            if ((traits & TagTraits.Formatting) != 0)
            {
                // Adoption: blocks opened inside it stay open, so only a formatting element with none above it closes.
                if (at > Top(_specials))
                    PopTo(at);
                return;
            }
            if (at >= Top(_boundaries))
                PopTo(at);
        }

        private void CloseItem(string item)
        {
            var at = Nearest(item);
            if (at >= 0 && at > Top(_listItemStops))
                PopTo(at);
        }

        private static readonly string[] Cells = ["td", "th"];
        private static readonly string[] Rows = ["tr"];
        private static readonly string[] TableSections = ["tbody", "thead", "tfoot", "tr", "caption", "colgroup"];

        /// <summary>A cell closes the nearest table's open cell, a row its row, a section its section, a table the table it is directly in.</summary>
        private void CloseTablePart(string name)
        {
            var table = Top(_tables);
            if (table < 0)
                return;
            if (name == "table")
            {
                // Inside a cell or caption a table is a new, nested one.
                if (Math.Max(Math.Max(Nearest("td"), Nearest("th")), Nearest("caption")) < table)
                    PopTo(table);
                return;
            }
            var parts = name switch
            {
                "td" or "th" => Cells,
                "tr" => Rows,
                _ => TableSections,
            };
            var lowest = int.MaxValue;
            foreach (var part in parts)
            {
                var at = Nearest(part);
                if (at > table)
                    lowest = Math.Min(lowest, at);
            }
            if (lowest != int.MaxValue)
                PopTo(lowest);
        }

        private int Nearest(string name) => _byName.TryGetValue(name, out var positions) && positions.Count > 0 ? positions.Peek() : -1;

        private static int Top(Stack<int> positions) => positions.Count > 0 ? positions.Peek() : -1;

        /// <summary>Closes the element at <paramref name="at"/> and everything opened after it.</summary>
        private void PopTo(int at)
        {
            for (var i = _open.Count - 1; i >= at; i--)
            {
                var element = _open[i];
                element.SameName.Pop();
                if (Top(_boundaries) == i)
                    _boundaries.Pop();
                if (Top(_specials) == i)
                    _specials.Pop();
                if (Top(_listItemStops) == i)
                    _listItemStops.Pop();
                if ((element.Traits & TagTraits.ForeignRoot) != 0)
                    _foreign--;
                if (i > at && (element.Traits & TagTraits.Formatting) != 0)
                    _reopenable.Add(element.Name, KeyOf(element));
                if ((element.Traits & TagTraits.FormattingMarker) != 0)
                    _reopenable.ForgetSinceMark();
            }
            _open.RemoveRange(at, _open.Count - at);
        }
    }

    /// <summary>
    /// Formatting elements closed by another element's end tag, which the tree builder reopens at the next text: at
    /// most three alike (name and attributes), as its list keeps; forgotten at their own end tag, or when the cell,
    /// caption or object they opened in closes.
    /// </summary>
    private sealed class ReopenableElements
    {
        private const int MaxAlike = 3;
        private readonly Dictionary<string, int> _alike = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);
        private readonly List<(string Name, string Key)> _added = [];
        private readonly Stack<int> _marks = new();

        public int Count { get; private set; }

        public void Add(string name, string key)
        {
            var alike = _alike.GetValueOrDefault(key);
            if (alike >= MaxAlike)
                return;
            _alike[key] = alike + 1;
            _byName[name] = _byName.GetValueOrDefault(name) + 1;
            _added.Add((name, key));
            Count++;
        }

        /// <summary>The most recent one of this name goes.</summary>
        public void Forget(string name)
        {
            if (_byName.GetValueOrDefault(name) == 0)
                return;
            for (var i = _added.Count - 1; i >= (_marks.Count > 0 ? _marks.Peek() : 0); i--)
            {
                if (_added[i].Name == name)
                {
                    Remove(i);
                    return;
                }
            }
        }

        public void Mark() => _marks.Push(_added.Count);

        /// <summary>Those added since the innermost open cell, caption or object began, oldest first; they are no longer counted here.</summary>
        public List<(string Name, string Key)> TakeSinceMark()
        {
            var mark = _marks.Count > 0 ? _marks.Peek() : 0;
            var taken = _added.GetRange(mark, _added.Count - mark);
            while (_added.Count > mark)
                Remove(_added.Count - 1);
            return taken;
        }

        public void ForgetSinceMark()
        {
            var mark = _marks.Count > 0 ? _marks.Pop() : 0;
            while (_added.Count > mark)
                Remove(_added.Count - 1);
        }

        private void Remove(int index)
        {
            var (name, key) = _added[index];
            _alike[key]--;
            _byName[name]--;
            _added.RemoveAt(index);
            Count--;
        }
    }
}
