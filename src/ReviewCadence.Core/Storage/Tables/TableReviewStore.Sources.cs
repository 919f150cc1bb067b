using ReviewCadence.Vocabulary;

namespace ReviewCadence.Storage.Tables;

internal sealed partial class TableReviewStore
{
    // ---------------------------------------------------------------- sources (layout 3: packed in bucket pages)

    private static readonly PackedKind<string, SourceState> SourceStates = new(
        What: "source states",
        Format: 1,
        Key: s => s.SourceId,
        Comparer: StringComparer.Ordinal,
        Bucket: s => BucketPages.BucketOf(s.SourceId),
        Version: s => s.Version,
        Versioned: true,
        Describe: s => $"source {s.SourceId}",
        Write: WriteSourceState,
        Read: ReadSourceState,
        Order: Comparer<SourceState>.Create((a, b) => string.CompareOrdinal(a.SourceId, b.SourceId)));

    protected override Task<SourceState?> GetSourceCoreAsync(string sourceId, CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var bucket = BucketPages.BucketOf(sourceId);
            var read = await _sourceStates.ReadAsync([bucket], cancellationToken);
            return read[bucket].Items.GetValueOrDefault(sourceId);
        }, cancellationToken);

    protected override Task<IReadOnlyList<SourceState>> GetSourcesCoreAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<SourceState>>(async () => await _sourceStates.ReadAllAsync(cancellationToken), cancellationToken);

    protected override Task<IReadOnlyList<SourceState>> GetSourcesCoreAsync(IReadOnlyList<string> sourceIds, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<SourceState>>(async () =>
        {
            var read = await _sourceStates.ReadAsync([.. sourceIds.Select(BucketPages.BucketOf).Distinct()], cancellationToken);
            return [.. sourceIds.Select(id => read[BucketPages.BucketOf(id)].Items.GetValueOrDefault(id))
                .OfType<SourceState>().OrderBy(s => s.SourceId, StringComparer.Ordinal)];
        }, cancellationToken);

    protected override Task<IReadOnlyList<SourceState>> SaveSourcesCoreAsync(IReadOnlyCollection<SourceState> states, CancellationToken cancellationToken)
    {
        var ordered = states.ToList();
        foreach (var state in ordered)
        {
            ValidateSource(state);
        }
        return RunAsync<IReadOnlyList<SourceState>>(async () =>
        {
            var version = await _sourceStates.WriteAsync(ordered, [], cancellationToken);
            return [.. ordered.Select(s => s with { Version = version })];
        }, cancellationToken);
    }

    /// <summary>What the Table store cannot keep is refused before anything is written (as each entity's strings are).</summary>
    private static void ValidateSource(SourceState state)
    {
        ArgumentException.ThrowIfNullOrEmpty(state.SourceId);
        ArgumentNullException.ThrowIfNull(state.Url);
        var entity = new Azure.Data.Tables.TableEntity();
        Set(entity, "SourceId", state.SourceId);
        Set(entity, "Url", state.Url);
        Set(entity, "FinalUrl", state.FinalUrl);
        Set(entity, "Detail", state.Detail);
        Set(entity, "Fingerprint", state.Fingerprint);
        Set(entity, "PreviousFingerprint", state.PreviousFingerprint);
        Set(entity, "LastChangeSummary", state.LastChangeSummary);
        Set(entity, "HttpETag", state.HttpETag);
        Set(entity, "HttpLastModified", state.HttpLastModified);
    }

    private static void WriteSourceState(BinaryWriter w, SourceState s, string? version)
    {
        w.Write(s.SourceId);
        w.Write(s.Url);
        BucketPages.Text(w, s.FinalUrl);
        BucketPages.Text(w, s.LastOutcome?.Name());
        BucketPages.Number(w, s.HttpStatus);
        BucketPages.Text(w, s.Detail);
        BucketPages.Time(w, s.LastCheckedAt);
        BucketPages.Time(w, s.LastChangedAt);
        w.Write(s.ConsecutiveFailures);
        BucketPages.Text(w, s.Fingerprint);
        BucketPages.Text(w, s.PreviousFingerprint);
        BucketPages.Text(w, s.LastChangeSummary);
        BucketPages.Text(w, s.HttpETag);
        BucketPages.Text(w, s.HttpLastModified);
        w.Write(version ?? throw new InvalidOperationException("A packed source state needs its version."));
    }

    private static SourceState ReadSourceState(BinaryReader r, StringPool pool) => new()
    {
        SourceId = pool.Share(r.ReadString()),
        Url = pool.Share(r.ReadString()),
        FinalUrl = pool.Share(BucketPages.Text(r)),
        LastOutcome = BucketPages.Text(r) is { } outcome ? CheckNames.ParseOutcome(outcome) : null,
        HttpStatus = BucketPages.Number(r),
        Detail = BucketPages.Text(r),
        LastCheckedAt = BucketPages.Time(r),
        LastChangedAt = BucketPages.Time(r),
        ConsecutiveFailures = r.ReadInt32(),
        Fingerprint = pool.Share(BucketPages.Text(r)),
        PreviousFingerprint = BucketPages.Text(r),
        LastChangeSummary = BucketPages.Text(r),
        HttpETag = BucketPages.Text(r),
        HttpLastModified = pool.Share(BucketPages.Text(r)),
        Version = pool.Share(r.ReadString()),
    };
}
