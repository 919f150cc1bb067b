using System.Globalization;
using Microsoft.Data.Sqlite;
using ReviewCadence.Diagnostics;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Storage;

/// <summary>
/// The CLI's embedded store: one SQLite file (by default <c>.reviewcadence/state.db</c>) in WAL mode,
/// so status reads do not block a running check. Every write is one IMMEDIATE transaction (the write
/// lock is taken up front, so two writers queue on the busy timeout instead of deadlocking).
/// Versions are integers drawn from one store-wide sequence, so a row deleted and created again never
/// gets back a version a stale reader still holds.
/// </summary>
public sealed partial class SqliteReviewStore : IReviewStore
{
    private const int SchemaVersion = 2;
    private const int BusyTimeoutMilliseconds = 10_000;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _initializeGate = new(1, 1);
    // SQLite has one writer at a time. Writers of this instance queue here, without holding a thread, instead of
    // in SQLite's busy handler, which sleeps on the calling thread with growing back-off (a check saves snapshots
    // from dozens of concurrent sources). Other processes still meet the busy timeout.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    // Snapshots (and their anchors) saved while a snapshot write is under way, written together in the next
    // transaction (group commit).
    private readonly Lock _snapshotGate = new();
    private List<PendingSnapshot> _pendingSnapshots = [];
    private bool _writingSnapshots;
    private bool _initialized;

    /// <param name="Content">The compressed text, or (<paramref name="IsAnchors"/>) the encoded anchors.</param>
    private sealed record PendingSnapshot(string SourceId, string Fingerprint, byte[] Content, bool IsAnchors, TaskCompletionSource Written);

