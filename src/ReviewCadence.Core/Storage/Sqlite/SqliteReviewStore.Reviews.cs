using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ReviewCadence.Storage.Sqlite;

internal sealed partial class SqliteReviewStore
{
    // ---------------------------------------------------------------- reviews

    private const string ReviewColumns = "id, runbook_id, reviewed_at, reviewer, result, notes, follow_up_owner, sources_checked";

    protected override Task AddReviewCoreAsync(ReviewRecord review, CancellationToken cancellationToken)
    {
        return WriteAsync((connection, transaction, _) => ExecuteAsync(connection, transaction,
            "INSERT INTO reviews (id, runbook_id, reviewed_at, reviewed_at_ticks, reviewer, result, notes, follow_up_owner, sources_checked) " +
            "VALUES (@id, @runbook_id, @reviewed_at, @reviewed_at_ticks, @reviewer, @result, @notes, @follow_up_owner, @sources_checked) ON CONFLICT (id) DO NOTHING;",
            cancellationToken, ("@id", review.Id), ("@runbook_id", review.RunbookId), ("@reviewed_at", Time(review.ReviewedAt)),
            ("@reviewed_at_ticks", review.ReviewedAt.UtcTicks), ("@reviewer", review.Reviewer), ("@result", review.Result),
            ("@notes", review.Notes), ("@follow_up_owner", review.FollowUpOwner), ("@sources_checked", StoredLists.Write(review.SourcesChecked))),
            cancellationToken);
    }

    protected override Task<IReadOnlyList<ReviewRecord>> GetReviewsCoreAsync(string runbookId, CancellationToken cancellationToken)
    {
        // One instant: the later inserted first (rowid grows with each insert; reviews are never deleted).
        return QueryAsync($"SELECT {ReviewColumns} FROM reviews WHERE runbook_id = @id ORDER BY reviewed_at_ticks DESC, rowid DESC;",
            ReadReview, cancellationToken, ("@id", runbookId));
    }

    protected override async Task<IReadOnlyDictionary<string, ReviewRecord>> GetLatestReviewsCoreAsync(CancellationToken cancellationToken)
    {
        var latest = await QueryAsync($"""
            SELECT {ReviewColumns} FROM (
                SELECT *, ROW_NUMBER() OVER (PARTITION BY runbook_id ORDER BY reviewed_at_ticks DESC, rowid DESC) AS position FROM reviews)
            WHERE position = 1;
            """, ReadReview, cancellationToken);
        return latest.ToDictionary(r => r.RunbookId, StringComparer.Ordinal);
    }

    private static ReviewRecord ReadReview(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        RunbookId = r.GetString(1),
        ReviewedAt = ParseTime(r.GetString(2))!.Value,
        Reviewer = r.GetString(3),
        Result = r.GetString(4),
        Notes = Text(r, 5),
        FollowUpOwner = Text(r, 6),
        SourcesChecked = StoredLists.Read(r.GetString(7)),
    };

    // ---------------------------------------------------------------- reminders

    protected override Task<IReadOnlyList<ReminderState>> GetReminderStatesCoreAsync(string ownerId, CancellationToken cancellationToken)
    {
        return QueryAsync("SELECT owner_id, runbook_id, state_key, count, first_sent_at, last_sent_at, version FROM reminders WHERE owner_id = @owner ORDER BY runbook_id;",
            r => new ReminderState
            {
                OwnerId = r.GetString(0),
                RunbookId = r.GetString(1),
                StateKey = r.GetString(2),
                Count = r.GetInt32(3),
                FirstSentAt = ParseTime(Text(r, 4)),
                LastSentAt = ParseTime(Text(r, 5)),
                Version = VersionText(r.GetInt64(6)),
            }, cancellationToken, ("@owner", ownerId));
    }

    protected override Task SaveReminderStatesCoreAsync(IReadOnlyCollection<ReminderState> states, CancellationToken cancellationToken)
    {
        var expected = states.Select(s => ParseVersion(s.Version, s, ReminderName)).ToList();
        return WriteAsync(async (connection, transaction, version) =>
        {
            const string assignments = "state_key = @state_key, count = @count, first_sent_at = @first_sent_at, last_sent_at = @last_sent_at, version = @version";
            // Two prepared statements, re-bound per state.
            await using var upsert = CreateCommand(connection, transaction,
                $"INSERT INTO reminders (owner_id, runbook_id, state_key, count, first_sent_at, last_sent_at, version) VALUES (@owner_id, @runbook_id, @state_key, @count, @first_sent_at, @last_sent_at, @version) ON CONFLICT (owner_id, runbook_id) DO UPDATE SET {assignments};",
                []);
            await using var update = CreateCommand(connection, transaction,
                $"UPDATE reminders SET {assignments} WHERE owner_id = @owner_id AND runbook_id = @runbook_id AND version = @expected;", []);
            var index = 0;
            foreach (var state in states)
            {
                var command = expected[index] is null ? upsert : update;
                Bind(command, ("@owner_id", state.OwnerId), ("@runbook_id", state.RunbookId), ("@state_key", state.StateKey),
                    ("@count", state.Count), ("@first_sent_at", Time(state.FirstSentAt)), ("@last_sent_at", Time(state.LastSentAt)),
                    ("@version", version), ("@expected", expected[index]));
                if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
                {
                    throw Conflict(ReminderName(state));
                }
                index++;
            }
            return true;
        }, cancellationToken);
    }

    // ---------------------------------------------------------------- deliveries

    protected override Task AddDeliveryCoreAsync(DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        return WriteAsync((connection, transaction, _) => ExecuteAsync(connection, transaction,
            "INSERT INTO deliveries (id, owner_id, channel, escalation, runbook_ids, sent_at, sent_at_ticks, succeeded, error) " +
            "VALUES (@id, @owner_id, @channel, @escalation, @runbook_ids, @sent_at, @sent_at_ticks, @succeeded, @error) ON CONFLICT (id) DO NOTHING;",
            cancellationToken, ("@id", delivery.Id), ("@owner_id", delivery.OwnerId), ("@channel", delivery.Channel),
            ("@escalation", delivery.Escalation), ("@runbook_ids", StoredLists.Write(delivery.RunbookIds)),
            ("@sent_at", Time(delivery.SentAt)), ("@sent_at_ticks", delivery.SentAt.UtcTicks),
            ("@succeeded", delivery.Succeeded), ("@error", delivery.Error)), cancellationToken);
    }

    protected override Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesCoreAsync(string? ownerId, CancellationToken cancellationToken) =>
        QueryAsync("""
            SELECT id, owner_id, channel, escalation, runbook_ids, sent_at, succeeded, error FROM deliveries
            WHERE @owner IS NULL OR owner_id = @owner ORDER BY sent_at_ticks DESC, id;
            """,
            r => new DeliveryRecord
            {
                Id = r.GetString(0),
                OwnerId = r.GetString(1),
                Channel = r.GetString(2),
                Escalation = r.GetBoolean(3),
                RunbookIds = StoredLists.Read(r.GetString(4)),
                SentAt = ParseTime(r.GetString(5))!.Value,
                Succeeded = r.GetBoolean(6),
                Error = Text(r, 7),
            }, cancellationToken, ("@owner", ownerId));

    protected override ValueTask DisposeStoreAsync()
    {
        // Pooled connections keep the file (and its -wal/-shm) open; let them go with the store.
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }
        _writeGate.Dispose();
        return ValueTask.CompletedTask;
    }
}
