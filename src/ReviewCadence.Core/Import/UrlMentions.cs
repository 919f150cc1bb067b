using System.Globalization;
using System.Text.RegularExpressions;

namespace ReviewCadence.Import;

/// <summary>One http(s) URL written in a line.</summary>
/// <param name="Index">Where the URL starts in the line.</param>
/// <param name="End">Where the URL (and a date glued to it) ends; text from here on follows the URL.</param>
/// <param name="Written">The URL as written, cleaned of what surrounded it.</param>
/// <param name="GluedDate">A date fused onto the URL by a table exported without cell separators.</param>
/// <param name="LinkText">The text of the Markdown link (or rendered HTML anchor) the URL is the target of.</param>
internal sealed record UrlMention(int Index, int End, string Written, DateOnly? GluedDate, string? LinkText);

/// <summary>
/// Finds URLs in a line and separates them from what text around them is not part of them: trailing
/// punctuation, quotes, unbalanced closing parentheses, Markdown link syntax, and dates glued on by
/// tables exported without separators (<c>…/help-center2026-07-01“Route…</c>).
/// </summary>
internal static partial class UrlMentions
{
    // Characters a URL may hold (RFC 3986, plus letters of internationalised URLs). Brackets, quotes,
    // angle brackets, pipes and non-ASCII punctuation (“ ” … «) end a URL: they delimit it in prose,
    // Markdown and tables, and inside a real URL they would be percent-encoded.
    [GeneratedRegex(@"https?://[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%\p{L}\p{N}\p{M}]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Candidate();

    [GeneratedRegex(@"(?<![\d])(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"(?<![\d])(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})$")]
    private static partial Regex IsoDateAtEnd();

    public static IReadOnlyList<UrlMention> Find(string line)
    {
        var mentions = new List<UrlMention>();
        foreach (Match candidate in Candidate().Matches(line))
        {
            var mention = Read(line, candidate.Index, candidate.Value);
            if (mention is not null)
                mentions.Add(mention);
        }
        return mentions;
    }

    private static UrlMention? Read(string line, int start, string token)
    {
        var hostStart = token.IndexOf("://", StringComparison.Ordinal) + 3;
        DateOnly? glued = null;
        var consumed = 0;

        // A date followed by a letter inside the token: the URL ended at the date, the next cell began after it.
        foreach (Match date in IsoDate().Matches(token, hostStart))
        {
            var end = date.Index + date.Length;
            if (end < token.Length && char.IsLetter(token[end]) && ToDate(date) is { } value)
            {
                glued = value;
                consumed = end;
                token = token[..date.Index];
                break;
            }
        }

        token = TrimTrailing(token);

        if (glued is null && IsoDateAtEnd().Match(token, hostStart) is { Success: true } last
            && last.Index > hostStart && ToDate(last) is { } atEnd)
        {
            // A date ending a URL is part of it (…/archive/2026-07-01) unless the URL is fused to its
            // neighbours: a letter right before the date, or text glued to either side of the URL.
            var previous = token[last.Index - 1];
            var after = start + token.Length < line.Length ? line[start + token.Length] : ' ';
            var gluedLeft = start > 0 && (char.IsLetterOrDigit(line[start - 1]) || line[start - 1] is '.' or '!' or '?');
            var gluedRight = CharUnicodeInfo.GetUnicodeCategory(after) is UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.OpenPunctuation;
            if (char.IsLetterOrDigit(previous) || gluedLeft || gluedRight)
            {
                glued = atEnd;
                consumed = token.Length;
                token = token[..last.Index];
            }
        }

        if (glued is not null)
            token = TrimTrailing(token);
        if (!SourceUrls.TryParse(token, out _))
            return null;

        return new UrlMention(start, start + Math.Max(consumed, token.Length), token, glued, LinkTextBefore(line, start));
    }

    /// <summary>Strips what ends a sentence or closes a bracket around the URL; keeps balanced parentheses (Wikipedia style).</summary>
    private static string TrimTrailing(string token)
    {
        while (token.Length > 0)
        {
            var last = token[^1];
            if (last is '.' or ',' or ';' or ':' or '!' or '?' or '\'' or '*' || last == ')' && Unbalanced(token))
                token = token[..^1];
            else
                break;
        }
        return token;
    }

    private static bool Unbalanced(string token) => token.Count(c => c == ')') > token.Count(c => c == '(');

    /// <summary>The text of <c>[text](url)</c> when the URL at <paramref name="start"/> is such a link's target.</summary>
    private static string? LinkTextBefore(string line, int start)
    {
        if (start < 3 || line[start - 1] != '(' || line[start - 2] != ']')
            return null;
        var open = line.LastIndexOf('[', start - 3);
        if (open < 0)
            return null;
        var text = MarkdownInline.ToPlain(line[(open + 1)..(start - 2)]);
        return text.Length == 0 || text.Contains("://", StringComparison.Ordinal) ? null : text;
    }

    private static DateOnly? ToDate(Match date)
    {
        var year = int.Parse(date.Groups["y"].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(date.Groups["m"].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(date.Groups["d"].Value, CultureInfo.InvariantCulture);
        return year >= 1900 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;
    }
}
