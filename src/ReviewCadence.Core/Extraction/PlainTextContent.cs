using System.Text.RegularExpressions;

namespace ReviewCadence.Extraction;

/// <summary>
/// Plain text and Markdown (such as the <c>.md</c> twins Mintlify serves) as normalised lines: indentation kept,
/// whitespace runs collapsed, blank lines dropped; fenced code blocks kept line for line.
/// </summary>
internal static partial class PlainTextContent
{
    public static (string Text, string? Title) Extract(string body, bool markdown, ExtractionRules rules, ExtractionDeadline deadline)
    {
        var lines = new ContentLines();
        string? title = null;
        string? openFence = null;
        foreach (var rawLine in body.ReplaceLineEndings("\n").Split('\n'))
        {
            deadline.Check();
            if (markdown)
            {
                var fence = Fence().Match(rawLine);
                if (openFence is null && fence.Success)
                {
                    openFence = fence.Groups[1].Value;
                    lines.AddMarker(TextNormalizer.NormalizeProse(rawLine));
                    continue;
                }
                if (openFence is not null)
                {
                    // A fence closes with at least as many of the same characters and nothing else.
                    if (fence.Success && fence.Groups[1].Value.StartsWith(openFence, StringComparison.Ordinal) && fence.Groups[2].Value.Trim().Length == 0)
                    {
                        openFence = null;
                        lines.AddMarker(TextNormalizer.NormalizeProse(rawLine));
                    }
                    else
                    {
                        lines.AddVerbatim(rawLine);
                    }
                    continue;
                }
                if (title is null && Heading().Match(rawLine) is { Success: true } heading)
                    title = TextNormalizer.NormalizeProse(heading.Groups[1].Value);
                // Table delimiter rows are re-padded whenever a column's widest cell changes: only their shape counts.
                if (TableDelimiterRow().IsMatch(rawLine))
                {
                    lines.AddIndentedProse(DashRun().Replace(rawLine, "---"));
                    continue;
                }
            }
            lines.AddIndentedProse(rawLine);
        }
        return (lines.Finish(rules.Ignore, dropBoilerplateLines: true, deadline), title);
    }

    [GeneratedRegex(@"^ {0,3}(`{3,}|~{3,})(.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Fence();

    [GeneratedRegex(@"^ {0,3}# +(.+?)(?: +#+)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$|^\s*\|\s*:?-+:?\s*\|\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex TableDelimiterRow();

    [GeneratedRegex(@"-{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex DashRun();
}
