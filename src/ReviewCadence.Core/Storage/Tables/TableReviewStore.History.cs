using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace ReviewCadence.Storage.Tables;

/// <summary>
/// Source history on Tables: table <c>sourceversions</c>, PK source id, RK the version number as 10 digits, so one
/// partition query reads a source's history; snapshots a pruned version leaves behind are deleted head first, so an
/// interrupted delete leaves only chunk rows nobody reads, never a head without its chunks. A snapshot's anchors go with it.
/// </summary>
internal sealed partial class TableReviewStore
{
    protected override Task<IReadOnlyList<SourceVersion>> GetSourceVersionsCoreAsync(string sourceId, CancellationToken cancellationToken)
    {
        return RunAsync<IReadOnlyList<SourceVersion>>(async () =>
        {
            var versions = await QueryAllAsync(_sourceVersions, TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(sourceId)}"), ReadVersion, cancellationToken);
            return [.. versions.OrderByDescending(v => v.Number)];
        }, cancellationToken);
    }

    protected override Task SaveSourceVersionsCoreAsync(IReadOnlyCollection<SourceVersion> versions, CancellationToken cancellationToken)
    {
        ValidateAll(versions, VersionEntity);
        return RunAsync(async () =>
        {
            await SubmitPerPartitionAsync(_sourceVersions, versions, v => TableKeys.Encode(v.SourceId),
                v => new TableTransactionAction(TableTransactionActionType.UpsertReplace, VersionEntity(v)),
                e => $"version {e.RowKey} of source {e.GetString("SourceId")}", cancellationToken);
            return true;
        }, cancellationToken);
    }

    protected override Task DeleteSourceVersionsCoreAsync(string sourceId, IReadOnlyCollection<int> numbers, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Encode(sourceId);
        return RunAsync(async () =>
        {
            var deletes = numbers.Distinct().Select(n =>
                new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, NumberKey(n)), ETag.All));
            await SubmitPerPartitionAsync(_sourceVersions, deletes, e => $"version {e.RowKey} of source {sourceId}", cancellationToken);
            return true;
        }, cancellationToken);
    }

    protected override Task DeleteSnapshotsCoreAsync(string sourceId, IReadOnlyCollection<string> fingerprints, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Encode(sourceId);
        return RunAsync(async () =>
        {
            foreach (var fingerprint in fingerprints.Distinct(StringComparer.Ordinal))
            {
                var headKey = TableKeys.Encode(fingerprint);
                var filter = TableClient.CreateQueryFilter(
                    $"PartitionKey eq {partition} and (RowKey eq {headKey} or (RowKey gt {headKey + "|"} and RowKey lt {headKey + "}"}))");
                var keys = new List<string>();
                await foreach (var row in _snapshots.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
                {
                    keys.Add(row.RowKey);
                }
                // The head goes first: without it the snapshot reads as absent, whatever chunks remain.
                var ordered = keys.OrderBy(k => k == headKey ? "" : k, StringComparer.Ordinal)
                    .Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, k), ETag.All));
                await SubmitPerPartitionAsync(_snapshots, ordered, _ => $"snapshot {fingerprint} of source {sourceId}", cancellationToken);
                try
                {
                    await _snapshotAnchors.DeleteEntityAsync(partition, headKey, ETag.All, cancellationToken);
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                }
            }
            return true;
        }, cancellationToken);
    }

    private static string NumberKey(int number) => number.ToString("D10", CultureInfo.InvariantCulture);

    private static TableEntity VersionEntity(SourceVersion v)
    {
        var entity = new TableEntity(TableKeys.Encode(v.SourceId), NumberKey(v.Number));
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
