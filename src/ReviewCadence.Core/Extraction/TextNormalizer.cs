using System.Text;

namespace ReviewCadence.Extraction;

/// <summary>
/// Character-level normalisation shared by every text kind: Unicode NFKC, invisible characters removed,
/// no-break spaces made plain, and (outside code) whitespace runs collapsed.
/// </summary>
internal static class TextNormalizer
{
    /// <summary>Normalises prose: invisible characters dropped, NFKC, whitespace runs to one space, trimmed.</summary>
    public static string NormalizeProse(string raw)
    {
        if (raw.Length == 0)
            return raw;
        var kc = ToNfkc(RemoveInvisible(raw));
        return CollapseWhitespace(kc);
    }

    /// <summary>Normalises one line of code: like prose, but internal whitespace is kept; only the line end is trimmed.</summary>
    public static string NormalizeCodeLine(string raw)
    {
        if (raw.Length == 0)
            return raw;
        var kc = ToNfkc(RemoveInvisible(raw));
        return kc.Replace('\u00A0', ' ').TrimEnd();
    }

    /// <summary>Collapses every whitespace run to one space and trims both ends.</summary>
    public static string CollapseWhitespace(string text)
    {
        var needsWork = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) && (c != ' ' || i == 0 || i == text.Length - 1 || text[i + 1] == ' '))
            {
                needsWork = true;
                break;
            }
        }
        if (!needsWork)
            return text;

        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>True for characters that render as nothing but make otherwise equal text differ.</summary>
    public static bool IsInvisible(char c) => c switch
    {
        '\u00AD' => true,                          // soft hyphen
        '\u034F' => true,                          // combining grapheme joiner
        >= '\u200B' and <= '\u200F' => true,       // zero-width space/joiners, LRM/RLM
        >= '\u202A' and <= '\u202E' => true,       // bidi embeddings and overrides
        >= '\u2060' and <= '\u2064' => true,       // word joiner, invisible operators
        >= '\u2066' and <= '\u2069' => true,       // bidi isolates
        '\uFEFF' => true,                          // BOM / zero-width no-break space
        _ => false,
    };

    private static string RemoveInvisible(string text)
    {
        var first = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (IsInvisible(text[i]))
            {
                first = i;
                break;
            }
        }
        if (first < 0)
            return text;

        var sb = new StringBuilder(text.Length);
        sb.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            if (!IsInvisible(text[i]))
                sb.Append(text[i]);
        }
        return sb.ToString();
    }

    private static string ToNfkc(string text)
    {
        // Lone surrogates (from broken encodings) make Normalize throw; replace them first.
        if (HasLoneSurrogate(text))
            text = ReplaceLoneSurrogates(text);
        return text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (char.IsSurrogate(c))
                return true;
        }
        return false;
    }

    private static string ReplaceLoneSurrogates(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[i + 1]);
                i++;
            }
            else
            {
                sb.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return sb.ToString();
    }

    /// <summary>How much real text a string holds (letters and digits), for density and dominance tests.</summary>
    internal static int CountLettersAndDigits(string text)
    {
        var n = 0;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
                n++;
        }
        return n;
    }
}
