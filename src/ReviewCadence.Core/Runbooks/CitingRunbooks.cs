using ReviewCadence.Catalog;
using ReviewCadence.Checking;
using ReviewCadence.Storage;

namespace ReviewCadence.Runbooks;

/// <summary>
/// The runbooks' side of a check run (<see cref="ICitingRunbooks"/>): the rules of <see cref="RunbookFindings"/>
/// applied to the stored citations, and the runbooks' statuses for the run's report.
/// </summary>
public sealed class CitingRunbooks(IReviewStore store, RunbookStatusService statuses) : ICitingRunbooks
{
    public async Task<IReadOnlyList<Citation>> SyncCitationsAsync(ReviewCatalog catalog, IReadOnlyDictionary<string, SourceState> states, CancellationToken cancellationToken)
    {
        var changes = RunbookFindings.Reconcile(catalog, await store.GetAllCitationsAsync(cancellationToken), states);
        if (changes.Added.Count > 0)
        {
            await store.SaveCitationsAsync(changes.Added, cancellationToken);
        }
        if (changes.Removed.Count > 0)
        {
            await store.DeleteCitationsAsync(changes.Removed, cancellationToken);
        }
        return changes.Current;
    }

    public IEnumerable<Citation> Flag(IEnumerable<Citation> citing, SourceVerdict verdict, SourceState next, DateTimeOffset now) =>
        RunbookFindings.Flag(citing, verdict, next, now);

    public async Task<IReadOnlyList<RunbookCheckResult>> ReportAsync(
        ReviewCatalog catalog, IReadOnlySet<string> runbookIds, IReadOnlyCollection<Citation> citations, CancellationToken cancellationToken)
    {
        var all = await statuses.GetAllAsync(catalog, citations, cancellationToken);
        return all.Where(r => runbookIds.Contains(r.Id))
            .Select(r => new RunbookCheckResult(r.Id, r.Status, r.Findings.Select(f => new CheckFinding(f.Source, f.Kind)).ToList()))
            .ToList();
    }
}
