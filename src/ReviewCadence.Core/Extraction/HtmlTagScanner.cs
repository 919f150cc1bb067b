namespace ReviewCadence.Extraction;

/// <summary>
/// The tags of an HTML text in order, found the way the tokenizer finds them but without building anything: comments,
/// doctypes and processing instructions skipped, attribute values quoted or not, raw-text elements (<c>script</c>,
/// <c>style</c>, <c>textarea</c>, …) read to their end tag. One pass over the text.
/// </summary>
internal sealed class HtmlTagScanner(string html)
{
    private readonly string _html = html;
    private int _at;

    /// <summary>The tag found by the last <see cref="Next"/>: its name (lower case), where it starts and ends (after <c>&gt;</c>).</summary>
    public string Name { get; private set; } = string.Empty;
    /// <summary>What the tree builder does with the tag's name.</summary>
    public TagTraits Traits { get; private set; }
    public bool IsEndTag { get; private set; }
    public bool IsSelfClosing { get; private set; }
    public int Start { get; private set; }
    public int End { get; private set; }

    /// <summary>The tag's attributes as written (between its name and its <c>&gt;</c>).</summary>
    public ReadOnlySpan<char> Attributes => _html.AsSpan(AttributesStart, Math.Max(0, End - 1 - AttributesStart));

    /// <summary>Where <see cref="Attributes"/> starts in the text.</summary>
    public int AttributesStart { get; private set; }

    /// <summary>Moves to the next start or end tag; false at the end of the text.</summary>
    public bool Next()
    {
        while (true)
        {
            var open = _html.IndexOf('<', _at);
            if (open < 0 || open + 1 >= _html.Length)
                return false;
            var next = _html[open + 1];
            if (next == '!')
            {
                _at = _html.AsSpan(open).StartsWith("<!--") ? EndOfComment(open) : EndOfBogus(open);
                continue;
            }
            if (next == '?')
            {
                _at = EndOfBogus(open);
                continue;
            }
            var isEnd = next == '/';
            var nameStart = isEnd ? open + 2 : open + 1;
            if (nameStart >= _html.Length || !char.IsAsciiLetter(_html[nameStart]))
            {
                // "</>" or "</ x" is a bogus comment; "<" followed by anything else is text.
                _at = isEnd ? EndOfBogus(open) : open + 1;
                continue;
            }
            var nameEnd = nameStart;
            while (nameEnd < _html.Length && !IsNameEnd(_html[nameEnd]))
                nameEnd++;
            (Name, Traits) = TagNames.Of(_html.AsSpan(nameStart, nameEnd - nameStart));
            IsEndTag = isEnd;
            Start = open;
            AttributesStart = nameEnd;
            (End, IsSelfClosing) = EndOfAttributes(nameEnd);
            _at = End;
            if (!isEnd && (Traits & TagTraits.RawText) != 0)
                _at = EndOfRawText(End, Name);
            return true;
        }
    }

    private static bool IsNameEnd(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '/' or '>';

    private (int End, bool SelfClosing) EndOfAttributes(int from)
    {
        var i = from;
        while (i < _html.Length)
        {
            var c = _html[i];
            if (c == '>')
                return (i + 1, i > from && _html[i - 1] == '/');
            if (c == '=')
            {
                i++;
                while (i < _html.Length && _html[i] is ' ' or '\t' or '\n' or '\r' or '\f')
                    i++;
                if (i < _html.Length && _html[i] is '"' or '\'')
                {
                    var close = _html.IndexOf(_html[i], i + 1);
                    if (close < 0)
                        return (_html.Length, false);
                    i = close + 1;
                    continue;
                }
            }
            i++;
        }
        return (_html.Length, false);
    }

    private int EndOfComment(int open)
    {
        // "<!-->" and "<!--->" end at once; otherwise at the next "-->".
        var body = open + 4;
        if (body < _html.Length && _html[body] == '>')
            return body + 1;
        if (body + 1 < _html.Length && _html[body] == '-' && _html[body + 1] == '>')
            return body + 2;
        var close = _html.IndexOf("-->", body, StringComparison.Ordinal);
        return close < 0 ? _html.Length : close + 3;
    }

    private int EndOfBogus(int open)
    {
        var close = _html.IndexOf('>', open + 1);
        return close < 0 ? _html.Length : close + 1;
    }

    private int EndOfRawText(int from, string name)
    {
        if (name == "plaintext")
            return _html.Length;
        var i = from;
        while (true)
        {
            var close = _html.IndexOf("</", i, StringComparison.Ordinal);
            if (close < 0)
                return _html.Length;
            var after = close + 2 + name.Length;
            if (after <= _html.Length && _html.AsSpan(close + 2, name.Length).Equals(name, StringComparison.OrdinalIgnoreCase)
                && (after == _html.Length || IsNameEnd(_html[after])))
                return close;
            i = close + 2;
        }
    }
}
