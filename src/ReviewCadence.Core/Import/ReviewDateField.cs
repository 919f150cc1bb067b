using System.Text.RegularExpressions;

namespace ReviewCadence.Import;

/// <summary>The "Last reviewed" date: <c>Last reviewed: July 1, 2026.</c>, <c>Last-Reviewed: 2026-07-03</c>, <c>last_reviewed:</c>, <c>Last reviewed on 1 July 2026</c>.</summary>
internal static partial class ReviewDateField
{
    // At the start of a line (after list, table, heading or emphasis markup), so prose that merely
    // mentions a last review is not read as the field.
    [GeneratedRegex(@"^[\s#>*_|+-]*last[\s_-]*review(?:ed)?(?:[\s_-]*(?:on|date))?\b", RegexOptions.IgnoreCase)]
    private static partial Regex Label();

    [GeneratedRegex(@"^[\s#>*_|+:=.-]*$")]
    private static partial Regex OnlyMarkup();

    /// <summary>A line that holds the field ("## Last reviewed — 29th of February 2028"): a date, not a title.</summary>
    public static bool IsFieldLine(string line) => Label().IsMatch(line);

    public static DateOnly? Find(IReadOnlyList<string> lines, List<string> notes)
    {
        var found = new List<DateOnly>();
        string? unreadable = null, ambiguous = null;

        for (var i = 0; i < lines.Count; i++)
        {
            var label = Label().Match(lines[i]);
            if (!label.Success)
                continue;

            var rest = lines[i][label.Length..];
            // "Last reviewed" alone on its line (an HTML <dt>, a wrapped field): the date opens the next line.
            var nextLine = OnlyMarkup().IsMatch(rest) ? NextNonBlank(lines, i) : null;
            if (nextLine is not null)
                rest = nextLine.TrimStart(' ', '\t', '#', '>', '*', '_', '|', '+', '-', ':');

            var dates = DateText.Find(rest).Where(d => nextLine is null || d.Index == 0).ToList();
            if (dates.FirstOrDefault(d => !d.Ambiguous) is { Date: { } date })
                found.Add(date);
            else if (dates.FirstOrDefault() is { } numeric)
                ambiguous ??= numeric.Text;
            else
                unreadable ??= lines[i].Trim();
        }

        if (found.Count > 0)
        {
            if (found.Distinct().Count() > 1)
                notes.Add($"several 'Last reviewed' dates ({string.Join(", ", found.Distinct().Select(Iso))}); used the first, {Iso(found[0])}");
            return found[0];
        }

        notes.Add(ambiguous is not null
            ? $"'Last reviewed' date '{ambiguous}' is ambiguous (day/month order); write it as YYYY-MM-DD or with the month's name. No lastReviewed."
            : unreadable is not null
                ? $"'Last reviewed' line has no date that can be read: '{Shorten(unreadable)}'. No lastReviewed."
                : "no 'Last reviewed' date found. No lastReviewed.");
        return null;
    }

    private static string? NextNonBlank(IReadOnlyList<string> lines, int index)
    {
        for (var i = index + 1; i < lines.Count; i++)
        {
            if (lines[i].Trim().Length > 0)
                return lines[i];
        }
        return null;
    }

    internal static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    internal static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
