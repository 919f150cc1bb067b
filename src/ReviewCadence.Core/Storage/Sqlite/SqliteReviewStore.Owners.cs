namespace ReviewCadence.Storage.Sqlite;

internal sealed partial class SqliteReviewStore
{
    // ---------------------------------------------------------------- owners' reachability

    protected override async Task<OwnerReachability?> GetOwnerReachabilityCoreAsync(string ownerId, CancellationToken cancellationToken)
    {
        var found = await QueryAsync(
            "SELECT owner_id, failed_runs, last_failed_at, last_reached_at, version FROM owner_reachability WHERE owner_id = @owner;",
            r => new OwnerReachability
            {
                OwnerId = r.GetString(0),
                FailedRuns = r.GetInt32(1),
                LastFailedAt = ParseTime(Text(r, 2)),
                LastReachedAt = ParseTime(Text(r, 3)),
                Version = VersionText(r.GetInt64(4)),
            }, cancellationToken, ("@owner", ownerId));
        return found.Count == 0 ? null : found[0];
    }

    protected override Task<OwnerReachability> SaveOwnerReachabilityCoreAsync(OwnerReachability state, CancellationToken cancellationToken)
    {
        var expected = ParseVersion(state.Version, ReachabilityName(state));
        return WriteAsync(async (connection, transaction, version) =>
        {
            const string assignments = "failed_runs = @failed_runs, last_failed_at = @last_failed_at, last_reached_at = @last_reached_at, version = @version";
            var sql = expected is null
                ? $"INSERT INTO owner_reachability (owner_id, failed_runs, last_failed_at, last_reached_at, version) VALUES (@owner_id, @failed_runs, @last_failed_at, @last_reached_at, @version) ON CONFLICT (owner_id) DO UPDATE SET {assignments};"
                : $"UPDATE owner_reachability SET {assignments} WHERE owner_id = @owner_id AND version = @expected;";
            var changed = await ExecuteAsync(connection, transaction, sql, cancellationToken,
                ("@owner_id", state.OwnerId), ("@failed_runs", state.FailedRuns), ("@last_failed_at", Time(state.LastFailedAt)),
                ("@last_reached_at", Time(state.LastReachedAt)), ("@version", version), ("@expected", expected));
            if (changed != 1)
            {
                throw Conflict(ReachabilityName(state));
            }
            return state with { Version = VersionText(version) };
        }, cancellationToken);
    }
}
