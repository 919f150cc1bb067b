using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace ReviewCadence.Storage.Sqlite;

/// <summary>Source history on SQLite: table <c>source_versions</c>, keyed by (source, number).</summary>
internal sealed partial class SqliteReviewStore
{
    protected override Task<IReadOnlyList<SourceVersion>> GetSourceVersionsCoreAsync(string sourceId, CancellationToken cancellationToken)
    {
        return QueryAsync(
            "SELECT source_id, number, fingerprint, first_seen, last_seen, summary FROM source_versions WHERE source_id = @id ORDER BY number DESC;",
            ReadVersion, cancellationToken, ("@id", sourceId));
    }

    /// <summary>
    /// Every source's versions in one query: a cold check reads thousands of histories (each empty), and one query per
    /// source was 10,000 round trips at N = 10,000 (~47 MB of allocations, now ~20 MB). The ids are bound as one JSON
    /// array (<see cref="IdsJson"/>).
    /// </summary>
    protected override async Task<IReadOnlyDictionary<string, IReadOnlyList<SourceVersion>>> GetSourceHistoriesCoreAsync(IReadOnlyList<string> sourceIds, CancellationToken cancellationToken)
    {
        var found = await QueryAsync(
            $"SELECT source_id, number, fingerprint, first_seen, last_seen, summary FROM source_versions WHERE source_id IN {IdsIn} ORDER BY source_id, number DESC;",
            ReadVersion, cancellationToken, ("@ids", IdsJson(sourceIds)));
        var bySource = found.ToLookup(v => v.SourceId, StringComparer.Ordinal);
        var histories = new Dictionary<string, IReadOnlyList<SourceVersion>>(sourceIds.Count, StringComparer.Ordinal);
        foreach (var sourceId in sourceIds)
        {
            histories[sourceId] = bySource.Contains(sourceId) ? [.. bySource[sourceId]] : [];
        }
        return histories;
    }

    /// <summary>The ids bound as <c>@ids</c> by <see cref="IdsJson"/>, as an <c>IN</c> list.</summary>
    private const string IdsIn = "(SELECT value FROM json_each(CAST(@ids AS TEXT)))";

    /// <summary>
    /// Ids as one JSON array for <see cref="IdsIn"/> (bound as a BLOB and cast: SQLite's JSON functions read a BLOB as
    /// binary JSON), so a query takes any number of ids in one parameter.
    /// </summary>
    private static byte[] IdsJson(IReadOnlyCollection<string> ids)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(64, ids.Count * 40));
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            foreach (var id in ids)
            {
                // A lone surrogate has no JSON form; binding the id encoded it as U+FFFD, as Encoding.UTF8 does here.
                json.WriteStringValue(Encoding.UTF8.GetBytes(id));
            }
            json.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    protected override Task SaveSourceVersionsCoreAsync(IReadOnlyCollection<SourceVersion> versions, CancellationToken cancellationToken)
    {
        return WriteAsync((connection, _, _) =>
        {
            // Prepared once, run per version: a cold check writes every source's first version.
            using var upsert = new SqliteRowStatement(connection, """
                INSERT INTO source_versions (source_id, number, fingerprint, first_seen, last_seen, summary)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                ON CONFLICT (source_id, number) DO UPDATE SET fingerprint = excluded.fingerprint, first_seen = excluded.first_seen,
                    last_seen = excluded.last_seen, summary = excluded.summary;
                """);
            foreach (var v in versions)
            {
                upsert.Text(1, v.SourceId).Integer(2, v.Number).Text(3, v.Fingerprint).Time(4, v.FirstSeen).Time(5, v.LastSeen).Text(6, v.Summary)
                    .Run(cancellationToken);
            }
            return Task.FromResult(true);
        }, cancellationToken);
    }

    protected override Task DeleteSourceVersionsCoreAsync(string sourceId, IReadOnlyCollection<int> numbers, CancellationToken cancellationToken)
    {
        return WriteAsync(async (connection, transaction, _) =>
        {
            await using var delete = CreateCommand(connection, transaction,
                "DELETE FROM source_versions WHERE source_id = @source_id AND number = @number;", []);
            foreach (var number in numbers.Distinct())
            {
                Bind(delete, ("@source_id", sourceId), ("@number", number));
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }
            return true;
        }, cancellationToken);
    }

    protected override Task DeleteSnapshotsCoreAsync(string sourceId, IReadOnlyCollection<string> fingerprints, CancellationToken cancellationToken)
    {
        return WriteAsync(async (connection, transaction, _) =>
        {
            // A snapshot's anchors go with it.
            await using var delete = CreateCommand(connection, transaction,
                "DELETE FROM snapshots WHERE source_id = @source_id AND fingerprint = @fingerprint; DELETE FROM snapshot_anchors WHERE source_id = @source_id AND fingerprint = @fingerprint;", []);
            foreach (var fingerprint in fingerprints.Distinct(StringComparer.Ordinal))
            {
                ArgumentException.ThrowIfNullOrEmpty(fingerprint);
                Bind(delete, ("@source_id", sourceId), ("@fingerprint", fingerprint));
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }
            return true;
        }, cancellationToken);
    }

    private static SourceVersion ReadVersion(SqliteDataReader r) => new()
    {
        SourceId = r.GetString(0),
        Number = r.GetInt32(1),
        Fingerprint = r.GetString(2),
        FirstSeen = ParseTime(r.GetString(3))!.Value,
        LastSeen = ParseTime(r.GetString(4))!.Value,
        Summary = Text(r, 5),
    };
}
