namespace ReviewCadence.Storage.Sqlite;

internal sealed partial class SqliteReviewStore
{
    // ---------------------------------------------------------------- snapshot anchors (table snapshot_anchors)

    protected override Task SaveSnapshotAnchorsCoreAsync(string sourceId, string fingerprint, IReadOnlyDictionary<string, int> anchors, CancellationToken cancellationToken)
    {
        // Written with the snapshots that wait (see WriteSnapshotGroupAsync), in the order saved.
        return _snapshotWrites.AddAsync(new PendingSnapshot(sourceId, fingerprint, SnapshotAnchors.Encode(anchors), IsAnchors: true), cancellationToken);
    }

    protected override async Task<IReadOnlyDictionary<string, int>?> GetSnapshotAnchorsCoreAsync(string sourceId, string fingerprint, CancellationToken cancellationToken)
    {
        var found = await QueryAsync("SELECT anchors FROM snapshot_anchors WHERE source_id = @source_id AND fingerprint = @fingerprint;",
            r => SnapshotAnchors.Decode((byte[])r.GetValue(0)), cancellationToken,
            ("@source_id", sourceId), ("@fingerprint", fingerprint));
        return found.Count == 0 ? null : found[0];
    }
}
