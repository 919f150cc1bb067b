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

    /// <summary>Every source's versions in one query (a cold check reads thousands of histories, each empty).</summary>
    protected override async Task<IReadOnlyDictionary<string, IReadOnlyList<SourceVersion>>> GetSourceHistoriesCoreAsync(IReadOnlyList<string> sourceIds, CancellationToken cancellationToken)
    {
        var ids = new SqliteJsonRows(sourceIds.Count, 40);
        foreach (var sourceId in sourceIds)
        {
            ids.Row(sourceId);
        }
        var found = new List<SourceVersion>();
        foreach (var blob in ids.ToBlobs())
        {
            found.AddRange(await QueryAsync(
                "SELECT source_id, number, fingerprint, first_seen, last_seen, summary FROM source_versions WHERE source_id IN (SELECT value ->> 0 FROM json_each(CAST(@ids AS TEXT))) ORDER BY source_id, number DESC;",
                ReadVersion, cancellationToken, ("@ids", blob)));
        }
        var bySource = found.ToLookup(v => v.SourceId, StringComparer.Ordinal);
        var histories = new Dictionary<string, IReadOnlyList<SourceVersion>>(sourceIds.Count, StringComparer.Ordinal);
        foreach (var sourceId in sourceIds)
        {
            histories[sourceId] = bySource.Contains(sourceId) ? [.. bySource[sourceId]] : [];
        }
        return histories;
    }

    protected override Task SaveSourceVersionsCoreAsync(IReadOnlyCollection<SourceVersion> versions, CancellationToken cancellationToken)
    {
        if (versions.Count == 0)
        {
            return Task.CompletedTask;
        }
        // Statements over many rows (SqliteJsonRows), not one per version: a cold check writes every source's first version.
        var rows = new SqliteJsonRows(versions.Count, 150);
        foreach (var v in versions)
        {
            rows.Row(v.SourceId, v.Number, v.Fingerprint, Time(v.FirstSeen), Time(v.LastSeen), v.Summary);
        }
        var blobs = rows.ToBlobs();
        return WriteAsync(async (connection, transaction, _) =>
        {
            foreach (var blob in blobs)
            {
                // "WHERE true": an upsert's SELECT needs a WHERE before ON CONFLICT, or SQLite reads ON as a join's.
                await ExecuteAsync(connection, transaction, """
                    INSERT INTO source_versions (source_id, number, fingerprint, first_seen, last_seen, summary)
                    SELECT r.value ->> 0, r.value ->> 1, r.value ->> 2, r.value ->> 3, r.value ->> 4, r.value ->> 5
                    FROM json_each(CAST(@rows AS TEXT)) AS r WHERE true
                    ON CONFLICT (source_id, number) DO UPDATE SET fingerprint = excluded.fingerprint, first_seen = excluded.first_seen,
                        last_seen = excluded.last_seen, summary = excluded.summary;
                    """, cancellationToken, ("@rows", blob));
            }
            return true;
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
