using ReviewCadence.Catalog;
using ReviewCadence.Extraction;
using ReviewCadence.Storage;

namespace ReviewCadence.Runbooks;

/// <summary>
/// Reads what <see cref="CitedSections"/> judges: the outlines of a page's versions from their snapshots and anchors,
/// each version read once per use of this reader (runbooks reviewed against the same version share it).
/// </summary>
internal sealed class CitedSectionReader(IReviewStore store)
{
    private readonly Dictionary<(string Source, string Fingerprint), PageOutline?> _outlines = [];

    /// <summary>A version's outline; null when its snapshot is not stored.</summary>
    public async Task<PageOutline?> OutlineAsync(string sourceId, string fingerprint, CancellationToken cancellationToken)
    {
        if (_outlines.TryGetValue((sourceId, fingerprint), out var known))
        {
            return known;
        }
        var text = await store.GetSnapshotAsync(sourceId, fingerprint, cancellationToken);
        var outline = text is null ? null : PageOutline.Of(text, await store.GetSnapshotAnchorsAsync(sourceId, fingerprint, cancellationToken));
        _outlines[(sourceId, fingerprint)] = outline;
        return outline;
    }

    /// <summary>
    /// Judges one runbook's section citations of a source: the version it was reviewed against (null: first sight,
    /// nothing to compare) against the current one. Null when nothing calls for a review, or the current version is not stored.
    /// </summary>
    public async Task<SectionJudgement?> JudgeAsync(IReadOnlyList<SourceCitation> cited, string sourceId, string? baselineFingerprint, string currentFingerprint, CancellationToken cancellationToken)
    {
        if (await OutlineAsync(sourceId, currentFingerprint, cancellationToken) is not { } current)
        {
            return null;
        }
        PageOutline? baseline = null;
        var lost = false;
        if (baselineFingerprint is not null)
        {
            baseline = baselineFingerprint == currentFingerprint ? current : await OutlineAsync(sourceId, baselineFingerprint, cancellationToken);
            lost = baseline is null;
        }
        return CitedSections.Judge(cited, current, baseline, lost);
    }
}
