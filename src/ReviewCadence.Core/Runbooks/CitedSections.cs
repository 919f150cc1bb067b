using ReviewCadence.Catalog;
using ReviewCadence.Extraction;
using ReviewCadence.Storage;

namespace ReviewCadence.Runbooks;

/// <summary>Why a runbook citing sections of a page is flagged: the finding's words and what it says about the section.</summary>
/// <param name="Rank">How much it matters, for keeping the worst open finding: 3 section missing, 2 claim gone, 1 section changed.</param>
/// <param name="Detail">The finding's words.</param>
/// <param name="Finding">What the finding says about the section.</param>
internal sealed record SectionJudgement(string Detail, SectionFinding Finding, int Rank);

/// <summary>
/// Judges a runbook's section citations of one page: the sections as last reviewed against the page now. Pure: the
/// caller reads the two versions (<see cref="CitedSectionReader"/>).
/// </summary>
internal static class CitedSections
{
    /// <summary>Headings named when a section is missing.</summary>
    public const int MaxHeadingsListed = 12;
    /// <summary>Lines of each side quoted in a finding's detail (the finding's <c>removed</c>/<c>added</c> hold more).</summary>
    public const int MaxLinesInDetail = 2;

    /// <param name="cited">The runbook's section citations of the page (whole-page citations are not judged here).</param>
    /// <param name="current">The page now.</param>
    /// <param name="baseline">The page as last reviewed; null when there is nothing to compare with (first sight).</param>
    /// <param name="baselineLost">The reviewed version is no longer stored: a section cannot be shown unchanged.</param>
    /// <returns>The worst judgement over the citations; null when none of them calls for a review.</returns>
    public static SectionJudgement? Judge(IEnumerable<SourceCitation> cited, PageOutline current, PageOutline? baseline, bool baselineLost = false)
    {
        SectionJudgement? worst = null;
        foreach (var citation in cited)
        {
            if (citation.Section is not { } section)
            {
                continue;
            }
            var judgement = JudgeOne(citation, section, current, baseline, baselineLost);
            if (judgement is not null && (worst is null || judgement.Rank > worst.Rank))
            {
                worst = judgement;
            }
        }
        return worst;
    }

    private static SectionJudgement? JudgeOne(SourceCitation citation, CitedSection section, PageOutline current, PageOutline? baseline, bool baselineLost)
    {
        var label = section.Label;
        if (current.Find(section.Heading, section.Fragment) is not { } now)
        {
            var headings = current.Headings.Select(h => h.Text).Distinct().ToList();
            var listed = headings.Take(MaxHeadingsListed).ToList();
            var more = headings.Count - listed.Count;
            var list = listed.Count == 0 ? "none" : string.Join(", ", listed.Select(Quoted)) + (more > 0 ? $" and {more} more" : "");
            return new SectionJudgement(
                $"Section {Quoted(label)} is no longer on the page (heading renamed or removed); its headings now: {list}",
                new SectionFinding { Section = label, Missing = true, Claims = citation.Claims, Headings = listed },
                3);
        }

        var missingClaims = citation.Claims.Where(c => !now.Contains(c)).ToList();
        SectionChange? change = null;
        if (baseline is not null)
        {
            change = baseline.Find(section.Heading, section.Fragment) is { } before
                ? SectionChange.Between(before, now)
                : SectionChange.Between(new PageSection(now.Heading, []), now); // not there when reviewed: all of it is new
        }
        else if (baselineLost)
        {
            change = new SectionChange([], [], 0, 0);
        }

        if (missingClaims.Count > 0)
        {
            var noun = missingClaims.Count == 1 ? "Claim" : "Claims";
            return new SectionJudgement(
                $"{noun} no longer found in section {Quoted(label)}: {string.Join(", ", missingClaims.Select(Quoted))}",
                Finding(label, change) with { Claims = missingClaims },
                2);
        }
        if (change is null)
        {
            return null;
        }
        return new SectionJudgement(Describe(label, change), Finding(label, change), 1);
    }

    private static SectionFinding Finding(string label, SectionChange? change) => new()
    {
        Section = label,
        Removed = change?.Removed ?? [],
        Added = change?.Added ?? [],
    };

    private static string Describe(string label, SectionChange change)
    {
        if (change.LinesAdded + change.LinesRemoved == 0)
        {
            return $"Section {Quoted(label)} may have changed: the version last reviewed is no longer stored";
        }
        var parts = new List<string>();
        if (change.LinesRemoved > 0)
        {
            parts.Add("removed " + QuoteLines(change.Removed, change.LinesRemoved));
        }
        if (change.LinesAdded > 0)
        {
            parts.Add("added " + QuoteLines(change.Added, change.LinesAdded));
        }
        return $"Section {Quoted(label)} changed: {string.Join("; ", parts)}";
    }

    private static string QuoteLines(IReadOnlyList<string> lines, int total)
    {
        var shown = lines.Take(MaxLinesInDetail).Select(Quoted).ToList();
        var more = total - shown.Count;
        return string.Join(", ", shown) + (more > 0 ? $" and {more} more line{(more == 1 ? "" : "s")}" : "");
    }

    private static string Quoted(string text) => $"\"{text}\"";
}
