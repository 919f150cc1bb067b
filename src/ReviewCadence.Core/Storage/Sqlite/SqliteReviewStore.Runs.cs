using System.Globalization;
using Microsoft.Data.Sqlite;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Storage.Sqlite;

internal sealed partial class SqliteReviewStore
{
    // ---------------------------------------------------------------- fanned-out check runs

    private const string CheckRunColumns =
        "run_id, started_at, lease_name, lease_holder, lease_expires_at, lease_version, batch_count, completed_batches, version";

    protected override async Task<CheckRunRecord?> GetCheckRunCoreAsync(string runId, CancellationToken cancellationToken)
    {
        var found = await QueryAsync($"SELECT {CheckRunColumns} FROM check_runs WHERE run_id = @id;", r => new CheckRunRecord
        {
            RunId = r.GetString(0),
            StartedAt = ParseTime(r.GetString(1))!.Value,
            Lease = new RunLease(r.GetString(2), r.GetString(3), ParseTime(r.GetString(4))!.Value, r.GetString(5)),
            BatchCount = r.GetInt32(6),
            CompletedBatches = CheckRunBatches.Read(r.GetString(7)),
            Version = VersionText(r.GetInt64(8)),
        }, cancellationToken, ("@id", runId));
        return found.Count == 0 ? null : found[0];
    }

    protected override Task<CheckRunRecord> SaveCheckRunCoreAsync(CheckRunRecord run, CancellationToken cancellationToken)
    {
        var expected = ParseVersion(run.Version, $"check run {run.RunId}");
        return WriteAsync(async (connection, transaction, version) =>
        {
            var sql = expected is null
                ? $"INSERT INTO check_runs ({CheckRunColumns}) VALUES (@run_id, @started_at, @lease_name, @lease_holder, @lease_expires_at, @lease_version, @batch_count, @completed_batches, @version) ON CONFLICT (run_id) DO NOTHING;"
                : "UPDATE check_runs SET completed_batches = @completed_batches, version = @version WHERE run_id = @run_id AND version = @expected;";
            var changed = await ExecuteAsync(connection, transaction, sql, cancellationToken,
                ("@run_id", run.RunId), ("@started_at", Time(run.StartedAt)), ("@lease_name", run.Lease.Name),
                ("@lease_holder", run.Lease.Holder), ("@lease_expires_at", Time(run.Lease.ExpiresAt)), ("@lease_version", run.Lease.Version),
                ("@batch_count", run.BatchCount), ("@completed_batches", CheckRunBatches.Write(run.CompletedBatches)),
                ("@version", version), ("@expected", expected));
            if (changed != 1)
            {
                throw Conflict($"check run {run.RunId}");
            }
            return run with { Version = VersionText(version) };
        }, cancellationToken);
    }

    protected override Task SaveCheckRunVerdictsCoreAsync(string runId, IReadOnlyCollection<CheckRunVerdict> verdicts, CancellationToken cancellationToken)
    {
        return WriteAsync(async (connection, transaction, _) =>
        {
            await using var upsert = CreateCommand(connection, transaction,
                "INSERT INTO check_run_verdicts (run_id, source_id, verdict) VALUES (@run_id, @source_id, @verdict) ON CONFLICT (run_id, source_id) DO UPDATE SET verdict = excluded.verdict;",
                []);
            foreach (var verdict in verdicts)
            {
                Bind(upsert, ("@run_id", runId), ("@source_id", verdict.SourceId), ("@verdict", verdict.Verdict));
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }
            return true;
        }, cancellationToken);
    }

    protected override Task<IReadOnlyList<CheckRunVerdict>> GetCheckRunVerdictsCoreAsync(string runId, CancellationToken cancellationToken)
    {
        return QueryAsync("SELECT source_id, verdict FROM check_run_verdicts WHERE run_id = @id ORDER BY source_id;",
            r => new CheckRunVerdict(r.GetString(0), r.GetString(1)), cancellationToken, ("@id", runId));
    }

    protected override Task DeleteCheckRunCoreAsync(string runId, CancellationToken cancellationToken)
    {
        return WriteAsync(async (connection, transaction, _) =>
        {
            await ExecuteAsync(connection, transaction, "DELETE FROM check_run_verdicts WHERE run_id = @id;", cancellationToken, ("@id", runId));
            return await ExecuteAsync(connection, transaction, "DELETE FROM check_runs WHERE run_id = @id;", cancellationToken, ("@id", runId));
        }, cancellationToken);
    }

    // ---------------------------------------------------------------- the last check

    protected override Task SaveLastCheckCoreAsync(LastCheckRecord lastCheck, CancellationToken cancellationToken)
    {
        return WriteAsync((connection, transaction, _) => ExecuteAsync(connection, transaction,
            "INSERT INTO last_check (id, record) VALUES (1, @record) ON CONFLICT (id) DO UPDATE SET record = excluded.record;",
            cancellationToken, ("@record", lastCheck.ToStoredText())), cancellationToken);
    }

    protected override async Task<LastCheckRecord?> GetLastCheckCoreAsync(CancellationToken cancellationToken)
    {
        var found = await QueryAsync("SELECT record FROM last_check WHERE id = 1;", r => r.GetString(0), cancellationToken);
        return found.Count == 0 ? null : LastCheckRecord.FromStoredText(found[0], DatabasePath);
    }
}
