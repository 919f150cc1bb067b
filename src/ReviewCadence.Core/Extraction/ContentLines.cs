using System.Text;
using System.Text.RegularExpressions;

namespace ReviewCadence.Extraction;

/// <summary>
/// Collects the normalised lines of one document (prose blocks and verbatim code) and produces the final text:
/// boilerplate lines dropped, the source's <c>ignore</c> patterns applied, lines left empty removed.
/// </summary>
internal sealed partial class ContentLines
{
    /// <summary>The fence written around code blocks, so code stays recognisable (and is never mistaken for headings).</summary>
    public const string CodeFence = "```";

    private readonly List<Line> _lines = [];
    // Element ids that lead to a line (a heading's own id, a wrapper's, an anchor before it), by index in _lines.
    private Dictionary<int, List<string>>? _anchors;

    private readonly record struct Line(string Text, bool Verbatim);

    /// <summary>The number of lines added so far.</summary>
    public int Count => _lines.Count;

    /// <summary>
    /// The element ids leading to each line of the text <see cref="Finish"/> produced, as id → line index (0-based); null
    /// when the document had none. Ids of lines that were dropped are left out.
    /// </summary>
    public IReadOnlyDictionary<string, int>? FinishedAnchors { get; private set; }

    /// <summary>Records element ids (URL fragments) that lead to the most recently added line.</summary>
    public void AnchorLastLine(IEnumerable<string> ids)
    {
        if (_lines.Count == 0)
            return;
        _anchors ??= [];
        if (!_anchors.TryGetValue(_lines.Count - 1, out var list))
            _anchors[_lines.Count - 1] = list = [];
        list.AddRange(ids);
    }

    /// <summary>
    /// Adds a prose block: normalised, whitespace collapsed; <paramref name="prefix"/> (heading marks, bullet) kept in
    /// front. False when the block held no text (nothing was added).
    /// </summary>
    public bool AddProse(string prefix, string raw)
    {
        var text = TextNormalizer.NormalizeProse(raw);
        if (text.Length == 0)
            return false;
        _lines.Add(new Line(prefix.Length == 0 ? text : prefix + text, false));
        return true;
    }

    /// <summary>Adds a line of plain text or Markdown: leading indentation kept (it carries structure there), the rest collapsed.</summary>
    public void AddIndentedProse(string raw)
    {
        var text = TextNormalizer.NormalizeCodeLine(raw);
        var indent = 0;
        while (indent < text.Length && (text[indent] == ' ' || text[indent] == '\t'))
            indent++;
        if (indent == text.Length)
            return;
        var body = TextNormalizer.CollapseWhitespace(text[indent..]);
        _lines.Add(new Line(text[..indent] + body, false));
    }

    /// <summary>Adds one line that is already inside a code block of a text document (kept as is but for its end).</summary>
    public void AddVerbatim(string raw) => _lines.Add(new Line(TextNormalizer.NormalizeCodeLine(raw), true));

    /// <summary>Adds a fence or other structural marker line as is.</summary>
    public void AddMarker(string marker) => _lines.Add(new Line(marker, false));

    /// <summary>
    /// Adds a code block between fences, keeping its lines and their indentation; blank lines at its ends are dropped.
    /// False when the block was empty.
    /// </summary>
    public bool AddCodeBlock(string prefix, string raw)
    {
        var lines = raw.Split('\n');
        var first = 0;
        var last = lines.Length - 1;
        var normalised = new string[lines.Length];
        for (var i = 0; i < lines.Length; i++)
            normalised[i] = TextNormalizer.NormalizeCodeLine(lines[i].TrimEnd('\r'));
        while (first <= last && normalised[first].Length == 0)
            first++;
        while (last >= first && normalised[last].Length == 0)
            last--;
        if (first > last)
            return false;

        _lines.Add(new Line(prefix + CodeFence, false));
        for (var i = first; i <= last; i++)
            _lines.Add(new Line(prefix + normalised[i], true));
        _lines.Add(new Line(prefix + CodeFence, false));
        return true;
    }

    /// <summary>The final text: one block per line, joined with <c>\n</c>, no trailing newline.</summary>
    /// <remarks>
    /// With <paramref name="dropBoilerplateLines"/>, headings left with nothing after them at the very end go too: the
    /// "Comments" or "Feedback" title of a widget that only a script fills in.
    /// </remarks>
    public string Finish(IReadOnlyList<Regex> ignore, bool dropBoilerplateLines, ExtractionDeadline deadline)
    {
        var sb = new StringBuilder();
        Dictionary<string, int>? anchors = null;
        var written = 0;
        var contentEnd = 0;
        var contentLines = 0;
        for (var index = 0; index < _lines.Count; index++)
        {
            deadline.Check();
            var line = _lines[index];
            if (dropBoilerplateLines && !line.Verbatim && GenericBoilerplate.IsBoilerplateLine(line.Text))
                continue;
            var text = ApplyIgnore(line, ignore);
            if (text is null)
                continue;
            if (sb.Length > 0)
                sb.Append('\n');
            sb.Append(text);
            if (_anchors is not null && _anchors.TryGetValue(index, out var ids))
            {
                anchors ??= new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var id in ids)
                    anchors.TryAdd(id, written); // the first element with an id wins, as a browser scrolls to it
            }
            written++;
            if (line.Verbatim || !dropBoilerplateLines || !TrailingHeading().IsMatch(text))
            {
                contentEnd = sb.Length;
                contentLines = written;
            }
        }
        // Headings after the last line of content go, with their anchors; a page of nothing but headings stays whole.
        if (contentEnd > 0 && contentLines < written)
        {
            sb.Length = contentEnd;
            if (anchors is not null)
            {
                foreach (var (id, at) in anchors.ToList())
                {
                    if (at >= contentLines)
                        anchors.Remove(id);
                }
                anchors = anchors.Count == 0 ? null : anchors;
            }
        }
        FinishedAnchors = anchors;
        return sb.ToString();
    }

    [GeneratedRegex(@"^[\s>:\-]*#{1,6} ", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingHeading();

    /// <summary>Removes every match of the source's ignore patterns; null when that leaves nothing worth a line.</summary>
    private static string? ApplyIgnore(Line line, IReadOnlyList<Regex> ignore)
    {
        if (ignore.Count == 0)
            return line.Text;
        var text = line.Text;
        foreach (var pattern in ignore)
            text = pattern.Replace(text, string.Empty);
        if (ReferenceEquals(text, line.Text) || text == line.Text)
            return text;
        text = line.Verbatim ? text.TrimEnd() : TextNormalizer.CollapseWhitespace(text);
        return HasSubstance(text) ? text : null;
    }

    /// <summary>False when only structural marks (heading hashes, bullets, cell separators) are left.</summary>
    private static bool HasSubstance(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && c is not ('#' or '-' or '>' or '|' or ':' or '`'))
                return true;
        }
        return false;
    }
}
