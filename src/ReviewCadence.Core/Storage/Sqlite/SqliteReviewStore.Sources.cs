using System.Globalization;
using Microsoft.Data.Sqlite;
using ReviewCadence.Diagnostics;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Storage.Sqlite;

internal sealed partial class SqliteReviewStore
{
    // ---------------------------------------------------------------- sources

    private const string SourceColumns = """
        source_id, url, final_url, last_outcome, http_status, detail, last_checked_at, last_changed_at,
        consecutive_failures, fingerprint, previous_fingerprint, last_change_summary, http_etag, http_last_modified, version
        """;

    protected override async Task<SourceState?> GetSourceCoreAsync(string sourceId, CancellationToken cancellationToken)
    {
        var found = await QueryAsync($"SELECT {SourceColumns} FROM sources WHERE source_id = @id;", r => ReadSource(r, new StringPool()), cancellationToken, ("@id", sourceId));
        return found.Count == 0 ? null : found[0];
    }

    protected override Task<IReadOnlyList<SourceState>> GetSourcesCoreAsync(CancellationToken cancellationToken)
    {
        var pool = StringPool.ForRead();
        return QueryAsync($"SELECT {SourceColumns} FROM sources ORDER BY source_id;", r => ReadSource(r, pool), cancellationToken);
    }

    protected override async Task<IReadOnlyList<SourceState>> GetSourcesCoreAsync(IReadOnlyList<string> sourceIds, CancellationToken cancellationToken)
    {
        var pool = StringPool.ForRead();
        // The ids in one parameter, as the histories are read (IdsJson).
        return await QueryAsync($"SELECT {SourceColumns} FROM sources WHERE source_id IN {IdsIn} ORDER BY source_id;", r => ReadSource(r, pool), cancellationToken,
            ("@ids", IdsJson(sourceIds)));
    }

    protected override Task<IReadOnlyList<SourceState>> SaveSourcesCoreAsync(IReadOnlyCollection<SourceState> states, CancellationToken cancellationToken)
    {
        var expected = states.Select(s => ParseVersion(s.Version, s, static s => $"source {s.SourceId}")).ToList();
        // All in one transaction: a stale state anywhere leaves every source as it was.
        return WriteAsync<IReadOnlyList<SourceState>>((connection, _, version) =>
        {
            // Parameters by position: ?1 source_id ... ?14 http_last_modified, ?15 the version written, ?16 the version expected.
            const string assignments = """
                url = ?2, final_url = ?3, last_outcome = ?4, http_status = ?5, detail = ?6, last_checked_at = ?7,
                last_changed_at = ?8, consecutive_failures = ?9, fingerprint = ?10, previous_fingerprint = ?11,
                last_change_summary = ?12, http_etag = ?13, http_last_modified = ?14, version = ?15
                """;
            // Two statements prepared once, run per state: a run saves thousands of sources.
            using var upsert = new SqliteRowStatement(connection,
                $"INSERT INTO sources ({SourceColumns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) ON CONFLICT (source_id) DO UPDATE SET {assignments};");
            using var update = new SqliteRowStatement(connection, $"UPDATE sources SET {assignments} WHERE source_id = ?1 AND version = ?16;");
            var savedVersion = VersionText(version);
            var saved = new List<SourceState>(states.Count);
            var index = 0;
            foreach (var state in states)
            {
                var statement = expected[index] is { } expectedVersion ? update.Integer(16, expectedVersion) : upsert;
                statement.Text(1, state.SourceId).Text(2, state.Url).Text(3, state.FinalUrl).Text(4, state.LastOutcome?.Name())
                    .Integer(5, state.HttpStatus).Text(6, state.Detail).Time(7, state.LastCheckedAt).Time(8, state.LastChangedAt)
                    .Integer(9, state.ConsecutiveFailures).Text(10, state.Fingerprint).Text(11, state.PreviousFingerprint)
                    .Text(12, state.LastChangeSummary).Text(13, state.HttpETag).Text(14, state.HttpLastModified).Integer(15, version);
                if (statement.Run(cancellationToken) != 1)
                {
                    throw Conflict($"source {state.SourceId}");
                }
                saved.Add(state with { Version = savedVersion });
                index++;
            }
            return Task.FromResult<IReadOnlyList<SourceState>>(saved);
        }, cancellationToken);
    }

