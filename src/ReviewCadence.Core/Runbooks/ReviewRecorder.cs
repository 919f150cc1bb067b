using ReviewCadence.Catalog;
using ReviewCadence.Storage;

namespace ReviewCadence.Runbooks;

/// <summary>
/// Records a re-review: the history entry first, then every citation of the runbook re-baselined on
/// its source's current version with its finding cleared. Interrupted between the two, the findings
/// stay open (the safe side) and recording again completes it.
/// </summary>
public sealed class ReviewRecorder(IReviewStore store, TimeProvider clock)
{
    /// <summary>The results a review may record.</summary>
    public static readonly string[] Results = [ReviewResults.Pass, ReviewResults.Fail];
    /// <summary>The longest notes a review keeps (they are returned on every read of the runbook).</summary>
    public const int MaxNotesLength = 10_000;
    /// <summary>The longest reviewer (a role or a name).</summary>
    public const int MaxReviewerLength = 200;

    /// <summary>Records the review <paramref name="input"/> describes and re-baselines the runbook's citations; a <see cref="ReviewRejectedException"/> names the field to change, a <see cref="KeyNotFoundException"/> an unknown runbook.</summary>
    public async Task<ReviewRecord> RecordAsync(ReviewCatalog catalog, ReviewInput input, CancellationToken cancellationToken)
    {
        var runbook = catalog.FindRunbook(input.RunbookId)
            ?? throw new KeyNotFoundException($"no runbook '{Printable.Clip(input.RunbookId)}' in {catalog.FilePath}");
        if (string.IsNullOrWhiteSpace(input.Reviewer))
        {
            throw new ReviewRejectedException("reviewer", "a review needs the reviewer's role (reviewer)");
        }
        if (input.Reviewer.Length > MaxReviewerLength || input.Reviewer.Any(char.IsControl))
        {
            throw new ReviewRejectedException("reviewer", $"reviewer must be one line of at most {MaxReviewerLength} characters");
        }
        if (input.Notes is { Length: > MaxNotesLength })
        {
            throw new ReviewRejectedException("notes", $"notes must be at most {MaxNotesLength:N0} characters, not {input.Notes.Length:N0}; link to a longer write-up instead");
        }
        var result = input.Result.Trim().ToLowerInvariant();
        if (!Results.Contains(result))
        {
            throw new ReviewRejectedException("result", $"result must be 'pass' or 'fail', not '{Printable.Clip(input.Result)}'");
        }

        var now = clock.GetUtcNow();
        var review = new ReviewRecord
        {
            Id = Guid.NewGuid().ToString("n"),
            RunbookId = runbook.Id,
            ReviewedAt = now,
            Reviewer = input.Reviewer.Trim(),
            Result = result,
            Notes = string.IsNullOrWhiteSpace(input.Notes) ? null : input.Notes.Trim(),
            FollowUpOwner = runbook.Owner,
            SourcesChecked = runbook.SourceIds,
        };
        await store.AddReviewAsync(review, cancellationToken);
        await RebaselineAsync(catalog, runbook, cancellationToken);
        return review;
    }

    private async Task RebaselineAsync(ReviewCatalog catalog, RunbookDefinition runbook, CancellationToken cancellationToken)
    {
        // A check may update the same citations concurrently; on a lost race, re-read and try again.
        for (var attempt = 1; ; attempt++)
        {
            var existing = (await store.GetCitationsForRunbookAsync(runbook.Id, cancellationToken)).ToDictionary(c => c.SourceId);
            var updated = new List<Citation>();
            foreach (var sourceId in runbook.SourceIds)
            {
                var state = await store.GetSourceAsync(sourceId, cancellationToken);
                var url = catalog.FindSource(sourceId)?.Url.ToString() ?? state?.Url ?? "";
                updated.Add(new Citation
                {
                    SourceId = sourceId,
                    RunbookId = runbook.Id,
                    BaselineFingerprint = state?.Fingerprint,
                    BaselineUrl = state?.FinalUrl ?? url,
                    Version = existing.GetValueOrDefault(sourceId)?.Version,
                });
            }
            try
            {
                await store.SaveCitationsAsync(updated, cancellationToken);
                return;
            }
            catch (StoreConflictException) when (attempt < 5)
            {
            }
        }
    }
}