    /// <param name="databasePath">The database file; it and its directory are created if missing.</param>
    public SqliteReviewStore(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        }.ToString();
    }

    public string DatabasePath { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _initializeGate.WaitAsync(cancellationToken);
        try
        {
            await CreateSchemaAsync(cancellationToken);
            _initialized = true;
        }
        finally
        {
            _initializeGate.Release();
        }
    }

    private async Task CreateSchemaAsync(CancellationToken cancellationToken)
    {
        try
        {
            var directory = Path.GetDirectoryName(DatabasePath);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unavailable($"cannot create its directory ({e.Message})", e);
        }

        await UsingConnectionAsync(async connection =>
        {
            // WAL is a property of the file: set once, every later connection uses it.
            await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken);
            var existing = Convert.ToInt32(await ScalarAsync(connection, null, "PRAGMA user_version;", cancellationToken), CultureInfo.InvariantCulture);
            if (existing > SchemaVersion)
            {
                throw Unavailable($"the file was written by a newer ReviewCadence (schema {existing}, this one knows {SchemaVersion})", null);
            }
            if (await SqliteSchemaCheck.ProblemAsync(connection, Schema, existing, cancellationToken) is { } problem)
            {
                throw Unavailable(problem, null);
            }

            using var transaction = connection.BeginTransaction(deferred: false);
            await ExecuteAsync(connection, transaction, Schema, cancellationToken);
            await MigrateAsync(connection, transaction, cancellationToken);
            await ExecuteAsync(connection, transaction, $"PRAGMA user_version = {SchemaVersion};", cancellationToken);
            transaction.Commit();
            return true;
        }, cancellationToken);
    }

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS version_sequence (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
        INSERT OR IGNORE INTO version_sequence (id, value) VALUES (1, 0);
        CREATE TABLE IF NOT EXISTS sources (
            source_id TEXT PRIMARY KEY, url TEXT NOT NULL, final_url TEXT, last_outcome TEXT, http_status INTEGER,
            detail TEXT, last_checked_at TEXT, last_changed_at TEXT, consecutive_failures INTEGER NOT NULL,
            fingerprint TEXT, previous_fingerprint TEXT, last_change_summary TEXT, http_etag TEXT,
            http_last_modified TEXT, version INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS snapshots (
            source_id TEXT NOT NULL, fingerprint TEXT NOT NULL, content BLOB NOT NULL,
            PRIMARY KEY (source_id, fingerprint));
        CREATE TABLE IF NOT EXISTS snapshot_anchors (
            source_id TEXT NOT NULL, fingerprint TEXT NOT NULL, anchors BLOB NOT NULL,
            PRIMARY KEY (source_id, fingerprint));
        CREATE TABLE IF NOT EXISTS citations (
            source_id TEXT NOT NULL, runbook_id TEXT NOT NULL, baseline_fingerprint TEXT, baseline_url TEXT,
            finding TEXT, detected_at TEXT, finding_detail TEXT, finding_url TEXT, version INTEGER NOT NULL,
            PRIMARY KEY (source_id, runbook_id));
        CREATE INDEX IF NOT EXISTS citations_by_runbook ON citations (runbook_id, source_id);
        CREATE TABLE IF NOT EXISTS reviews (
            id TEXT PRIMARY KEY, runbook_id TEXT NOT NULL, reviewed_at TEXT NOT NULL, reviewed_at_ticks INTEGER NOT NULL,
            reviewer TEXT NOT NULL, result TEXT NOT NULL, notes TEXT, follow_up_owner TEXT, sources_checked TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS reviews_by_runbook ON reviews (runbook_id, reviewed_at_ticks DESC, id);
        CREATE TABLE IF NOT EXISTS reminders (
            owner_id TEXT NOT NULL, runbook_id TEXT NOT NULL, state_key TEXT NOT NULL, count INTEGER NOT NULL,
            first_sent_at TEXT, last_sent_at TEXT, version INTEGER NOT NULL,
            PRIMARY KEY (owner_id, runbook_id));
        CREATE TABLE IF NOT EXISTS deliveries (
            id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, channel TEXT NOT NULL, escalation INTEGER NOT NULL,
            runbook_ids TEXT NOT NULL, sent_at TEXT NOT NULL, sent_at_ticks INTEGER NOT NULL, succeeded INTEGER NOT NULL, error TEXT);
        CREATE INDEX IF NOT EXISTS deliveries_by_owner ON deliveries (owner_id, sent_at_ticks DESC);
        CREATE TABLE IF NOT EXISTS check_runs (
            run_id TEXT PRIMARY KEY, started_at TEXT NOT NULL, lease_name TEXT NOT NULL, lease_holder TEXT NOT NULL,
            lease_expires_at TEXT NOT NULL, lease_version TEXT NOT NULL, batch_count INTEGER NOT NULL,
            completed_batches TEXT NOT NULL, version INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS check_run_verdicts (
            run_id TEXT NOT NULL, source_id TEXT NOT NULL, verdict TEXT NOT NULL, PRIMARY KEY (run_id, source_id));
        CREATE TABLE IF NOT EXISTS source_versions (
            source_id TEXT NOT NULL, number INTEGER NOT NULL, fingerprint TEXT NOT NULL, first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL, summary TEXT, PRIMARY KEY (source_id, number));
        CREATE TABLE IF NOT EXISTS last_check (id INTEGER PRIMARY KEY CHECK (id = 1), record TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS leases (
            name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at TEXT NOT NULL, expires_at_ticks INTEGER NOT NULL,
            version INTEGER NOT NULL);
        """;

    // ---------------------------------------------------------------- leases

    public Task<RunLease?> TryAcquireLeaseAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(holder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var expiresAt = now + duration;
        return WriteAsync<RunLease?>(async (connection, transaction, version) =>
        {
            // One statement decides: insert when absent, take over only when expired (now >= expiresAt).
            var changed = await ExecuteAsync(connection, transaction, """
                INSERT INTO leases (name, holder, expires_at, expires_at_ticks, version)
                VALUES (@name, @holder, @expires_at, @expires_at_ticks, @version)
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at,
                    expires_at_ticks = excluded.expires_at_ticks, version = excluded.version
                WHERE leases.expires_at_ticks <= @now_ticks;
                """, cancellationToken,
                ("@name", name), ("@holder", holder), ("@expires_at", Time(expiresAt)),
                ("@expires_at_ticks", expiresAt.UtcTicks), ("@version", version), ("@now_ticks", now.UtcTicks));
            return changed == 1 ? new RunLease(name, holder, expiresAt, VersionText(version)) : null;
        }, cancellationToken);
    }

    public Task ReleaseLeaseAsync(RunLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (!long.TryParse(lease.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return Task.CompletedTask; // not a lease this store issued, so it holds nothing here
        }

        return WriteAsync(async (connection, transaction, _) =>
            await ExecuteAsync(connection, transaction, "DELETE FROM leases WHERE name = @name AND version = @version;",
                cancellationToken, ("@name", lease.Name), ("@version", version)), cancellationToken);
    }

    public async Task<RunLease?> GetLeaseAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var found = await QueryAsync("SELECT name, holder, expires_at_ticks, version FROM leases WHERE name = @name;",
            r => new RunLease(r.GetString(0), r.GetString(1), new DateTimeOffset(r.GetInt64(2), TimeSpan.Zero), VersionText(r.GetInt64(3))),
            cancellationToken, ("@name", name));
        return found.Count == 0 ? null : found[0];
    }

    public Task<RunLease?> RenewLeaseAsync(RunLease lease, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        if (!long.TryParse(lease.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var held))
        {
            return Task.FromResult<RunLease?>(null);
        }
        var expiresAt = now + duration;
        return WriteAsync<RunLease?>(async (connection, transaction, version) =>
        {
            // Only the holder's own version extends it: a lease taken over or unlocked meanwhile stays lost.
            var changed = await ExecuteAsync(connection, transaction, """
                UPDATE leases SET expires_at = @expires_at, expires_at_ticks = @expires_at_ticks, version = @version
                WHERE name = @name AND version = @held;
                """, cancellationToken,
                ("@name", lease.Name), ("@held", held), ("@expires_at", Time(expiresAt)),
                ("@expires_at_ticks", expiresAt.UtcTicks), ("@version", version));
            return changed == 1 ? lease with { ExpiresAt = expiresAt, Version = VersionText(version) } : null;
        }, cancellationToken);
    }

    // ---------------------------------------------------------------- sources

    private const string SourceColumns = """
        source_id, url, final_url, last_outcome, http_status, detail, last_checked_at, last_changed_at,
        consecutive_failures, fingerprint, previous_fingerprint, last_change_summary, http_etag, http_last_modified, version
        """;

    public async Task<SourceState?> GetSourceAsync(string sourceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        var found = await QueryAsync($"SELECT {SourceColumns} FROM sources WHERE source_id = @id;", r => ReadSource(r, new StringPool()), cancellationToken, ("@id", sourceId));
        return found.Count == 0 ? null : found[0];
    }

    public Task<IReadOnlyList<SourceState>> GetSourcesAsync(CancellationToken cancellationToken)
    {
        var pool = new StringPool();
        return QueryAsync($"SELECT {SourceColumns} FROM sources ORDER BY source_id;", r => ReadSource(r, pool), cancellationToken);
    }

    public async Task<SourceState> SaveSourceAsync(SourceState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        return (await SaveSourcesAsync([state], cancellationToken))[0];
    }

    public Task<IReadOnlyList<SourceState>> SaveSourcesAsync(IReadOnlyCollection<SourceState> states, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(states);
        StoreInput.RequireDistinct(states, s => (s.SourceId, "source"), "source");
        var expected = states.Select(s => ParseVersion(s.Version, $"source {s.SourceId}")).ToList();
        if (states.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<SourceState>>([]);
        }

        // All in one transaction: a stale state anywhere leaves every source as it was.
        return WriteAsync<IReadOnlyList<SourceState>>(async (connection, transaction, version) =>
        {
            const string assignments = """
                url = @url, final_url = @final_url, last_outcome = @last_outcome, http_status = @http_status,
                detail = @detail, last_checked_at = @last_checked_at, last_changed_at = @last_changed_at,
                consecutive_failures = @consecutive_failures, fingerprint = @fingerprint,
                previous_fingerprint = @previous_fingerprint, last_change_summary = @last_change_summary,
                http_etag = @http_etag, http_last_modified = @http_last_modified, version = @version
                """;
            // Two prepared statements, re-bound per state: a run saves thousands of sources.
            await using var upsert = CreateCommand(connection, transaction,
                $"INSERT INTO sources ({SourceColumns}) VALUES (@source_id, @url, @final_url, @last_outcome, @http_status, @detail, @last_checked_at, @last_changed_at, @consecutive_failures, @fingerprint, @previous_fingerprint, @last_change_summary, @http_etag, @http_last_modified, @version) ON CONFLICT (source_id) DO UPDATE SET {assignments};",
                []);
            await using var update = CreateCommand(connection, transaction,
                $"UPDATE sources SET {assignments} WHERE source_id = @source_id AND version = @expected;", []);
            var saved = new List<SourceState>(states.Count);
            var index = 0;
            foreach (var state in states)
            {
                var command = expected[index] is null ? upsert : update;
                Bind(command, ("@source_id", state.SourceId), ("@url", state.Url), ("@final_url", state.FinalUrl),
                    ("@last_outcome", state.LastOutcome?.Name()), ("@http_status", state.HttpStatus), ("@detail", state.Detail),
                    ("@last_checked_at", Time(state.LastCheckedAt)), ("@last_changed_at", Time(state.LastChangedAt)),
                    ("@consecutive_failures", state.ConsecutiveFailures), ("@fingerprint", state.Fingerprint),
                    ("@previous_fingerprint", state.PreviousFingerprint), ("@last_change_summary", state.LastChangeSummary),
                    ("@http_etag", state.HttpETag), ("@http_last_modified", state.HttpLastModified),
                    ("@version", version), ("@expected", expected[index]));
                if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
                {
                    throw Conflict($"source {state.SourceId}");
                }
                saved.Add(state with { Version = VersionText(version) });
                index++;
            }
            return saved;
        }, cancellationToken);
    }

    private static SourceState ReadSource(SqliteDataReader r, StringPool pool) => new()
    {
        SourceId = r.GetString(0),
        Url = pool.Share(r.GetString(1)),
        FinalUrl = pool.Share(Text(r, 2)),
        LastOutcome = Text(r, 3) is { } outcome ? CheckNames.ParseOutcome(outcome) : null,
        HttpStatus = r.IsDBNull(4) ? null : r.GetInt32(4),
        Detail = Text(r, 5),
        LastCheckedAt = ParseTime(Text(r, 6)),
        LastChangedAt = ParseTime(Text(r, 7)),
        ConsecutiveFailures = r.GetInt32(8),
        Fingerprint = Text(r, 9),
        PreviousFingerprint = Text(r, 10),
        LastChangeSummary = Text(r, 11),
        HttpETag = Text(r, 12),
        HttpLastModified = pool.Share(Text(r, 13)),
        Version = pool.Share(VersionText(r.GetInt64(14))),
    };

    // ---------------------------------------------------------------- snapshots

    public Task SaveSnapshotAsync(string sourceId, string fingerprint, string content, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        ArgumentNullException.ThrowIfNull(content);
        return EnqueueSnapshotWrite(new PendingSnapshot(sourceId, fingerprint, SnapshotCompression.Compress(content), IsAnchors: false,
            new(TaskCreationOptions.RunContinuationsAsynchronously)), cancellationToken);
    }

    private Task EnqueueSnapshotWrite(PendingSnapshot pending, CancellationToken cancellationToken)
    {
        bool startWriter;
        lock (_snapshotGate)
        {
            _pendingSnapshots.Add(pending);
            startWriter = !_writingSnapshots;
            _writingSnapshots = true;
        }
        if (startWriter)
        {
            _ = Task.Run(WriteSnapshotGroupsAsync, CancellationToken.None);
        }
        // The write goes on for the others in its group if this caller stops waiting.
        return pending.Written.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Writes the waiting snapshots, each group in one transaction, until none wait. A cold check saves one per page
    /// from many concurrent sources; one transaction each queued them all on the write lock (2,000 transactions for
    /// 2,000 pages, and as many for their anchors), while the snapshots that arrive during one write are now written
    /// together by the next.
    /// </summary>
    private async Task WriteSnapshotGroupsAsync()
    {
        while (true)
        {
            List<PendingSnapshot> group;
            lock (_snapshotGate)
            {
                if (_pendingSnapshots.Count == 0)
                {
                    _writingSnapshots = false;
                    return;
                }
                (group, _pendingSnapshots) = (_pendingSnapshots, []);
            }
            try
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
                        foreach (var snapshot in group)
                        {
                            var command = snapshot.IsAnchors ? anchors : insert;
                            Bind(command, ("@source_id", snapshot.SourceId), ("@fingerprint", snapshot.Fingerprint), (snapshot.IsAnchors ? "@anchors" : "@content", snapshot.Content));
                            await command.ExecuteNonQueryAsync(CancellationToken.None);
                        }
                        return true;
                    }, CancellationToken.None);
                }
                foreach (var snapshot in group)
                {
                    snapshot.Written.TrySetResult();
                }
            }
            catch (Exception e)
            {
                foreach (var snapshot in group)
                {
                    snapshot.Written.TrySetException(e);
                }
            }
        }
    }

    public async Task<string?> GetSnapshotAsync(string sourceId, string fingerprint, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        var found = await QueryAsync("SELECT content FROM snapshots WHERE source_id = @source_id AND fingerprint = @fingerprint;",
            r => SnapshotCompression.Decompress((byte[])r.GetValue(0)), cancellationToken,
            ("@source_id", sourceId), ("@fingerprint", fingerprint));
        return found.Count == 0 ? null : found[0];
    }

    // ---------------------------------------------------------------- citations

    private const string CitationColumns =
        "source_id, runbook_id, baseline_fingerprint, baseline_url, finding, detected_at, finding_detail, finding_url, version, finding_section";

    public Task<IReadOnlyList<Citation>> GetCitationsForSourceAsync(string sourceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        return QueryAsync($"SELECT {CitationColumns} FROM citations WHERE source_id = @id ORDER BY runbook_id;", r => ReadCitation(r, new StringPool()), cancellationToken, ("@id", sourceId));
    }

    public Task<IReadOnlyList<Citation>> GetCitationsForRunbookAsync(string runbookId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runbookId);
        return QueryAsync($"SELECT {CitationColumns} FROM citations WHERE runbook_id = @id ORDER BY source_id;", r => ReadCitation(r, new StringPool()), cancellationToken, ("@id", runbookId));
    }

    public Task<IReadOnlyList<Citation>> GetAllCitationsAsync(CancellationToken cancellationToken)
    {
        var pool = new StringPool();
        return QueryAsync($"SELECT {CitationColumns} FROM citations ORDER BY source_id, runbook_id;", r => ReadCitation(r, pool), cancellationToken);
    }

    public Task SaveCitationsAsync(IReadOnlyCollection<Citation> citations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(citations);
        StoreInput.RequireDistinct(citations, c => (c.SourceId, c.RunbookId), "citation");
        var expected = citations.Select(c => ParseVersion(c.Version, CitationName(c))).ToList();
        if (citations.Count == 0)
        {
            return Task.CompletedTask;
        }

        // All in one transaction: a stale citation anywhere leaves every citation as it was.
        return WriteAsync(async (connection, transaction, version) =>
        {
            const string assignments = """
                baseline_fingerprint = @baseline_fingerprint, baseline_url = @baseline_url, finding = @finding,
                detected_at = @detected_at, finding_detail = @finding_detail, finding_url = @finding_url, version = @version,
                finding_section = @finding_section
                """;
            // Two prepared statements, re-bound per citation: a cold check saves tens of thousands of citations.
            await using var upsert = CreateCommand(connection, transaction,
                $"INSERT INTO citations ({CitationColumns}) VALUES (@source_id, @runbook_id, @baseline_fingerprint, @baseline_url, @finding, @detected_at, @finding_detail, @finding_url, @version, @finding_section) ON CONFLICT (source_id, runbook_id) DO UPDATE SET {assignments};",
                []);
            await using var update = CreateCommand(connection, transaction,
                $"UPDATE citations SET {assignments} WHERE source_id = @source_id AND runbook_id = @runbook_id AND version = @expected;", []);
            var index = 0;
            foreach (var citation in citations)
            {
                var command = expected[index] is null ? upsert : update;
                Bind(command, ("@source_id", citation.SourceId), ("@runbook_id", citation.RunbookId),
                    ("@baseline_fingerprint", citation.BaselineFingerprint), ("@baseline_url", citation.BaselineUrl),
                    ("@finding", citation.Finding?.Name()), ("@detected_at", Time(citation.DetectedAt)),
                    ("@finding_detail", citation.FindingDetail), ("@finding_url", citation.FindingUrl),
                    ("@finding_section", SectionFindingJson.Write(citation.FindingSection)),
                    ("@version", version), ("@expected", expected[index]));
                if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
                {
                    throw Conflict(CitationName(citation));
                }
                index++;
            }
            return true;
        }, cancellationToken);
    }

    public Task DeleteCitationsAsync(IReadOnlyCollection<Citation> citations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(citations);
        StoreInput.RequireDistinct(citations, c => (c.SourceId, c.RunbookId), "citation");
        var expected = citations.Select(c => ParseVersion(c.Version, CitationName(c))).ToList();
        if (citations.Count == 0)
        {
            return Task.CompletedTask;
        }

        return WriteAsync(async (connection, transaction, _) =>
        {
            // Two prepared statements, re-bound per citation.
            await using var delete = CreateCommand(connection, transaction,
                "DELETE FROM citations WHERE source_id = @source_id AND runbook_id = @runbook_id AND (@expected IS NULL OR version = @expected);",
                []);
            await using var exists = CreateCommand(connection, transaction,
                "SELECT 1 FROM citations WHERE source_id = @source_id AND runbook_id = @runbook_id;", []);
            var index = 0;
            foreach (var citation in citations)
            {
                Bind(delete, ("@source_id", citation.SourceId), ("@runbook_id", citation.RunbookId), ("@expected", expected[index]));
                var deleted = await delete.ExecuteNonQueryAsync(cancellationToken);
                // Deleting what is already gone is done; deleting what changed since it was read is a conflict.
                if (deleted == 0)
                {
                    Bind(exists, ("@source_id", citation.SourceId), ("@runbook_id", citation.RunbookId));
                    if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
                    {
                        throw Conflict(CitationName(citation));
                    }
                }
                index++;
            }
            return true;
        }, cancellationToken);
    }

    private static Citation ReadCitation(SqliteDataReader r, StringPool pool) => new()
    {
        SourceId = pool.Share(r.GetString(0)),
        RunbookId = pool.Share(r.GetString(1)),
        BaselineFingerprint = pool.Share(Text(r, 2)),
        BaselineUrl = pool.Share(Text(r, 3)),
        Finding = Text(r, 4) is { } finding ? CheckNames.ParseFindingKind(finding) : null,
        DetectedAt = ParseTime(Text(r, 5)),
        FindingDetail = pool.Share(Text(r, 6)),
        FindingUrl = pool.Share(Text(r, 7)),
        Version = pool.Share(VersionText(r.GetInt64(8))),
        FindingSection = SectionFindingJson.Read(Text(r, 9)),
    };

    private static string CitationName(Citation c) => $"citation of source {c.SourceId} by runbook {c.RunbookId}";

    // ---------------------------------------------------------------- fanned-out check runs

    private const string CheckRunColumns =
        "run_id, started_at, lease_name, lease_holder, lease_expires_at, lease_version, batch_count, completed_batches, version";

    public async Task<CheckRunRecord?> GetCheckRunAsync(string runId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
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

    public Task<CheckRunRecord> SaveCheckRunAsync(CheckRunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrEmpty(run.RunId);
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

    public Task SaveCheckRunVerdictsAsync(string runId, IReadOnlyCollection<CheckRunVerdict> verdicts, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentNullException.ThrowIfNull(verdicts);
        StoreInput.RequireDistinct(verdicts, v => (runId, v.SourceId), "verdict");
        if (verdicts.Count == 0)
        {
            return Task.CompletedTask;
        }
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

    public Task<IReadOnlyList<CheckRunVerdict>> GetCheckRunVerdictsAsync(string runId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        return QueryAsync("SELECT source_id, verdict FROM check_run_verdicts WHERE run_id = @id ORDER BY source_id;",
            r => new CheckRunVerdict(r.GetString(0), r.GetString(1)), cancellationToken, ("@id", runId));
    }

    public Task DeleteCheckRunAsync(string runId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        return WriteAsync(async (connection, transaction, _) =>
        {
            await ExecuteAsync(connection, transaction, "DELETE FROM check_run_verdicts WHERE run_id = @id;", cancellationToken, ("@id", runId));
            return await ExecuteAsync(connection, transaction, "DELETE FROM check_runs WHERE run_id = @id;", cancellationToken, ("@id", runId));
        }, cancellationToken);
    }

    // ---------------------------------------------------------------- the last check

    public Task SaveLastCheckAsync(LastCheckRecord lastCheck, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lastCheck);
        return WriteAsync((connection, transaction, _) => ExecuteAsync(connection, transaction,
            "INSERT INTO last_check (id, record) VALUES (1, @record) ON CONFLICT (id) DO UPDATE SET record = excluded.record;",
            cancellationToken, ("@record", lastCheck.ToStoredText())), cancellationToken);
    }

    public async Task<LastCheckRecord?> GetLastCheckAsync(CancellationToken cancellationToken)
    {
        var found = await QueryAsync("SELECT record FROM last_check WHERE id = 1;", r => r.GetString(0), cancellationToken);
        return found.Count == 0 ? null : LastCheckRecord.FromStoredText(found[0], DatabasePath);
    }

    // ---------------------------------------------------------------- reviews

    private const string ReviewColumns = "id, runbook_id, reviewed_at, reviewer, result, notes, follow_up_owner, sources_checked";

    public Task AddReviewAsync(ReviewRecord review, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentException.ThrowIfNullOrEmpty(review.Id);
        ArgumentException.ThrowIfNullOrEmpty(review.RunbookId);
        return WriteAsync((connection, transaction, _) => ExecuteAsync(connection, transaction,
            "INSERT INTO reviews (id, runbook_id, reviewed_at, reviewed_at_ticks, reviewer, result, notes, follow_up_owner, sources_checked) " +
            "VALUES (@id, @runbook_id, @reviewed_at, @reviewed_at_ticks, @reviewer, @result, @notes, @follow_up_owner, @sources_checked) ON CONFLICT (id) DO NOTHING;",
            cancellationToken, ("@id", review.Id), ("@runbook_id", review.RunbookId), ("@reviewed_at", Time(review.ReviewedAt)),
            ("@reviewed_at_ticks", review.ReviewedAt.UtcTicks), ("@reviewer", review.Reviewer), ("@result", review.Result),
            ("@notes", review.Notes), ("@follow_up_owner", review.FollowUpOwner), ("@sources_checked", StoredLists.Write(review.SourcesChecked))),
            cancellationToken);
    }

    public Task<IReadOnlyList<ReviewRecord>> GetReviewsAsync(string runbookId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runbookId);
        return QueryAsync($"SELECT {ReviewColumns} FROM reviews WHERE runbook_id = @id ORDER BY reviewed_at_ticks DESC, id;",
            ReadReview, cancellationToken, ("@id", runbookId));
    }

    public async Task<IReadOnlyDictionary<string, ReviewRecord>> GetLatestReviewsAsync(CancellationToken cancellationToken)
    {
        var latest = await QueryAsync($"""
            SELECT {ReviewColumns} FROM (
                SELECT *, ROW_NUMBER() OVER (PARTITION BY runbook_id ORDER BY reviewed_at_ticks DESC, id) AS position FROM reviews)
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

    public Task<IReadOnlyList<ReminderState>> GetReminderStatesAsync(string ownerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
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

    public Task SaveReminderStatesAsync(IReadOnlyCollection<ReminderState> states, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(states);
        StoreInput.RequireDistinct(states, s => (s.OwnerId, s.RunbookId), "reminder state");
        var expected = states.Select(s => ParseVersion(s.Version, ReminderName(s))).ToList();
        if (states.Count == 0)
        {
            return Task.CompletedTask;
        }

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

    private static string ReminderName(ReminderState s) => $"reminder state of owner {s.OwnerId} for runbook {s.RunbookId}";

    // ---------------------------------------------------------------- deliveries

    public Task AddDeliveryAsync(DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentException.ThrowIfNullOrEmpty(delivery.Id);
        ArgumentException.ThrowIfNullOrEmpty(delivery.OwnerId);
        return WriteAsync((connection, transaction, _) => ExecuteAsync(connection, transaction,
            "INSERT INTO deliveries (id, owner_id, channel, escalation, runbook_ids, sent_at, sent_at_ticks, succeeded, error) " +
            "VALUES (@id, @owner_id, @channel, @escalation, @runbook_ids, @sent_at, @sent_at_ticks, @succeeded, @error) ON CONFLICT (id) DO NOTHING;",
            cancellationToken, ("@id", delivery.Id), ("@owner_id", delivery.OwnerId), ("@channel", delivery.Channel),
            ("@escalation", delivery.Escalation), ("@runbook_ids", StoredLists.Write(delivery.RunbookIds)),
            ("@sent_at", Time(delivery.SentAt)), ("@sent_at_ticks", delivery.SentAt.UtcTicks),
            ("@succeeded", delivery.Succeeded), ("@error", delivery.Error)), cancellationToken);
    }

    public Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesAsync(string? ownerId, CancellationToken cancellationToken) =>
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

    public ValueTask DisposeAsync()
    {
        // Pooled connections keep the file (and its -wal/-shm) open; let them go with the store.
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }
        _initializeGate.Dispose();
        _writeGate.Dispose();
        return ValueTask.CompletedTask;
    }

    // ---------------------------------------------------------------- plumbing

    private async Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken);
        }
    }

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Func<SqliteDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await EnsureInitializedAsync(cancellationToken);
        return await UsingConnectionAsync<IReadOnlyList<T>>(async connection =>
        {
            await using var command = CreateCommand(connection, null, sql, parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var results = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                results.Add(read(reader));
            }
            return results;
        }, cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> in one IMMEDIATE transaction with the version this write assigns.</summary>
    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, long, Task<T>> work, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            return await UsingConnectionAsync(async connection =>
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                var version = Convert.ToInt64(await ScalarAsync(connection, transaction,
                    "UPDATE version_sequence SET value = value + 1 WHERE id = 1 RETURNING value;", cancellationToken), CultureInfo.InvariantCulture);
                var result = await work(connection, transaction, version);
                transaction.Commit();
                return result;
            }, cancellationToken);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task<T> UsingConnectionAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            // NORMAL is WAL's usual durability: commits are consistent and do not wait for the disk; a power cut may
            // lose the last commits (a check then repeats them), never corrupt the file. A cold check saves thousands.
            await ExecuteAsync(connection, null, $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL;", cancellationToken);
            return await work(connection);
        }
        catch (SqliteException e) when (DescribeUnavailable(e) is { } problem)
        {
            throw Unavailable(problem, e);
        }
    }

    /// <summary>The errors that mean the file cannot be used at all (as opposed to a bug in a statement).</summary>
    private static string? DescribeUnavailable(SqliteException e) => e.SqliteErrorCode switch
    {
        5 or 6 => "the database stayed locked by another process",     // SQLITE_BUSY, SQLITE_LOCKED
        8 => "the file is read-only",                                   // SQLITE_READONLY
        10 => "a disk I/O error occurred",                              // SQLITE_IOERR
        11 => "the file is corrupt",                                    // SQLITE_CORRUPT
        13 => "the disk is full",                                       // SQLITE_FULL
        14 => "the file cannot be opened",                              // SQLITE_CANTOPEN
        23 => "access to the file is denied",                           // SQLITE_AUTH
        26 => "the file is not a SQLite database",                      // SQLITE_NOTADB
        _ => null,
    };

    private StoreUnavailableException Unavailable(string problem, Exception? inner) =>
        new($"SQLite store {DatabasePath}: {problem}.", inner);

    private static StoreConflictException Conflict(string what) =>
        new($"The {what} changed since it was read (or was removed); read it again and retry.");

    private static SqliteCommand CreateCommand(SqliteConnection connection, SqliteTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }

    /// <summary>Sets (adding when missing) the values of a command that is run more than once.</summary>
    private static void Bind(SqliteCommand command, params (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            if (command.Parameters.Contains(name))
            {
                command.Parameters[name].Value = value ?? DBNull.Value;
            }
            else
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }
        }
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = CreateCommand(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = CreateCommand(connection, transaction, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static long? ParseVersion(string? version, string what) =>
        version is null ? null
        : long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : throw new StoreConflictException($"The {what} carries a version this store did not issue; read it from this store and retry.");

    private static string VersionText(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static string? Text(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static string? Time(DateTimeOffset? value) => value?.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? ParseTime(string? value) =>
        value is null ? null : DateTimeOffset.ParseExact(value, "O", CultureInfo.InvariantCulture, DateTimeStyles.None);
}