    private static SourceState ReadSource(SqliteDataReader r, StringPool pool) => new()
    {
        SourceId = pool.Share(r.GetString(0)),
        Url = pool.Share(r.GetString(1)),
        FinalUrl = pool.Share(Text(r, 2)),
        LastOutcome = Text(r, 3) is { } outcome ? CheckNames.ParseOutcome(outcome) : null,
        HttpStatus = r.IsDBNull(4) ? null : r.GetInt32(4),
        Detail = Text(r, 5),
        LastCheckedAt = ParseTime(Text(r, 6)),
        LastChangedAt = ParseTime(Text(r, 7)),
        ConsecutiveFailures = r.GetInt32(8),
        Fingerprint = pool.Share(Text(r, 9)),
        PreviousFingerprint = Text(r, 10),
        LastChangeSummary = Text(r, 11),
        HttpETag = Text(r, 12),
        HttpLastModified = pool.Share(Text(r, 13)),
        Version = pool.Share(VersionText(r.GetInt64(14))),
    };

    // ---------------------------------------------------------------- snapshots

    protected override Task SaveSnapshotCoreAsync(string sourceId, string fingerprint, string content, CancellationToken cancellationToken) =>
        _snapshotWrites.AddAsync(new PendingSnapshot(sourceId, fingerprint, SnapshotCompression.Compress(content), IsAnchors: false), cancellationToken);

    /// <summary>
    /// Writes one group of waiting snapshots (and anchors) in one transaction (<see cref="GroupCommit{T}"/>). A cold check
    /// saves one per page from many concurrent sources; one transaction each queued them all on the write lock (2,000
    /// transactions for 2,000 pages, and as many for their anchors).
    /// </summary>
    private async Task WriteSnapshotGroupAsync(IReadOnlyList<GroupCommit<PendingSnapshot>.Entry> group)
    {
        using (CheckTimings.Measure(CheckStep.SnapshotTransaction))
        {
            await WriteAsync(async (connection, transaction, _) =>
            {
                // A fingerprint names one content, so a second save of it has nothing to add.
                await using var insert = CreateCommand(connection, transaction,
                    "INSERT INTO snapshots (source_id, fingerprint, content) VALUES (@source_id, @fingerprint, @content) ON CONFLICT DO NOTHING;", []);
                // The same text may come with other ids (an id renamed, nothing else): the latest page's ids are kept.
                await using var anchors = CreateCommand(connection, transaction,
                    "INSERT INTO snapshot_anchors (source_id, fingerprint, anchors) VALUES (@source_id, @fingerprint, @anchors) ON CONFLICT (source_id, fingerprint) DO UPDATE SET anchors = excluded.anchors;", []);
                foreach (var snapshot in group.Select(e => e.Item))
                {
                    var command = snapshot.IsAnchors ? anchors : insert;
                    Bind(command, ("@source_id", snapshot.SourceId), ("@fingerprint", snapshot.Fingerprint), (snapshot.IsAnchors ? "@anchors" : "@content", snapshot.Content));
                    await command.ExecuteNonQueryAsync(CancellationToken.None);
                }
                return true;
            }, CancellationToken.None);
        }
    }

    protected override async Task<string?> GetSnapshotCoreAsync(string sourceId, string fingerprint, CancellationToken cancellationToken)
    {
        var found = await QueryAsync("SELECT content FROM snapshots WHERE source_id = @source_id AND fingerprint = @fingerprint;",
            r => SnapshotCompression.Decompress((byte[])r.GetValue(0)), cancellationToken,
            ("@source_id", sourceId), ("@fingerprint", fingerprint));
        return found.Count == 0 ? null : found[0];
    }
}
