using Azure;
using Azure.Data.Tables;

namespace ReviewCadence.Storage.Tables;

internal sealed partial class TableReviewStore
{
    // ---------------------------------------------------------------- leases

    protected override Task<RunLease?> TryAcquireLeaseCoreAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        var expiresAt = now + duration;
        return RunAsync<RunLease?>(async () =>
        {
            var entity = new TableEntity(LeasePartition, TableKeys.Encode(name))
            {
                ["Name"] = name,
                ["Holder"] = holder,
                ["ExpiresAt"] = expiresAt,
                // Ticks too: the comparison must not depend on how finely the service keeps DateTime.
                ["ExpiresAtTicks"] = expiresAt.UtcTicks,
            };
            var existing = await _leases.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: cancellationToken);
            try
            {
                Response written;
                if (!existing.HasValue)
                {
                    written = await _leases.AddEntityAsync(entity, cancellationToken);
                }
                else if (now.UtcTicks >= (existing.Value!.GetInt64("ExpiresAtTicks") ?? long.MinValue))
                {
                    written = await _leases.UpdateEntityAsync(entity, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    return null;
                }
                return new RunLease(name, holder, expiresAt, written.Headers.ETag!.Value.ToString());
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
            {
                return null; // another acquirer got there between our read and our write
            }
        }, cancellationToken);
    }

    protected override Task ReleaseLeaseCoreAsync(RunLease lease, CancellationToken cancellationToken)
    {
        return RunAsync(async () =>
        {
            try
            {
                await _leases.DeleteEntityAsync(LeasePartition, TableKeys.Encode(lease.Name), new ETag(lease.Version), cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Already gone, or taken over after expiry: it is not ours to remove.
            }
            return true;
        }, cancellationToken);
    }

    protected override Task<RunLease?> GetLeaseCoreAsync(string name, CancellationToken cancellationToken)
    {
        return RunAsync<RunLease?>(async () =>
        {
            var existing = await _leases.GetEntityIfExistsAsync<TableEntity>(LeasePartition, TableKeys.Encode(name), cancellationToken: cancellationToken);
            return existing.HasValue
                ? new RunLease(name, existing.Value!.GetString("Holder") ?? "",
                    new DateTimeOffset(existing.Value.GetInt64("ExpiresAtTicks") ?? 0, TimeSpan.Zero), existing.Value.ETag.ToString())
                : null;
        }, cancellationToken);
    }

    protected override Task<RunLease?> RenewLeaseCoreAsync(RunLease lease, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        var expiresAt = now + duration;
        return RunAsync<RunLease?>(async () =>
        {
            var entity = new TableEntity(LeasePartition, TableKeys.Encode(lease.Name))
            {
                ["Name"] = lease.Name,
                ["Holder"] = lease.Holder,
                ["ExpiresAt"] = expiresAt,
                ["ExpiresAtTicks"] = expiresAt.UtcTicks,
            };
            try
            {
                // ETag-conditional: a lease taken over or unlocked meanwhile stays lost.
                var written = await _leases.UpdateEntityAsync(entity, new ETag(lease.Version), TableUpdateMode.Replace, cancellationToken);
                return lease with { ExpiresAt = expiresAt, Version = written.Headers.ETag!.Value.ToString() };
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                return null;
            }
        }, cancellationToken);
    }
}
