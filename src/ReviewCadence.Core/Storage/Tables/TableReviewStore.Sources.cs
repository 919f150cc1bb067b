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
}
