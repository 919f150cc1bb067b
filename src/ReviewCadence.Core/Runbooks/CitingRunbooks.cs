using ReviewCadence.Catalog;
using ReviewCadence.Checking;
using ReviewCadence.Storage;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Runbooks;

/// <summary>
/// The runbooks' side of a check run (<see cref="ICitingRunbooks"/>): the rules of <see cref="RunbookFindings"/>
/// applied to the stored citations, and the runbooks' statuses for the run's report.
/// </summary>
internal sealed class CitingRunbooks(IReviewStore store, RunbookStatusService statuses) : ICitingRunbooks
{
    public async Task<IReadOnlyList<Citation>> SyncCitationsAsync(
        ReviewCatalog catalog, IReadOnlyDictionary<string, SourceState> states, IReadOnlySet<string>? deferNewOf, CancellationToken cancellationToken)
    {
        var changes = RunbookFindings.Reconcile(catalog, await store.GetAllCitationsAsync(cancellationToken), states);
        changes = await JudgeNewSectionCitationsAsync(catalog, states, changes, cancellationToken);
        var added = deferNewOf is null ? changes.Added : [.. changes.Added.Where(c => !deferNewOf.Contains(c.SourceId))];
        if (added.Count > 0)
        {
            await store.SaveCitationsAsync(added, cancellationToken);
        }
        if (changes.Removed.Count > 0)
        {
            await store.DeleteCitationsAsync(changes.Removed, cancellationToken);
        }
        return changes.Current;
    }

    public async Task<IReadOnlyList<Citation>> FlagAsync(
        ReviewCatalog catalog, IReadOnlyList<Citation> citing, SourceVerdict verdict, SourceState? previous, SourceState next, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sections = new CitedSectionReader(store); // one page's versions, read once for all its citing runbooks
        var changed = new List<Citation>();
        foreach (var citation in citing)
        {
            var runbook = catalog.FindRunbook(citation.RunbookId);
            Citation updated;
            if (runbook is null || runbook.ReliesOnWholePage(citation.SourceId))
            {
                updated = RunbookFindings.Flag(citation, verdict, next, now);
            }
            else
            {
                // Judged every run, from the stored versions (one or two snapshot reads per page, shared by its citing
                // runbooks): the page may have changed, and so may what the catalog says the runbook relies on.
                SectionJudgement? judgement = null;
                if (verdict.Outcome != CheckOutcome.Broken && next.Fingerprint is { } current)
                {
                    judgement = await sections.JudgeAsync(runbook.CitationsOf(citation.SourceId), citation.SourceId, citation.BaselineFingerprint, current, cancellationToken);
                }
                updated = RunbookFindings.FlagSections(citation, verdict, next, now, judgement);
            }
            if (updated != citation)
            {
                changed.Add(updated);
            }
        }
        return changed;
    }

    /// <summary>
    /// A runbook that starts citing sections of a page already checked is told at once when a section is not there or a
    /// claim is not in it: its baseline is the page as it is, so nothing else can have changed yet.
    /// </summary>
    private async Task<CitationChanges> JudgeNewSectionCitationsAsync(
        ReviewCatalog catalog, IReadOnlyDictionary<string, SourceState> states, CitationChanges changes, CancellationToken cancellationToken)
    {
        var judged = new Dictionary<(string, string), Citation>();
        foreach (var group in changes.Added.GroupBy(c => c.SourceId))
        {
            var sections = new CitedSectionReader(store);
            foreach (var citation in group)
            {
                if (citation.BaselineFingerprint is not { } baseline || catalog.FindRunbook(citation.RunbookId) is not { } runbook || runbook.ReliesOnWholePage(citation.SourceId))
                {
                    continue;
                }
                if (await sections.JudgeAsync(runbook.CitationsOf(citation.SourceId), citation.SourceId, baseline, baseline, cancellationToken) is { } judgement)
                {
                    judged[(citation.SourceId, citation.RunbookId)] = RunbookFindings.WithSectionFinding(
                        citation, judgement, states.GetValueOrDefault(citation.SourceId)?.LastCheckedAt ?? default);
                }
            }
        }
        if (judged.Count == 0)
        {
            return changes;
        }
        Citation Judged(Citation c) => judged.GetValueOrDefault((c.SourceId, c.RunbookId), c);
        return changes with { Added = [.. changes.Added.Select(Judged)], Current = [.. changes.Current.Select(Judged)] };
    }

    public async Task<IReadOnlyList<RunbookCheckResult>> ReportAsync(
        ReviewCatalog catalog, IReadOnlySet<string> runbookIds, IReadOnlyCollection<Citation> citations, CancellationToken cancellationToken)
    {
        var all = await statuses.GetAllAsync(catalog, citations, cancellationToken);
        return all.Where(r => runbookIds.Contains(r.Id))
            .Select(r => new RunbookCheckResult(r.Id, r.Status, r.Findings.Select(f => new CheckFinding(f.Source, f.Kind) { Section = f.Section, Claims = f.Claims }).ToList()))
            .ToList();
    }
}
