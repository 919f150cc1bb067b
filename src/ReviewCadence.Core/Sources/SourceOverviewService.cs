using ReviewCadence.Catalog;
using ReviewCadence.Extraction;
using ReviewCadence.Storage;

namespace ReviewCadence.Sources;

/// <summary>Reads what the store knows about sources, for the API, dashboard and <c>diff</c>.</summary>
internal sealed class SourceOverviewService(IReviewStore store)
{
    public async Task<IReadOnlyList<SourceOverview>> GetAllAsync(ReviewCatalog catalog, CancellationToken cancellationToken)
    {
        var states = (await store.GetSourcesAsync(cancellationToken)).ToDictionary(s => s.SourceId);
        return catalog.Sources.Select(source =>
        {
            var state = states.GetValueOrDefault(source.Id);
            return new SourceOverview
            {
                Id = source.Id,
                Url = source.Url.ToString(),
                Title = source.Title,
                LastOutcome = state?.LastOutcome,
                HttpStatus = state?.HttpStatus,
                FinalUrl = state?.FinalUrl,
                Detail = state?.Detail,
                LastChecked = state?.LastCheckedAt,
                LastChanged = state?.LastChangedAt,
                ConsecutiveFailures = state?.ConsecutiveFailures ?? 0,
                LastChangeSummary = state?.LastChangeSummary,
                CitedBy = catalog.RunbooksCiting(source.Id).Select(r => r.Id).ToList(),
            };
        }).ToList();
    }

    /// <summary>How the most recent check run ended; null before the first.</summary>
    public Task<LastCheckRecord?> GetLastCheckAsync(CancellationToken cancellationToken) => store.GetLastCheckAsync(cancellationToken);

    /// <summary>The last change of a source; null when the catalog has no such source.</summary>
    public async Task<SourceDiff?> GetLastChangeAsync(ReviewCatalog catalog, string sourceId, CancellationToken cancellationToken)
    {
        if (catalog.FindSource(sourceId) is not { } source)
        {
            return null;
        }
        var state = await store.GetSourceAsync(sourceId, cancellationToken);
        string before = "", after = "";
        if (state?.PreviousFingerprint is { } from && state.Fingerprint is { } to)
        {
            before = await store.GetSnapshotAsync(sourceId, from, cancellationToken) ?? "";
            after = await store.GetSnapshotAsync(sourceId, to, cancellationToken) ?? "";
        }
        var hasChange = state?.PreviousFingerprint is not null;
        var fromLabel = $"{sourceId} {state?.PreviousFingerprint?[..12] ?? "(none)"}";
        var toLabel = $"{sourceId} {state?.Fingerprint?[..12] ?? "(none)"}";
        var diff = UnifiedDiff.Compute(before, after, fromLabel, toLabel);
        return new SourceDiff
        {
            Source = sourceId,
            Url = source.Url.ToString(),
            ChangedAt = hasChange ? state!.LastChangedAt : null,
            Summary = state?.LastChangeSummary,
            FromFingerprint = state?.PreviousFingerprint,
            ToFingerprint = state?.Fingerprint,
            HasChange = hasChange,
            Diff = UnifiedDiff.Format(diff),
            Hunks = diff,
        };
    }
}
