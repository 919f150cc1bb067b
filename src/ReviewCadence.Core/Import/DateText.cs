using System.Globalization;
using System.Text.RegularExpressions;

namespace ReviewCadence.Import;

/// <summary>A calendar date written in a document, where it was written.</summary>
internal sealed record DateMention(int Index, int Length, DateOnly? Date, string Text)
{
    public int End => Index + Length;
    /// <summary>Day/month order cannot be told (07/01/2026): not read as a date.</summary>
    public bool Ambiguous => Date is null;
}

/// <summary>
/// Finds dates in text. Read: ISO (2026-07-01, 2026/7/1, with or without a time) and month names
/// (July 1, 2026; Jul. 1st 2026; 1 July 2026; 01-Jul-2026). Numeric day/month forms (07/01/2026,
/// 01.07.2026) are found but not read, even when one part exceeds 12: whether a runbook's dates
/// parse should not depend on the day of the month.
/// </summary>
internal static partial class DateText
{
    private const string Month =
        "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

    [GeneratedRegex(
        @"(?<![\d])(?<y>\d{4})(?<sep>[-/])(?<m>\d{1,2})\k<sep>(?<d>\d{1,2})(?!\d)" +
        @"|\b(?<mn>" + Month + @")\.?\s+(?<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<y>\d{4})(?!\d)" +
        @"|(?<!\d)(?<d>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?(?:\s+|-)(?<mn>" + Month + @")\.?,?(?:\s+|-)(?<y>\d{4})(?!\d)" +
        @"|(?<![\d./-])(?<amb>\d{1,2}(?<asep>[-/.])\d{1,2}\k<asep>\d{4})(?!\d|[./-]\d)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    /// <summary>Every date-like mention in <paramref name="text"/>, in order; ambiguous ones have no <see cref="DateMention.Date"/>.</summary>
    public static IReadOnlyList<DateMention> Find(string text)
    {
        var found = new List<DateMention>();
        foreach (Match match in DatePattern().Matches(text))
        {
            if (match.Groups["amb"].Success)
            {
                found.Add(new DateMention(match.Index, match.Length, null, match.Value));
                continue;
            }
            var date = ToDate(match);
            // "2026-13-45" is not a date at all; leave it out rather than call it ambiguous.
            if (date is not null)
                found.Add(new DateMention(match.Index, match.Length, date, match.Value));
        }
        return found;
    }

    /// <summary>The first readable date in <paramref name="text"/>, if any.</summary>
    public static DateOnly? First(string text) => Find(text).FirstOrDefault(d => !d.Ambiguous)?.Date;

    /// <summary>The later of two possibly unknown dates: the most recent access is the one worth recording.</summary>
    public static DateOnly? Latest(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static DateOnly? ToDate(Match match)
    {
        var year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
        var month = match.Groups["mn"].Success
            ? MonthNumber(match.Groups["mn"].Value)
            : int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Clamp(year, 1, 9999), month) || year < 1900)
            return null;
        return new DateOnly(year, month, day);
    }

    private static int MonthNumber(string name) => name[..3].ToLowerInvariant() switch
    {
        "jan" => 1, "feb" => 2, "mar" => 3, "apr" => 4, "may" => 5, "jun" => 6,
        "jul" => 7, "aug" => 8, "sep" => 9, "oct" => 10, "nov" => 11, _ => 12,
    };
}
