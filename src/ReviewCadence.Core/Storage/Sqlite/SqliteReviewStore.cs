using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ReviewCadence.Storage.Sqlite;

/// <summary>
/// The CLI's embedded store: one SQLite file (by default <c>.reviewcadence/state.db</c>) in WAL mode,
/// so status reads do not block a running check. Every write is one IMMEDIATE transaction (the write
/// lock is taken up front, so two writers queue on the busy timeout instead of deadlocking).
/// Versions are integers drawn from one store-wide sequence, so a row deleted and created again never
/// gets back a version a stale reader still holds.
/// </summary>
internal sealed partial class SqliteReviewStore : GuardedReviewStore
{
    private const int SchemaVersion = 2;
    private const int BusyTimeoutMilliseconds = 10_000;

    private readonly string _connectionString;
    // SQLite has one writer at a time. Writers of this instance queue here, without holding a thread, instead of
    // in SQLite's busy handler, which sleeps on the calling thread with growing back-off (a check saves snapshots
    // from dozens of concurrent sources). Other processes still meet the busy timeout.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    // Snapshots (and their anchors) saved while a snapshot write is under way, written together in the next
    // transaction (group commit).
    private readonly GroupCommit<PendingSnapshot> _snapshotWrites;

    /// <param name="Content">The compressed text, or (<paramref name="IsAnchors"/>) the encoded anchors.</param>
    /// <param name="SourceId">The snapshot's source.</param>
    /// <param name="Fingerprint">The snapshot's fingerprint.</param>
    /// <param name="IsAnchors">True for a snapshot's anchors, false for its text.</param>
    private sealed record PendingSnapshot(string SourceId, string Fingerprint, byte[] Content, bool IsAnchors);

    /// <param name="databasePath">The database file; it and its directory are created if missing.</param>
    public SqliteReviewStore(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        _snapshotWrites = new(WriteSnapshotGroupAsync);
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

    protected override async Task CreateAsync(CancellationToken cancellationToken)
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
            var (problem, complete) = await SqliteSchemaCheck.InspectAsync(connection, Schema, existing, cancellationToken);
            if (problem is not null)
            {
                throw Unavailable(problem, null);
            }
            if (existing == SchemaVersion && complete)
            {
                // Already this schema, every table there: applying it again changes nothing but still wrote the header
                // (user_version) and synced the log, a write transaction in every CLI command.
                return true;
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
        CREATE TABLE IF NOT EXISTS owner_reachability (
            owner_id TEXT PRIMARY KEY, failed_runs INTEGER NOT NULL, last_failed_at TEXT, last_reached_at TEXT,
            version INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS last_check (id INTEGER PRIMARY KEY CHECK (id = 1), record TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS leases (
            name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at TEXT NOT NULL, expires_at_ticks INTEGER NOT NULL,
            version INTEGER NOT NULL);
        """;
}
