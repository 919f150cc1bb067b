using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Storage.Tables;

internal sealed partial class TableReviewStore
{
    // ---------------------------------------------------------------- fanned-out check runs

    protected override Task<CheckRunRecord?> GetCheckRunCoreAsync(string runId, CancellationToken cancellationToken)
    {
        return RunAsync(async () =>
        {
            var found = await _checkRuns.GetEntityIfExistsAsync<TableEntity>(CheckRunPartition, TableKeys.Encode(runId), cancellationToken: cancellationToken);
            if (!found.HasValue)
            {
                return null;
            }
            var e = found.Value!;
            return new CheckRunRecord
            {
                RunId = e.GetString("RunId"),
                StartedAt = new DateTimeOffset(e.GetInt64("StartedAtTicks")!.Value, TimeSpan.Zero),
                Lease = new RunLease(e.GetString("LeaseName"), e.GetString("LeaseHolder"),
                    new DateTimeOffset(e.GetInt64("LeaseExpiresAtTicks")!.Value, TimeSpan.Zero), e.GetString("LeaseVersion")),
                BatchCount = e.GetInt32("BatchCount") ?? 0,
                CompletedBatches = CheckRunBatches.Read(e.GetString("CompletedBatches")),
                Version = e.ETag.ToString(),
            };
        }, cancellationToken);
    }

    protected override Task<CheckRunRecord> SaveCheckRunCoreAsync(CheckRunRecord run, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(CheckRunPartition, TableKeys.Encode(run.RunId));
        Set(entity, "RunId", run.RunId);
        Set(entity, "StartedAtTicks", run.StartedAt.UtcTicks);
        Set(entity, "LeaseName", run.Lease.Name);
        Set(entity, "LeaseHolder", run.Lease.Holder);
        Set(entity, "LeaseExpiresAtTicks", run.Lease.ExpiresAt.UtcTicks);
        Set(entity, "LeaseVersion", run.Lease.Version);
        Set(entity, "BatchCount", run.BatchCount);
        Set(entity, "CompletedBatches", CheckRunBatches.Write(run.CompletedBatches));
        return RunAsync(async () =>
        {
            try
            {
                var response = run.Version is null
                    ? await _checkRuns.AddEntityAsync(entity, cancellationToken)
                    : await _checkRuns.UpdateEntityAsync(entity, new ETag(run.Version), TableUpdateMode.Replace, cancellationToken);
                return run with { Version = response.Headers.ETag!.Value.ToString() };
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
            {
                throw Conflict($"check run {run.RunId}", e);
            }
        }, cancellationToken);
    }

    protected override Task SaveCheckRunVerdictsCoreAsync(string runId, IReadOnlyCollection<CheckRunVerdict> verdicts, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Encode(runId);
        var writes = verdicts.Select(v =>
        {
            var entity = new TableEntity(partition, TableKeys.Encode(v.SourceId));
            Set(entity, "SourceId", v.SourceId);
            Set(entity, "Verdict", v.Verdict);
            return new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity);
        }).ToList();
        return RunAsync(async () =>
        {
            await SubmitPerPartitionAsync(_checkRunVerdicts, writes, e => $"verdict of source {e.GetString("SourceId")}", cancellationToken);
            return true;
        }, cancellationToken);
    }

    protected override Task<IReadOnlyList<CheckRunVerdict>> GetCheckRunVerdictsCoreAsync(string runId, CancellationToken cancellationToken)
    {
        return RunAsync<IReadOnlyList<CheckRunVerdict>>(async () =>
        {
            var verdicts = await QueryAllAsync(_checkRunVerdicts, TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(runId)}"),
                e => new CheckRunVerdict(e.GetString("SourceId"), e.GetString("Verdict")), cancellationToken);
            return [.. verdicts.OrderBy(v => v.SourceId, StringComparer.Ordinal)];
        }, cancellationToken);
    }

    protected override Task DeleteCheckRunCoreAsync(string runId, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Encode(runId);
        return RunAsync(async () =>
        {
            var keys = new List<TableTransactionAction>();
            await foreach (var row in _checkRunVerdicts.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"),
                               select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                keys.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
            }
            await SubmitPerPartitionAsync(_checkRunVerdicts, keys, _ => "verdict", cancellationToken);
            try
            {
                await _checkRuns.DeleteEntityAsync(CheckRunPartition, TableKeys.Encode(runId), ETag.All, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
            }
            return true;
        }, cancellationToken);
    }

    // ---------------------------------------------------------------- the last check

    protected override Task SaveLastCheckCoreAsync(LastCheckRecord lastCheck, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(LastCheckPartition, LastCheckRow) { ["Record"] = lastCheck.ToStoredText() };
        return RunAsync(async () =>
        {
            await _checkRuns.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
            return true;
        }, cancellationToken);
    }

    protected override Task<LastCheckRecord?> GetLastCheckCoreAsync(CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var found = await _checkRuns.GetEntityIfExistsAsync<TableEntity>(LastCheckPartition, LastCheckRow, cancellationToken: cancellationToken);
            return found.HasValue ? LastCheckRecord.FromStoredText(found.Value!.GetString("Record"), _endpoint) : null;
        }, cancellationToken);
}
