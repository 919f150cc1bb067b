using ReviewCadence.Catalog;
using ReviewCadence.Checking;
using ReviewCadence.Checking.Fetching;
using ReviewCadence.Storage;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Runbooks;

/// <summary>
/// The rules of runbook findings, as pure functions over citations (a runbook citing a source): which citations
/// the catalog wants and the baseline a new one starts from, and what a source's verdict does to each runbook citing it.
/// <see cref="CitingRunbooks"/> reads and writes the store around them.
/// </summary>
internal static class RunbookFindings
{
    /// <summary>
    /// Brings the stored citations in line with the catalog: a new (runbook, source) pair starts from the source's
    /// current version (its fingerprint, and the URL its content was read from); pairs the catalog no longer has go.
    /// </summary>
    /// <param name="existing">The citations as stored.</param>
    /// <param name="states">The sources' states as stored, by source id.</param>
    /// <param name="catalog">The catalog the citations should match.</param>
    public static CitationChanges Reconcile(ReviewCatalog catalog, IReadOnlyCollection<Citation> existing, IReadOnlyDictionary<string, SourceState> states)
    {
        // (source, runbook) pairs as IdPair, not tuples: sets of a class run precompiled code (StoreInput.RequireDistinct).
        var wanted = catalog.Runbooks.SelectMany(r => r.SourceIds.Select(s => new IdPair(s, r.Id))).ToHashSet();
        var have = existing.Select(c => new IdPair(c.SourceId, c.RunbookId)).ToHashSet();

        var added = wanted.Where(p => !have.Contains(p)).Select(p => new Citation
        {
            SourceId = p.First,
            RunbookId = p.Second,
            BaselineFingerprint = states.GetValueOrDefault(p.First)?.Fingerprint,
            BaselineUrl = states.GetValueOrDefault(p.First)?.FinalUrl ?? catalog.FindSource(p.First)?.Url.ToString(),
        }).ToList();
        var removed = existing.Where(c => !wanted.Contains(new IdPair(c.SourceId, c.RunbookId))).ToList();
        var current = existing.Where(c => wanted.Contains(new IdPair(c.SourceId, c.RunbookId))).Concat(added).ToList();
        return new CitationChanges(added, removed, current);
    }

    /// <summary>The citations of <paramref name="citing"/> that <see cref="Flag(Citation, SourceVerdict, SourceState, DateTimeOffset)"/> changes.</summary>
    public static IEnumerable<Citation> Flag(IEnumerable<Citation> citing, SourceVerdict verdict, SourceState next, DateTimeOffset now)
    {
        foreach (var citation in citing)
        {
            var updated = Flag(citation, verdict, next, now);
            if (updated != citation)
            {
                yield return updated;
            }
        }
    }

    /// <summary>
    /// Compares a citing runbook against the version it was last reviewed against. An open finding
    /// stays (two edits before a review are one finding) unless a worse one arrives (broken &gt; moved &gt; changed).
    /// The first sight of a source (no baseline yet) sets the baseline instead of a finding.
    /// </summary>
    /// <param name="verdict">The source's verdict in this run.</param>
    /// <param name="next">The source's state after this run.</param>
    /// <param name="now">The run's clock: when a new finding was detected.</param>
    /// <returns>The citation as it should be stored: the same instance when nothing changed.</returns>
    /// <param name="citation">The citation as stored.</param>
    public static Citation Flag(Citation citation, SourceVerdict verdict, SourceState next, DateTimeOffset now)
    {
        var updated = citation;
        if (citation.BaselineFingerprint is null && next.Fingerprint is not null && verdict.Outcome != CheckOutcome.Broken)
        {
            // First sight of this source for this runbook: the baseline, not a change.
            updated = updated with { BaselineFingerprint = next.Fingerprint, BaselineUrl = citation.BaselineUrl ?? next.Url };
        }

        FindingKind? kind = null;
        string? detail = null;
        string url = next.Url;
        if (verdict.Outcome == CheckOutcome.Broken)
        {
            (kind, detail) = (FindingKind.Broken, verdict.Detail);
        }
        else if (verdict.Fetch.MovedTo is { } movedTo && !UrlComparer.SamePage(movedTo, new Uri(updated.BaselineUrl ?? next.Url)))
        {
            (kind, detail, url) = (FindingKind.Moved, verdict.Detail, movedTo.ToString());
        }
        else if (updated.BaselineFingerprint is { } baseline && next.Fingerprint is { } current && baseline != current)
        {
            (kind, detail) = (FindingKind.Changed, next.LastChangeSummary ?? "content changed");
        }

        if (kind is { } found && (updated.Finding is not { } open || Severity(found) > Severity(open)))
        {
            updated = updated with { Finding = found, DetectedAt = now, FindingDetail = detail, FindingUrl = url };
        }
        return updated;
    }

