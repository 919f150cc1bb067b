using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;

namespace ReviewCadence.Storage.Tables;

internal sealed partial class TableReviewStore
{
    // ---------------------------------------------------------------- reviews

    protected override Task AddReviewCoreAsync(ReviewRecord review, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Encode(review.RunbookId);
        var rowKey = TableKeys.TimeOrdered(review.ReviewedAt, review.Id);
        return RunAsync(async () =>
        {
            if ((await _reviews.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, ["Id"], cancellationToken)).HasValue)
            {
                return true; // stored already: adding it again changes nothing, not even which review is the latest
            }

            // The runbook's latest-review entity counts its insertions: claiming the next number and moving the latest
            // forward (never back) are one conditional write, so reviews of one instant keep the order they were added
            // in (the later one wins). A lost race reads again.
            long sequence;
            while (true)
            {
                var current = await _latestReviews.GetEntityIfExistsAsync<TableEntity>(LatestPartition, partition, cancellationToken: cancellationToken);
                sequence = (current.HasValue ? current.Value!.GetInt64("LastSequence") ?? 0 : 0) + 1;
                var latest = !current.HasValue || StoreInput.IsNewer((review, sequence), (ReadReview(current.Value!), Sequence(current.Value!)))
                    ? ReviewEntity(review, LatestPartition, partition, sequence)
                    : current.Value!;
                Set(latest, "LastSequence", sequence);
                try
                {
                    if (current.HasValue)
                    {
                        await _latestReviews.UpdateEntityAsync(latest, current.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                    }
                    else
                    {
                        await _latestReviews.AddEntityAsync(latest, cancellationToken);
                    }
                    break;
                }
                catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
                {
                }
            }
            await AddIfAbsentAsync(_reviews, ReviewEntity(review, partition, rowKey, sequence), cancellationToken);
            return true;
        }, cancellationToken);
    }

    protected override Task<IReadOnlyList<ReviewRecord>> GetReviewsCoreAsync(string runbookId, CancellationToken cancellationToken)
    {
        return RunAsync(async () => StoreInput.NewestFirst(
            await QueryAllAsync(_reviews, TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(runbookId)}"), e => (ReadReview(e), Sequence(e)), cancellationToken)),
            cancellationToken);
    }

    protected override Task<IReadOnlyDictionary<string, ReviewRecord>> GetLatestReviewsCoreAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyDictionary<string, ReviewRecord>>(async () =>
        {
            var latest = await QueryAllAsync(_latestReviews, TableClient.CreateQueryFilter($"PartitionKey eq {LatestPartition}"), ReadReview, cancellationToken);
            return latest.ToDictionary(r => r.RunbookId, StringComparer.Ordinal);
        }, cancellationToken);

    /// <summary>The review's insertion number within its runbook; 0 for reviews stored before it was kept.</summary>
    private static long Sequence(TableEntity e) => e.GetInt64("Sequence") ?? 0;

    private static TableEntity ReviewEntity(ReviewRecord r, string partitionKey, string rowKey, long sequence)
    {
        var entity = new TableEntity(partitionKey, rowKey);
        Set(entity, "Sequence", sequence);
        Set(entity, "Id", r.Id);
        Set(entity, "RunbookId", r.RunbookId);
        Set(entity, "ReviewedAt", r.ReviewedAt);
        Set(entity, "ReviewedAtTicks", r.ReviewedAt.UtcTicks);
        Set(entity, "Reviewer", r.Reviewer);
        Set(entity, "Result", r.Result);
        Set(entity, "Notes", r.Notes);
        Set(entity, "FollowUpOwner", r.FollowUpOwner);
        Set(entity, "SourcesChecked", StoredLists.Write(r.SourcesChecked));
        return entity;
    }

    private static ReviewRecord ReadReview(TableEntity e) => new()
    {
        Id = e.GetString("Id"),
        RunbookId = e.GetString("RunbookId"),
        ReviewedAt = new DateTimeOffset(e.GetInt64("ReviewedAtTicks")!.Value, TimeSpan.Zero),
        Reviewer = e.GetString("Reviewer"),
        Result = e.GetString("Result"),
        Notes = e.GetString("Notes"),
        FollowUpOwner = e.GetString("FollowUpOwner"),
        SourcesChecked = StoredLists.Read(e.GetString("SourcesChecked")),
    };

    // ---------------------------------------------------------------- reminders

    protected override Task<IReadOnlyList<ReminderState>> GetReminderStatesCoreAsync(string ownerId, CancellationToken cancellationToken)
    {
        return RunAsync<IReadOnlyList<ReminderState>>(async () =>
        {
            var states = await QueryAllAsync(_reminders, TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(ownerId)}"), e => new ReminderState
            {
                OwnerId = e.GetString("OwnerId"),
                RunbookId = e.GetString("RunbookId"),
                StateKey = e.GetString("StateKey"),
                Count = e.GetInt32("Count") ?? 0,
                FirstSentAt = e.GetDateTimeOffset("FirstSentAt"),
                LastSentAt = e.GetDateTimeOffset("LastSentAt"),
                Version = e.ETag.ToString(),
            }, cancellationToken);
            return [.. states.OrderBy(s => s.RunbookId, StringComparer.Ordinal)];
        }, cancellationToken);
    }

