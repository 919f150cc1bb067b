using ReviewCadence.Catalog;
using ReviewCadence.Storage;

namespace ReviewCadence.Runbooks;

/// <summary>Computes each runbook's status from the catalog, its latest review and its open findings.</summary>
public sealed class RunbookStatusService(IReviewStore store, TimeProvider clock)
{
    public async Task<IReadOnlyList<RunbookStatus>> GetAllAsync(ReviewCatalog catalog, CancellationToken cancellationToken) =>
        await GetAllAsync(catalog, await store.GetAllCitationsAsync(cancellationToken), cancellationToken);

    /// <summary>Every runbook's status from citations the caller holds as stored (a check run that has just written them).</summary>
    public async Task<IReadOnlyList<RunbookStatus>> GetAllAsync(ReviewCatalog catalog, IEnumerable<Citation> citations, CancellationToken cancellationToken)
    {
        var latest = await store.GetLatestReviewsAsync(cancellationToken);
        var findings = citations.Where(c => c.HasFinding).ToLookup(c => c.RunbookId);
        return catalog.Runbooks.Select(r => Build(catalog, r, latest.GetValueOrDefault(r.Id), findings[r.Id])).ToList();
    }

    public async Task<RunbookStatus?> GetAsync(ReviewCatalog catalog, string runbookId, CancellationToken cancellationToken) =>
        (await GetWithReviewsAsync(catalog, runbookId, cancellationToken))?.Status;

    /// <summary>One runbook's status and its review history (newest first), from one read of each.</summary>
    public async Task<(RunbookStatus Status, IReadOnlyList<ReviewRecord> Reviews)?> GetWithReviewsAsync(ReviewCatalog catalog, string runbookId, CancellationToken cancellationToken)
    {
        if (catalog.FindRunbook(runbookId) is not { } runbook)
        {
            return null;
        }
        var citations = await store.GetCitationsForRunbookAsync(runbookId, cancellationToken);
        var reviews = await store.GetReviewsAsync(runbookId, cancellationToken);
        return (Build(catalog, runbook, reviews.FirstOrDefault(), citations.Where(c => c.HasFinding)), reviews);
    }

    /// <summary>The date the runbook was last vouched for: its newest recorded review, else the catalog's seed.</summary>
    public static DateOnly? LastReviewed(RunbookDefinition runbook, ReviewRecord? latest) =>
        latest is not null ? DateOnly.FromDateTime(latest.ReviewedAt.UtcDateTime) : runbook.LastReviewed;

    private RunbookStatus Build(ReviewCatalog catalog, RunbookDefinition runbook, ReviewRecord? latest, IEnumerable<Citation> open)
    {
        var lastReviewed = LastReviewed(runbook, latest);
        var nextDue = lastReviewed?.AddDays(runbook.CadenceDays);
        var bySource = open.ToDictionary(c => c.SourceId);
        var findings = runbook.SourceIds
            .Where(bySource.ContainsKey)
            .Select(id => bySource[id])
            .Select(c => new RunbookFinding(
                c.SourceId,
                c.FindingUrl ?? catalog.FindSource(c.SourceId)?.Url.ToString() ?? "",
                c.Finding!.Value,
                c.DetectedAt ?? default,
                c.FindingDetail).WithSection(c.FindingSection))
            .ToList();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return new RunbookStatus
        {
            Id = runbook.Id,
            Title = runbook.Title,
            Owner = runbook.Owner,
            Status = RunbookStatusNames.Evaluate(findings.Count > 0, nextDue, catalog.Reminders.DueSoonDays, today),
            LastReviewed = lastReviewed,
            NextReviewDue = nextDue,
            Findings = findings,
            Document = runbook.Document,
        };
    }
}