    /// <summary>How bad a finding is: a worse one replaces an open one, a milder one does not.</summary>
    public static int Severity(FindingKind kind) => kind switch
    {
        FindingKind.Broken => 3,
        FindingKind.Moved => 2,
        _ => 1,
    };

    /// <summary>
    /// <see cref="Severity(FindingKind)"/>, and among changes: a cited section missing &gt; a claim gone &gt; a section
    /// changed &gt; the page changed.
    /// </summary>
    public static int Severity(FindingKind kind, SectionFinding? section) => Severity(kind) * 10 + (kind == FindingKind.Changed ? SectionRank(section) : 0);

    private static int SectionRank(SectionFinding? finding) => finding switch
    {
        null => 0,
        { Missing: true } => 3,
        { Claims.Count: > 0 } => 2,
        _ => 1,
    };

    /// <summary>
    /// <see cref="Flag(Citation, SourceVerdict, SourceState, DateTimeOffset)"/> for a runbook that cites only sections of
    /// the source: broken and moved flag it as any runbook; a change flags it only through the run's
    /// <paramref name="judgement"/> of its sections (<see cref="CitedSections"/>), null when they call for no review.
    /// </summary>
    public static Citation FlagSections(Citation citation, SourceVerdict verdict, SourceState next, DateTimeOffset now, SectionJudgement? judgement)
    {
        var updated = citation;
        if (citation.BaselineFingerprint is null && next.Fingerprint is not null && verdict.Outcome != CheckOutcome.Broken)
        {
            updated = updated with { BaselineFingerprint = next.Fingerprint, BaselineUrl = citation.BaselineUrl ?? next.Url };
        }
        if (verdict.Outcome == CheckOutcome.Broken)
        {
            return Raise(updated, FindingKind.Broken, null, verdict.Detail, next.Url, now);
        }
        if (verdict.Fetch.MovedTo is { } movedTo && !UrlComparer.SamePage(movedTo, new Uri(updated.BaselineUrl ?? next.Url)))
        {
            return Raise(updated, FindingKind.Moved, null, verdict.Detail, movedTo.ToString(), now);
        }
        return judgement is null ? updated : Raise(updated, FindingKind.Changed, judgement.Finding, judgement.Detail, next.Url, now);
    }

    /// <summary>The citation with this finding, unless its open one is as bad or worse.</summary>
    private static Citation Raise(Citation citation, FindingKind kind, SectionFinding? section, string? detail, string url, DateTimeOffset now) =>
        citation.Finding is { } open && Severity(kind, section) <= Severity(open, citation.FindingSection)
            ? citation
            : citation with { Finding = kind, DetectedAt = now, FindingDetail = detail, FindingUrl = url, FindingSection = section };

    /// <summary>The citation with a <c>changed</c> finding about a cited section, detected at <paramref name="detectedAt"/>.</summary>
    public static Citation WithSectionFinding(Citation citation, SectionJudgement judgement, DateTimeOffset detectedAt) => citation with
    {
        Finding = FindingKind.Changed,
        DetectedAt = detectedAt,
        FindingDetail = judgement.Detail,
        FindingUrl = citation.FindingUrl ?? citation.BaselineUrl,
        FindingSection = judgement.Finding,
    };
}
