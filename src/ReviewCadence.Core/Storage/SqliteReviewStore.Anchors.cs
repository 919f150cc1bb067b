namespace ReviewCadence.Storage;

public sealed partial class SqliteReviewStore
{
    // ---------------------------------------------------------------- snapshot anchors (table snapshot_anchors)

    public Task SaveSnapshotAnchorsAsync(string sourceId, string fingerprint, IReadOnlyDictionary<string, int> anchors, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        ArgumentNullException.ThrowIfNull(anchors);
        // Written with the snapshots that wait (see WriteSnapshotGroupsAsync), in the order saved.
        return EnqueueSnapshotWrite(new PendingSnapshot(sourceId, fingerprint, SnapshotAnchors.Encode(anchors), IsAnchors: true,
            new(TaskCreationOptions.RunContinuationsAsynchronously)), cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, int>?> GetSnapshotAnchorsAsync(string sourceId, string fingerprint, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        var found = await QueryAsync("SELECT anchors FROM snapshot_anchors WHERE source_id = @source_id AND fingerprint = @fingerprint;",
            r => SnapshotAnchors.Decode((byte[])r.GetValue(0)), cancellationToken,
            ("@source_id", sourceId), ("@fingerprint", fingerprint));
        return found.Count == 0 ? null : found[0];
    }
}
