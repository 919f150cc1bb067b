using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Storage.Tables;

internal sealed partial class TableReviewStore
{
    // ---------------------------------------------------------------- sources

    protected override Task<SourceState?> GetSourceCoreAsync(string sourceId, CancellationToken cancellationToken)
    {
        return RunAsync(async () =>
        {
            var found = await _sources.GetEntityIfExistsAsync<TableEntity>(SourcePartition, TableKeys.Encode(sourceId), cancellationToken: cancellationToken);
            return found.HasValue ? ReadSource(found.Value!, new StringPool()) : null;
        }, cancellationToken);
    }

    protected override Task<IReadOnlyList<SourceState>> GetSourcesCoreAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<SourceState>>(async () =>
        {
            var pool = new StringPool();
            var sources = await QueryAllAsync(_sources, TableClient.CreateQueryFilter($"PartitionKey eq {SourcePartition}"), e => ReadSource(e, pool), cancellationToken);
            return [.. sources.OrderBy(s => s.SourceId, StringComparer.Ordinal)];
        }, cancellationToken);

    protected override Task<IReadOnlyList<SourceState>> SaveSourcesCoreAsync(IReadOnlyCollection<SourceState> states, CancellationToken cancellationToken)
    {
        var ordered = states.ToList();
        ValidateAll(ordered, SourceEntity);
        return RunAsync<IReadOnlyList<SourceState>>(async () =>
        {
            var saved = new SourceState[ordered.Count];
            // All sources share one partition; its transactions touch different rows, so they may run side by side.
            var chunks = Enumerable.Range(0, (ordered.Count + MaxTransactionActions - 1) / MaxTransactionActions);
            await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = ParallelTransactions, CancellationToken = cancellationToken },
                async (chunk, token) =>
                {
                    var first = chunk * MaxTransactionActions;
                    var count = Math.Min(MaxTransactionActions, ordered.Count - first);
                    var actions = ordered.GetRange(first, count).Select(s => Write(SourceEntity(s), s.Version));
                    Response<IReadOnlyList<Response>> result;
                    try
                    {
                        result = await _sources.SubmitTransactionAsync(actions, token);
                    }
                    catch (TableTransactionFailedException e) when (e.Status is 404 or 412)
                    {
                        var failed = e.FailedTransactionActionIndex is { } index && index < count ? ordered[first + index].SourceId : null;
                        throw Conflict(failed is null ? "source" : $"source {failed}", e);
                    }
                    // Sub-responses come in the order of the actions.
                    for (var i = 0; i < count; i++)
                    {
                        saved[first + i] = ordered[first + i] with { Version = result.Value[i].Headers.ETag!.Value.ToString() };
                    }
                });
            return saved;
        }, cancellationToken);
    }

    private static TableEntity SourceEntity(SourceState state)
    {
        ArgumentException.ThrowIfNullOrEmpty(state.SourceId);
        var entity = new TableEntity(SourcePartition, TableKeys.Encode(state.SourceId));
        Set(entity, "SourceId", state.SourceId);
        Set(entity, "Url", state.Url);
        Set(entity, "FinalUrl", state.FinalUrl);
        Set(entity, "LastOutcome", state.LastOutcome?.Name());
        Set(entity, "HttpStatus", state.HttpStatus);
        Set(entity, "Detail", state.Detail);
        Set(entity, "LastCheckedAt", state.LastCheckedAt);
        Set(entity, "LastChangedAt", state.LastChangedAt);
        Set(entity, "ConsecutiveFailures", state.ConsecutiveFailures);
        Set(entity, "Fingerprint", state.Fingerprint);
        Set(entity, "PreviousFingerprint", state.PreviousFingerprint);
        Set(entity, "LastChangeSummary", state.LastChangeSummary);
        Set(entity, "HttpETag", state.HttpETag);
        Set(entity, "HttpLastModified", state.HttpLastModified);
        return entity;
    }

    private static SourceState ReadSource(TableEntity e, StringPool pool) => new()
    {
        SourceId = e.GetString("SourceId"),
        Url = pool.Share(e.GetString("Url")),
        FinalUrl = pool.Share(e.GetString("FinalUrl")),
        LastOutcome = e.GetString("LastOutcome") is { } outcome ? CheckNames.ParseOutcome(outcome) : null,
        HttpStatus = e.GetInt32("HttpStatus"),
        Detail = e.GetString("Detail"),
        LastCheckedAt = e.GetDateTimeOffset("LastCheckedAt"),
        LastChangedAt = e.GetDateTimeOffset("LastChangedAt"),
        ConsecutiveFailures = e.GetInt32("ConsecutiveFailures") ?? 0,
        Fingerprint = e.GetString("Fingerprint"),
        PreviousFingerprint = e.GetString("PreviousFingerprint"),
        LastChangeSummary = e.GetString("LastChangeSummary"),
        HttpETag = e.GetString("HttpETag"),
        HttpLastModified = pool.Share(e.GetString("HttpLastModified")),
        Version = e.ETag.ToString(),
    };

    // ---------------------------------------------------------------- snapshots

    protected override Task SaveSnapshotCoreAsync(string sourceId, string fingerprint, string content, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Encode(sourceId);
        var headKey = TableKeys.Encode(fingerprint);
        var compressed = SnapshotCompression.Compress(content);
        var chunkCount = Math.Max(1, (compressed.Length + SnapshotChunkBytes - 1) / SnapshotChunkBytes);
        return RunAsync(async () =>
        {
            if (chunkCount == 1)
            {
                // Most pages fit one row: adding it is the whole save, and a head already there means done.
                await AddIfAbsentAsync(_snapshots, SnapshotHead(partition, headKey, sourceId, fingerprint, compressed, chunkCount), cancellationToken);
                return true;
            }
            // A fingerprint names one content: once its head is there, the snapshot is complete.
            var head = await _snapshots.GetEntityIfExistsAsync<TableEntity>(partition, headKey, ["ChunkCount"], cancellationToken);
            if (head.HasValue)
            {
                return true;
            }

            var rows = new List<TableTransactionAction>(chunkCount);
            for (var index = chunkCount - 1; index >= 0; index--)
            {
                var start = index * SnapshotChunkBytes;
                var row = index == 0
                    ? SnapshotHead(partition, headKey, sourceId, fingerprint, compressed, chunkCount)
                    : new TableEntity(partition, SnapshotChunkKey(headKey, index))
                    {
                        ["Data"] = compressed.AsSpan(start, Math.Min(SnapshotChunkBytes, compressed.Length - start)).ToArray(),
                    };
                rows.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, row));
            }

            // The head is the last action of the last transaction.
            for (var offset = 0; offset < rows.Count; offset += SnapshotChunksPerTransaction)
            {
                await _snapshots.SubmitTransactionAsync(rows.Skip(offset).Take(SnapshotChunksPerTransaction), cancellationToken);
            }
            return true;
        }, cancellationToken);
    }

    protected override Task<string?> GetSnapshotCoreAsync(string sourceId, string fingerprint, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Encode(sourceId);
        var headKey = TableKeys.Encode(fingerprint);
        return RunAsync(async () =>
        {
            // Encoded keys never contain '|', so "head|" .. "head}" holds exactly this snapshot's chunk rows.
            var filter = TableClient.CreateQueryFilter(
                $"PartitionKey eq {partition} and (RowKey eq {headKey} or (RowKey gt {headKey + "|"} and RowKey lt {headKey + "}"}))");
            var rows = await QueryAllAsync(_snapshots, filter, e => e, cancellationToken);
            var head = rows.FirstOrDefault(r => r.RowKey == headKey);
            if (head is null)
            {
                return null;
            }

            var chunkCount = head.GetInt32("ChunkCount") ?? 0;
            var compressedLength = head.GetInt32("CompressedLength") ?? 0;
            var chunks = rows.OrderBy(r => r.RowKey == headKey ? "" : r.RowKey, StringComparer.Ordinal).Select(r => r.GetBinary("Data")).ToList();
            if (chunks.Count != chunkCount || chunks.Sum(c => c.Length) != compressedLength)
            {
                throw new InvalidDataException($"The snapshot {fingerprint} of source {sourceId} is incomplete in {_endpoint}.");
            }
            return SnapshotCompression.Decompress(chunks.Count == 1 ? chunks[0] : [.. chunks.SelectMany(c => c)]);
        }, cancellationToken);
    }

    private static string SnapshotChunkKey(string headKey, int index) => $"{headKey}|{index:D5}";

    /// <summary>The head row: chunk 0 of the compressed content, and how many chunks make the whole.</summary>
    private static TableEntity SnapshotHead(string partition, string headKey, string sourceId, string fingerprint, byte[] compressed, int chunkCount) =>
        new(partition, headKey)
        {
            ["Data"] = compressed.AsSpan(0, Math.Min(SnapshotChunkBytes, compressed.Length)).ToArray(),
            ["SourceId"] = sourceId,
            ["Fingerprint"] = fingerprint,
            ["ChunkCount"] = chunkCount,
            ["CompressedLength"] = compressed.Length,
        };
}
