using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ReviewCadence.Catalog;
using ReviewCadence.Storage;

namespace ReviewCadence.Runbooks;

/// <summary>Computes each runbook's status from the catalog, its latest review and its open findings.</summary>
public sealed class RunbookStatusService(IReviewStore store, TimeProvider clock, ILogger<RunbookStatusService>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<RunbookStatusService>.Instance;

    /// <summary>Every runbook's status, in catalog order, from the citations as stored.</summary>
    public async Task<IReadOnlyList<RunbookStatus>> GetAllAsync(ReviewCatalog catalog, CancellationToken cancellationToken) =>
        await GetAllAsync(catalog, await store.GetAllCitationsAsync(cancellationToken), cancellationToken);

    /// <summary>Every runbook's status from citations the caller holds as stored (a check run that has just written them).</summary>
    public async Task<IReadOnlyList<RunbookStatus>> GetAllAsync(ReviewCatalog catalog, IEnumerable<Citation> citations, CancellationToken cancellationToken)
    {
        var latest = await store.GetLatestReviewsAsync(cancellationToken);
        var findings = citations.Where(c => c.HasFinding).ToLookup(c => c.RunbookId);
        var statuses = new List<RunbookStatus>(catalog.Runbooks.Count);
        foreach (var runbook in catalog.Runbooks)
        {
            var newest = latest.GetValueOrDefault(runbook.Id);
            if (newest is not null && !DateRange.Contains(newest.ReviewedAt))
            {
                // Written before dates were range-checked (review --now 9999-12-15): the reviews before it count.
                var counted = Counted(await store.GetReviewsAsync(runbook.Id, cancellationToken));
                statuses.Add(Build(catalog, runbook, counted.FirstOrDefault(), LastPass(counted), findings[runbook.Id]));
                continue;
            }
            // A failed newest review: the cadence runs from the last pass, which only the runbook's history knows (rare).
            var lastPass = newest is null || newest.Result == ReviewResults.Pass ? newest
                : LastPass(await store.GetReviewsAsync(runbook.Id, cancellationToken));
            statuses.Add(Build(catalog, runbook, newest, lastPass, findings[runbook.Id]));
        }
        return statuses;
    }

    /// <summary>One runbook's status; null when the catalog has no such runbook.</summary>
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
        var counted = Counted(reviews);
        return (Build(catalog, runbook, counted.FirstOrDefault(), LastPass(counted), citations.Where(c => c.HasFinding)), reviews);
    }

    /// <summary>The reviews dated within <see cref="DateRange"/>; one outside it stays in the history but does not count (warned, with what to do).</summary>
    private IReadOnlyList<ReviewRecord> Counted(IReadOnlyList<ReviewRecord> newestFirst)
    {
        foreach (var review in newestFirst.Where(r => !DateRange.Contains(r.ReviewedAt)))
        {
            _logger.LogWarning(
                "review {ReviewId} of runbook {RunbookId} is dated {ReviewedAt:yyyy-MM-dd}, outside the dates ReviewCadence accepts ({Range}); it stays in the history but does not count: the review before it does. If it was a real review, record it again with the right date (reviewcadence review {RunbookId} --reviewer ROLE)",
                review.Id, review.RunbookId, review.ReviewedAt.UtcDateTime, DateRange.Description, review.RunbookId);
        }
        return newestFirst.Where(r => DateRange.Contains(r.ReviewedAt)).ToList();
    }

    /// <summary>The date the runbook was last vouched for: its newest passing review, else the catalog's seed.</summary>
    public static DateOnly? LastReviewed(RunbookDefinition runbook, ReviewRecord? lastPass) =>
        lastPass is not null ? DateOnly.FromDateTime(lastPass.ReviewedAt.UtcDateTime) : runbook.LastReviewed;

    private static ReviewRecord? LastPass(IReadOnlyList<ReviewRecord> newestFirst) => newestFirst.FirstOrDefault(r => r.Result == ReviewResults.Pass);

    private RunbookStatus Build(ReviewCatalog catalog, RunbookDefinition runbook, ReviewRecord? newest, ReviewRecord? lastPass, IEnumerable<Citation> open)
    {
        var lastReviewed = LastReviewed(runbook, lastPass);
        var nextDue = lastReviewed?.AddDaysClamped(runbook.CadenceDays);
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
        if (newest is { Result: ReviewResults.Fail })
        {
            findings.Insert(0, RunbookFinding.FailedReview(newest));
        }
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var overdue = nextDue is not { } due || today > due;
        return new RunbookStatus
        {
            Id = runbook.Id,
            Title = runbook.Title,
            Owner = runbook.Owner,
            Status = RunbookStatusNames.Evaluate(findings.Count > 0, nextDue, catalog.Reminders.DueSoonDays, today),
            LastReviewed = lastReviewed,
            NextReviewDue = nextDue,
            Overdue = overdue,
            DaysOverdue = overdue && nextDue is { } dueDate ? today.DayNumber - dueDate.DayNumber : null,
            Findings = findings,
            Document = runbook.Document,
        };
    }
}