    protected override Task SaveReminderStatesCoreAsync(IReadOnlyCollection<ReminderState> states, CancellationToken cancellationToken)
    {
        var writes = states.Select(s =>
        {
            var entity = new TableEntity(TableKeys.Encode(s.OwnerId), TableKeys.Encode(s.RunbookId));
            Set(entity, "OwnerId", s.OwnerId);
            Set(entity, "RunbookId", s.RunbookId);
            Set(entity, "StateKey", s.StateKey);
            Set(entity, "Count", s.Count);
            Set(entity, "FirstSentAt", s.FirstSentAt);
            Set(entity, "LastSentAt", s.LastSentAt);
            return Write(entity, s.Version);
        }).ToList();
        return RunAsync(async () =>
        {
            await SubmitPerPartitionAsync(_reminders, writes,
                e => $"reminder state of owner {e.GetString("OwnerId")} for runbook {e.GetString("RunbookId")}", cancellationToken);
            return true;
        }, cancellationToken);
    }

    // ---------------------------------------------------------------- deliveries

    protected override Task AddDeliveryCoreAsync(DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(TableKeys.Encode(delivery.OwnerId), TableKeys.TimeOrdered(delivery.SentAt, delivery.Id));
        Set(entity, "Id", delivery.Id);
        Set(entity, "OwnerId", delivery.OwnerId);
        Set(entity, "Channel", delivery.Channel);
        Set(entity, "Escalation", delivery.Escalation);
        Set(entity, "RunbookIds", StoredLists.Write(delivery.RunbookIds));
        Set(entity, "SentAt", delivery.SentAt);
        Set(entity, "SentAtTicks", delivery.SentAt.UtcTicks);
        Set(entity, "Succeeded", delivery.Succeeded);
        Set(entity, "Error", delivery.Error);
        return RunAsync(async () =>
        {
            await AddIfAbsentAsync(_deliveries, entity, cancellationToken);
            return true;
        }, cancellationToken);
    }

    protected override Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesCoreAsync(string? ownerId, CancellationToken cancellationToken) =>
        RunAsync(async () => StoreInput.NewestFirst(await QueryAllAsync(_deliveries,
            ownerId is null ? null : TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(ownerId)}"),
            e => new DeliveryRecord
            {
                Id = e.GetString("Id"),
                OwnerId = e.GetString("OwnerId"),
                Channel = e.GetString("Channel"),
                Escalation = e.GetBoolean("Escalation") ?? false,
                RunbookIds = StoredLists.Read(e.GetString("RunbookIds")),
                SentAt = new DateTimeOffset(e.GetInt64("SentAtTicks")!.Value, TimeSpan.Zero),
                Succeeded = e.GetBoolean("Succeeded") ?? false,
                Error = e.GetString("Error"),
            }, cancellationToken)), cancellationToken);

    protected override ValueTask DisposeStoreAsync() => ValueTask.CompletedTask;
}
