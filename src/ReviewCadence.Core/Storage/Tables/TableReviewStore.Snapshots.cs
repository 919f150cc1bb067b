using Azure;
using Azure.Data.Tables;
using ReviewCadence.Diagnostics;

namespace ReviewCadence.Storage.Tables;

/// <summary>
/// Snapshots on Tables (table <c>snapshots2</c>, see the class comment). A check saves one per new page from many
/// concurrent sources; one request each made the store's round trips most of a cold check's store time, so one-chunk
/// snapshots saved while a write is under way wait and go together in the next transactions, one per bucket partition
/// (<see cref="GroupCommit{T}"/>, as the SQLite store does).
/// </summary>
internal sealed partial class TableReviewStore
{
    // Compressed bytes in one group transaction: base64 makes them a third more, and a transaction's body is at most 4 MiB.
    private const int MaxSnapshotTransactionBytes = 2_500_000;

    // One-chunk snapshots saved while others are being written, written together next (set up by the constructor).
    private readonly GroupCommit<PendingSnapshot> _snapshotWrites;

    /// <param name="Head">The snapshot's one row (head and only chunk).</param>
    /// <param name="Bytes">Its compressed size.</param>
    private sealed record PendingSnapshot(TableEntity Head, int Bytes);

    protected override Task SaveSnapshotCoreAsync(string sourceId, string fingerprint, string content, CancellationToken cancellationToken)
    {
        var source = TableKeys.Encode(sourceId);
        var partition = SnapshotPartition(source);
        var headKey = TableKeys.Composite(source, TableKeys.Encode(fingerprint));
        var compressed = SnapshotCompression.Compress(content);
        var chunkCount = Math.Max(1, (compressed.Length + SnapshotChunkBytes - 1) / SnapshotChunkBytes);
        return RunAsync(async () =>
        {
            if (chunkCount == 1)
            {
                // Most pages fit one row: adding it is the whole save, and a head already there means done.
                await _snapshotWrites.AddAsync(new PendingSnapshot(SnapshotHead(partition, headKey, sourceId, fingerprint, compressed, chunkCount),
                    compressed.Length), cancellationToken);
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
        var source = TableKeys.Encode(sourceId);
        var partition = SnapshotPartition(source);
        var headKey = TableKeys.Composite(source, TableKeys.Encode(fingerprint));
        return RunAsync(async () =>
        {
            // The head by point read (most snapshots are that one row), then any other chunks by their row range.
            var found = await _snapshots.GetEntityIfExistsAsync<TableEntity>(partition, headKey, cancellationToken: cancellationToken);
            if (!found.HasValue)
            {
                return null;
            }
            var head = found.Value!;
            var chunkCount = head.GetInt32("ChunkCount") ?? 0;
            var compressedLength = head.GetInt32("CompressedLength") ?? 0;
            List<byte[]> chunks = [head.GetBinary("Data")];
            if (chunkCount > 1)
            {
                var rest = await QueryAllAsync(_snapshots, TableKeys.UnderHead(partition, headKey), e => e, cancellationToken);
                chunks.AddRange(rest.OrderBy(r => r.RowKey, StringComparer.Ordinal).Select(r => r.GetBinary("Data")));
            }
            if (chunks.Count != chunkCount || chunks.Sum(c => c.Length) != compressedLength)
            {
                throw new InvalidDataException($"The snapshot {fingerprint} of source {sourceId} is incomplete in {_endpoint}.");
            }
            return SnapshotCompression.Decompress(chunks.Count == 1 ? chunks[0] : [.. chunks.SelectMany(c => c)]);
        }, cancellationToken);
    }

    /// <summary>
    /// Writes one group of waiting snapshots (<see cref="GroupCommit{T}"/>), a few transactions at once; each transaction
    /// settles its own snapshots, so one that fails fails only those.
    /// </summary>
    private async Task WriteSnapshotGroupAsync(IReadOnlyList<GroupCommit<PendingSnapshot>.Entry> group)
    {
        // The same snapshot saved twice at once is one row (a transaction may not name a row twice).
        var transactions = group.GroupBy(e => (e.Item.Head.PartitionKey, e.Item.Head.RowKey))
            .GroupBy(same => same.Key.PartitionKey, StringComparer.Ordinal)
            .SelectMany(PackSnapshots)
            .ToList();
        await Parallel.ForEachAsync(transactions, new ParallelOptions { MaxDegreeOfParallelism = ParallelTransactions }, async (transaction, _) =>
        {
            try
            {
                using (CheckTimings.Measure(CheckStep.SnapshotTransaction))
                {
                    await AddSnapshotsAsync(transaction, CancellationToken.None);
                }
                foreach (var entry in transaction.SelectMany(same => same))
                {
                    entry.Written.TrySetResult();
                }
            }
            catch (Exception e)
            {
                foreach (var entry in transaction.SelectMany(same => same))
                {
                    entry.Written.TrySetException(e);
                }
            }
        });
    }

    /// <summary>One partition's snapshots in transactions of up to 100 rows and <see cref="MaxSnapshotTransactionBytes"/>.</summary>
    private static IEnumerable<List<IGrouping<(string, string), GroupCommit<PendingSnapshot>.Entry>>> PackSnapshots(IEnumerable<IGrouping<(string, string), GroupCommit<PendingSnapshot>.Entry>> partition)
    {
        var transaction = new List<IGrouping<(string, string), GroupCommit<PendingSnapshot>.Entry>>();
        var bytes = 0;
        foreach (var snapshot in partition)
        {
            var size = snapshot.First().Item.Bytes;
            if (transaction.Count == MaxTransactionActions || (transaction.Count > 0 && bytes + size > MaxSnapshotTransactionBytes))
            {
                yield return transaction;
                (transaction, bytes) = ([], 0);
            }
            transaction.Add(snapshot);
            bytes += size;
        }
        if (transaction.Count > 0)
        {
            yield return transaction;
        }
    }

    /// <summary>Adds the heads; one already there (the same fingerprint saved before) is kept.</summary>
    private Task AddSnapshotsAsync(List<IGrouping<(string, string), GroupCommit<PendingSnapshot>.Entry>> transaction, CancellationToken cancellationToken) =>
        AddIfAbsentAsync(_snapshots, [.. transaction.Select(same => new TableTransactionAction(TableTransactionActionType.Add, same.First().Item.Head))], cancellationToken);

    /// <summary>The partition of a source's snapshots (by its encoded id).</summary>
    private static string SnapshotPartition(string encodedSource) => TableKeys.Bucket(encodedSource, SnapshotBuckets);

    /// <summary>A snapshot's rows: its head, and chunk rows "head|00001"… (no encoded part holds "|").</summary>
    private static string SnapshotRowsFilter(string partition, string headKey) => TableClient.CreateQueryFilter(
        $"PartitionKey eq {partition} and (RowKey eq {headKey} or (RowKey gt {headKey + "|"} and RowKey lt {headKey + "}"}))");

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
