using Azure.Data.Tables;

namespace ReviewCadence.Storage.Tables;

internal sealed partial class TableReviewStore
{
    // ---------------------------------------------------------------- snapshot anchors (table snapshotanchors: PK source id, RK fingerprint)

    protected override Task SaveSnapshotAnchorsCoreAsync(string sourceId, string fingerprint, IReadOnlyDictionary<string, int> anchors, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(TableKeys.Encode(sourceId), TableKeys.Encode(fingerprint))
        {
            ["Anchors"] = SnapshotAnchors.Encode(anchors),
        };
        // The same text may come with other ids (an id renamed, nothing else): the latest page's ids are kept.
        return RunAsync(async () =>
        {
            await _snapshotAnchors.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
            return true;
        }, cancellationToken);
    }

    protected override Task<IReadOnlyDictionary<string, int>?> GetSnapshotAnchorsCoreAsync(string sourceId, string fingerprint, CancellationToken cancellationToken)
    {
        return RunAsync<IReadOnlyDictionary<string, int>?>(async () =>
        {
            var found = await _snapshotAnchors.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(sourceId), TableKeys.Encode(fingerprint), ["Anchors"], cancellationToken);
            return found.HasValue && found.Value!.GetBinary("Anchors") is { } bytes ? SnapshotAnchors.Decode(bytes) : null;
        }, cancellationToken);
    }
}
