using Azure;
using Azure.Data.Tables;

namespace ReviewCadence.Storage.Tables;

internal sealed partial class TableReviewStore
{
    // ---------------------------------------------------------------- owners' reachability

    protected override Task<OwnerReachability?> GetOwnerReachabilityCoreAsync(string ownerId, CancellationToken cancellationToken)
    {
        return RunAsync(async () =>
        {
            var found = await _owners.GetEntityIfExistsAsync<TableEntity>(OwnerPartition, TableKeys.Encode(ownerId), cancellationToken: cancellationToken);
            if (!found.HasValue)
            {
                return null;
            }
            var e = found.Value!;
            return new OwnerReachability
            {
                OwnerId = e.GetString("OwnerId"),
                FailedRuns = e.GetInt32("FailedRuns") ?? 0,
                LastFailedAt = e.GetDateTimeOffset("LastFailedAt"),
                LastReachedAt = e.GetDateTimeOffset("LastReachedAt"),
                Version = e.ETag.ToString(),
            };
        }, cancellationToken);
    }

    protected override Task<OwnerReachability> SaveOwnerReachabilityCoreAsync(OwnerReachability state, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(OwnerPartition, TableKeys.Encode(state.OwnerId));
        Set(entity, "OwnerId", state.OwnerId);
        Set(entity, "FailedRuns", state.FailedRuns);
        Set(entity, "LastFailedAt", state.LastFailedAt);
        Set(entity, "LastReachedAt", state.LastReachedAt);
        return RunAsync(async () =>
        {
            try
            {
                var response = state.Version is null
                    ? await _owners.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken)
                    : await _owners.UpdateEntityAsync(entity, new ETag(state.Version), TableUpdateMode.Replace, cancellationToken);
                return state with { Version = response.Headers.ETag!.Value.ToString() };
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404)
            {
                throw Conflict(ReachabilityName(state), e);
            }
        }, cancellationToken);
    }
}
