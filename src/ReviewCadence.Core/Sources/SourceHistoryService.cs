using ReviewCadence.Catalog;
using ReviewCadence.Checking;
using ReviewCadence.Extraction;
using ReviewCadence.Storage;

namespace ReviewCadence.Sources;

/// <summary>A source's history as <c>history --json</c> and <c>GET /api/sources/{id}/history</c> show it, newest first.</summary>
public sealed record SourceHistory(string Source, string Url, IReadOnlyList<SourceHistoryVersion> Versions);

/// <summary>One kept version: <c>{"version", "fingerprint", "firstSeen", "lastSeen", "summary"}</c>.</summary>
public sealed record SourceHistoryVersion(int Version, string Fingerprint, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, string? Summary);

/// <summary>A version asked for that the history does not keep (never existed, or pruned).</summary>
internal sealed class UnknownSourceVersionException(string message) : KeyNotFoundException(message);

/// <summary>Reads a source's history and compares any two of its versions, for <c>history</c>, <c>diff</c> and the API.</summary>
public sealed class SourceHistoryService
{
    private readonly IReviewStore store;
    private readonly SourceOverviewService overview;

    // Internal: built by AddReviewCadence from the pipeline's internal services (hosts resolve it, never construct it).
    internal SourceHistoryService(
        IReviewStore store,
        SourceOverviewService overview)
    {
        this.store = store;
        this.overview = overview;
    }

    /// <summary>The source's kept versions, newest first; null when the catalog has no such source.</summary>
    public async Task<SourceHistory?> GetHistoryAsync(ReviewCatalog catalog, string sourceId, CancellationToken cancellationToken)
    {
        if (catalog.FindSource(sourceId) is not { } source)
        {
            return null;
        }
        var versions = await ReadAsync(sourceId, cancellationToken);
        return new SourceHistory(sourceId, source.Url.ToString(), versions.Select(v => new SourceHistoryVersion(v.Number, v.Fingerprint, v.FirstSeen, v.LastSeen, v.Summary)).ToList());
    }

    /// <summary>
    /// The difference between two kept versions; by default the newest against the one before it (the last change).
    /// Null when the catalog has no such source; <see cref="UnknownSourceVersionException"/> for a version not kept.
    /// </summary>
    public async Task<SourceDiff?> GetDiffAsync(ReviewCatalog catalog, string sourceId, int? fromVersion, int? toVersion, CancellationToken cancellationToken)
    {
        if (catalog.FindSource(sourceId) is not { } source)
        {
            return null;
        }
        var versions = await ReadAsync(sourceId, cancellationToken);
        if (fromVersion is null && toVersion is null && versions.Count < 2)
        {
            // Nothing in the history to compare (a store from before history was kept may still know the last change).
            var last = await overview.GetLastChangeAsync(catalog, sourceId, cancellationToken);
            return last! with { ToVersion = versions.FirstOrDefault()?.Number };
        }

        var to = toVersion is { } t ? Find(versions, sourceId, t) : versions[0];
        var from = fromVersion is { } f ? Find(versions, sourceId, f)
            : versions.FirstOrDefault(v => v.Number < to.Number)
              ?? throw new UnknownSourceVersionException($"source '{sourceId}' has no version before {to.Number} to compare with (kept: {Kept(versions)})");

        var before = await store.GetSnapshotAsync(sourceId, from.Fingerprint, cancellationToken) ?? "";
        var after = await store.GetSnapshotAsync(sourceId, to.Fingerprint, cancellationToken) ?? "";
        var diff = UnifiedDiff.Compute(before, after, $"{sourceId} v{from.Number} ({from.FirstSeen:u})", $"{sourceId} v{to.Number} ({to.FirstSeen:u})");
        return new SourceDiff
        {
            Source = sourceId,
            Url = source.Url.ToString(),
            FromVersion = from.Number,
            ToVersion = to.Number,
            ChangedAt = to.FirstSeen,
            // A summary describes one step; across several it would name only the last.
            Summary = NextAfter(versions, from) == to ? to.Summary : null,
            FromFingerprint = from.Fingerprint,
            ToFingerprint = to.Fingerprint,
            HasChange = from.Number != to.Number,
            Diff = UnifiedDiff.Format(diff),
            Hunks = diff,
        };
    }

    /// <summary>The stored versions, newest first, with the newest's "last seen" brought up to the source's last successful check.</summary>
    private async Task<IReadOnlyList<SourceVersion>> ReadAsync(string sourceId, CancellationToken cancellationToken)
    {
        var stored = (await store.GetSourceVersionsAsync(sourceId, cancellationToken)).OrderByDescending(v => v.Number).ToList();
        var state = await store.GetSourceAsync(sourceId, cancellationToken);
        if (state?.Fingerprint is not { } current)
        {
            return stored;
        }
        var seenAt = SourceHistoryRecorder.LastCheckSaw(state) ? state.LastCheckedAt : null;
        if (stored.Count == 0)
        {
            // History starts with the first change after an upgrade; until then the current content is version 1.
            var first = state.LastChangedAt ?? state.LastCheckedAt ?? default;
            return [new SourceVersion { SourceId = sourceId, Number = 1, Fingerprint = current, FirstSeen = first, LastSeen = seenAt ?? first }];
        }
        if (stored[0].Fingerprint == current && seenAt is { } seen && seen > stored[0].LastSeen)
        {
            stored[0] = stored[0] with { LastSeen = seen };
        }
        return stored;
    }

    private static SourceVersion Find(IReadOnlyList<SourceVersion> versions, string sourceId, int number) =>
        versions.FirstOrDefault(v => v.Number == number)
        ?? throw new UnknownSourceVersionException($"source '{sourceId}' has no version {number} (kept: {Kept(versions)})");

    private static SourceVersion? NextAfter(IReadOnlyList<SourceVersion> versions, SourceVersion version) =>
        versions.Where(v => v.Number > version.Number).MinBy(v => v.Number);

    private static string Kept(IReadOnlyList<SourceVersion> versions) =>
        versions.Count == 0 ? "none yet" : versions.Count == 1 ? $"{versions[0].Number}" : $"{versions[^1].Number} to {versions[0].Number}";
}
