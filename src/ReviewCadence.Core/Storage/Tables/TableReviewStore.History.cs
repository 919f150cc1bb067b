using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace ReviewCadence.Storage.Tables;

/// <summary>
/// Source history on Tables: table <c>sourceversions2</c>, PK the source's bucket, RK source "|" the version number as 10
/// digits, so one row-range query reads a source's history and a check's new versions share transactions; snapshots a pruned version leaves behind are deleted head first, so an
/// interrupted delete leaves only chunk rows nobody reads, never a head without its chunks. A snapshot's anchors go with it.
/// </summary>
internal sealed partial class TableReviewStore
{
    protected override Task<IReadOnlyList<SourceVersion>> GetSourceVersionsCoreAsync(string sourceId, CancellationToken cancellationToken)
    {
        return RunAsync<IReadOnlyList<SourceVersion>>(async () =>
        {
            var source = TableKeys.Encode(sourceId);
            var versions = await QueryAllAsync(_sourceVersions, TableKeys.UnderHead(SourcePartitionOf(source), source), ReadVersion, cancellationToken);
            return [.. versions.OrderByDescending(v => v.Number)];
        }, cancellationToken);
    }

    /// <summary>
    /// A bucket holding several of the sources asked for is read whole (one partition query, the others' rows dropped);
    /// a source alone in its bucket is read by its row range. A cold check asks for every source: 16 queries, not 2,000.
    /// </summary>
    protected override Task<IReadOnlyDictionary<string, IReadOnlyList<SourceVersion>>> GetSourceHistoriesCoreAsync(IReadOnlyList<string> sourceIds, CancellationToken cancellationToken)
    {
        var buckets = sourceIds.GroupBy(id => SourcePartitionOf(TableKeys.Encode(id)), StringComparer.Ordinal).ToList();
        return RunAsync<IReadOnlyDictionary<string, IReadOnlyList<SourceVersion>>>(async () =>
        {
            var found = new System.Collections.Concurrent.ConcurrentBag<SourceVersion>();
            var reads = buckets.SelectMany(bucket => bucket.Count() >= WholeBucketReadThreshold
                ? [TableClient.CreateQueryFilter($"PartitionKey eq {bucket.Key}")]
                : bucket.Select(id => TableKeys.UnderHead(bucket.Key, TableKeys.Encode(id))));
            await Parallel.ForEachAsync(reads, new ParallelOptions { MaxDegreeOfParallelism = MaxSmallTransactionsInFlight / 2, CancellationToken = cancellationToken },
                async (filter, token) =>
                {
                    foreach (var version in await QueryAllAsync(_sourceVersions, filter, ReadVersion, token))
                    {
                        found.Add(version);
                    }
                });
            var bySource = found.ToLookup(v => v.SourceId, StringComparer.Ordinal);
            return sourceIds.ToDictionary(id => id, IReadOnlyList<SourceVersion> (id) => [.. bySource[id].OrderByDescending(v => v.Number)], StringComparer.Ordinal);
        }, cancellationToken);
    }

    protected override Task SaveSourceVersionsCoreAsync(IReadOnlyCollection<SourceVersion> versions, CancellationToken cancellationToken)
    {
        ValidateAll(versions, VersionEntity);
        return RunAsync(async () =>
        {
            await SubmitPerPartitionAsync(_sourceVersions, versions, v => SourcePartitionOf(TableKeys.Encode(v.SourceId)),
                v => new TableTransactionAction(TableTransactionActionType.UpsertReplace, VersionEntity(v)),
                e => $"version {e.RowKey} of source {e.GetString("SourceId")}", cancellationToken);
            return true;
        }, cancellationToken);
    }

    protected override Task DeleteSourceVersionsCoreAsync(string sourceId, IReadOnlyCollection<int> numbers, CancellationToken cancellationToken)
    {
        var source = TableKeys.Encode(sourceId);
        var partition = SourcePartitionOf(source);
        return RunAsync(async () =>
        {
            var deletes = numbers.Distinct().Select(n =>
                new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, TableKeys.Composite(source, NumberKey(n))), ETag.All));
            await SubmitPerPartitionAsync(_sourceVersions, deletes, e => $"version {e.RowKey} of source {sourceId}", cancellationToken);
            return true;
        }, cancellationToken);
    }

    protected override Task DeleteSnapshotsCoreAsync(string sourceId, IReadOnlyCollection<string> fingerprints, CancellationToken cancellationToken)
    {
        var source = TableKeys.Encode(sourceId);
        var partition = SnapshotPartition(source);
        return RunAsync(async () =>
        {
            foreach (var fingerprint in fingerprints.Distinct(StringComparer.Ordinal))
            {
                var headKey = TableKeys.Composite(source, TableKeys.Encode(fingerprint));
                var filter = SnapshotRowsFilter(partition, headKey);
                var keys = new List<string>();
                await foreach (var row in _snapshots.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
                {
                    keys.Add(row.RowKey);
                }
                // The head goes first, in the first transaction, and the rest after it: without the head the snapshot reads
                // as absent, whatever chunks remain.
                var ordered = keys.OrderBy(k => k == headKey ? "" : k, StringComparer.Ordinal)
                    .Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, k), ETag.All));
                foreach (var transaction in ordered.Chunk(MaxTransactionActions))
                {
                    await SubmitAsync(_snapshots, [.. transaction], _ => $"snapshot {fingerprint} of source {sourceId}", cancellationToken);
                }
                try
                {
                    await _snapshotAnchors.DeleteEntityAsync(source, TableKeys.Encode(fingerprint), ETag.All, cancellationToken);
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                }
            }
            return true;
        }, cancellationToken);
    }

    // Sources asked for in one bucket from which the bucket is read whole rather than source by source.
    private const int WholeBucketReadThreshold = 4;

    /// <summary>The partition of a source's versions (by its encoded id).</summary>
    private static string SourcePartitionOf(string encodedSource) => TableKeys.Bucket(encodedSource, CitationBuckets);

    private static string NumberKey(int number) => number.ToString("D10", CultureInfo.InvariantCulture);

    private static TableEntity VersionEntity(SourceVersion v)
    {
        var source = TableKeys.Encode(v.SourceId);
        var entity = new TableEntity(SourcePartitionOf(source), TableKeys.Composite(source, NumberKey(v.Number)));
        Set(entity, "SourceId", v.SourceId);
        Set(entity, "Number", v.Number);
        Set(entity, "Fingerprint", v.Fingerprint);
        // Ticks, not DateTime: the service keeps DateTime to fewer digits than a DateTimeOffset has.
        Set(entity, "FirstSeen", v.FirstSeen);
        Set(entity, "FirstSeenTicks", v.FirstSeen.UtcTicks);
        Set(entity, "LastSeenTicks", v.LastSeen.UtcTicks);
        Set(entity, "Summary", v.Summary);
        return entity;
    }

    private static SourceVersion ReadVersion(TableEntity e) => new()
    {
        SourceId = e.GetString("SourceId"),
        Number = e.GetInt32("Number") ?? 0,
        Fingerprint = e.GetString("Fingerprint"),
        FirstSeen = new DateTimeOffset(e.GetInt64("FirstSeenTicks") ?? 0, TimeSpan.Zero),
        LastSeen = new DateTimeOffset(e.GetInt64("LastSeenTicks") ?? 0, TimeSpan.Zero),
        Summary = e.GetString("Summary"),
    };
}
