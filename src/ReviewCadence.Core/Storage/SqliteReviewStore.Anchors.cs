namespace ReviewCadence.Storage;

public sealed partial class SqliteReviewStore
{
    // ---------------------------------------------------------------- snapshot anchors (table snapshot_anchors)

    public Task SaveSnapshotAnchorsAsync(string sourceId, string fingerprint, IReadOnlyDictionary<string, int> anchors, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        ArgumentNullException.ThrowIfNull(anchors);
        var encoded = SnapshotAnchors.Encode(anchors);
        // The same text may come with other ids (an id renamed, nothing else): the latest page's ids are kept.
        return WriteAsync((connection, transaction, _) => ExecuteAsync(connection, transaction,
            "INSERT INTO snapshot_anchors (source_id, fingerprint, anchors) VALUES (@source_id, @fingerprint, @anchors) ON CONFLICT (source_id, fingerprint) DO UPDATE SET anchors = excluded.anchors;",
            cancellationToken, ("@source_id", sourceId), ("@fingerprint", fingerprint), ("@anchors", encoded)), cancellationToken);
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
