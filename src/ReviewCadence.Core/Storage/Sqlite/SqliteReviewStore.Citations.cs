using System.Globalization;
using Microsoft.Data.Sqlite;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Storage.Sqlite;

internal sealed partial class SqliteReviewStore
{
    // ---------------------------------------------------------------- citations

    private const string CitationColumns =
        "source_id, runbook_id, baseline_fingerprint, baseline_url, finding, detected_at, finding_detail, finding_url, version, finding_section";

    protected override Task<IReadOnlyList<Citation>> GetCitationsForSourceCoreAsync(string sourceId, CancellationToken cancellationToken)
    {
        return QueryAsync($"SELECT {CitationColumns} FROM citations WHERE source_id = @id ORDER BY runbook_id;", r => ReadCitation(r, new StringPool()), cancellationToken, ("@id", sourceId));
    }

    protected override Task<IReadOnlyList<Citation>> GetCitationsForRunbookCoreAsync(string runbookId, CancellationToken cancellationToken)
    {
        return QueryAsync($"SELECT {CitationColumns} FROM citations WHERE runbook_id = @id ORDER BY source_id;", r => ReadCitation(r, new StringPool()), cancellationToken, ("@id", runbookId));
    }

    protected override Task<IReadOnlyList<Citation>> GetAllCitationsCoreAsync(CancellationToken cancellationToken)
    {
        var pool = new StringPool();
        return QueryAsync($"SELECT {CitationColumns} FROM citations ORDER BY source_id, runbook_id;", r => ReadCitation(r, pool), cancellationToken);
    }

    protected override Task SaveCitationsCoreAsync(IReadOnlyCollection<Citation> citations, CancellationToken cancellationToken)
    {
        var expected = citations.Select(c => ParseVersion(c.Version, c, CitationName)).ToList();
        // New or unversioned citations are upserted, versioned ones updated where the version still matches: each set in
        // statements over many rows (SqliteJsonRows); a cold check saves tens of thousands of citations.
        var versioned = expected.Count(v => v is not null);
        var upserts = new SqliteJsonRows(citations.Count - versioned, 160);
        var updates = new SqliteJsonRows(versioned, 160);
        var index = 0;
        foreach (var citation in citations)
        {
            var rows = expected[index] is null ? upserts : updates;
            rows.Row(citation.SourceId, citation.RunbookId, citation.BaselineFingerprint, citation.BaselineUrl,
                citation.Finding?.Name(), Time(citation.DetectedAt), citation.FindingDetail, citation.FindingUrl,
                SectionFindingJson.Write(citation.FindingSection), expected[index]);
            index++;
        }
        // All in one transaction: a stale citation anywhere leaves every citation as it was.
        return WriteAsync(async (connection, transaction, version) =>
        {
            foreach (var rows in upserts.ToBlobs())
            {
                // "WHERE true": an upsert's SELECT needs a WHERE before ON CONFLICT, or SQLite reads ON as a join's.
                await ExecuteAsync(connection, transaction, $"""
                    INSERT INTO citations ({CitationColumns})
                    SELECT r.value ->> 0, r.value ->> 1, r.value ->> 2, r.value ->> 3, r.value ->> 4, r.value ->> 5, r.value ->> 6,
                        r.value ->> 7, @version, r.value ->> 8
                    FROM json_each(CAST(@rows AS TEXT)) AS r WHERE true
                    ON CONFLICT (source_id, runbook_id) DO UPDATE SET baseline_fingerprint = excluded.baseline_fingerprint,
                        baseline_url = excluded.baseline_url, finding = excluded.finding, detected_at = excluded.detected_at,
                        finding_detail = excluded.finding_detail, finding_url = excluded.finding_url, version = excluded.version,
                        finding_section = excluded.finding_section;
                    """, cancellationToken, ("@rows", rows), ("@version", version));
            }
            var blobs = updates.ToBlobs();
            for (var blob = 0; blob < blobs.Count; blob++)
            {
                var rows = blobs[blob];
                var first = blob * SqliteJsonRows.RowsPerStatement;
                var updated = await ExecuteAsync(connection, transaction, """
                    UPDATE citations SET baseline_fingerprint = r.value ->> 2, baseline_url = r.value ->> 3, finding = r.value ->> 4,
                        detected_at = r.value ->> 5, finding_detail = r.value ->> 6, finding_url = r.value ->> 7, version = @version,
                        finding_section = r.value ->> 8
                    FROM json_each(CAST(@rows AS TEXT)) AS r
                    WHERE citations.source_id = r.value ->> 0 AND citations.runbook_id = r.value ->> 1 AND citations.version = r.value ->> 9;
                    """, cancellationToken, ("@rows", rows), ("@version", version));
                if (updated != Math.Min(SqliteJsonRows.RowsPerStatement, updates.Count - first))
                {
                    // The first citation (in the order given) whose row was not updated: gone, or changed since it was read.
                    var stale = citations.Where((_, i) => expected[i] is not null).ElementAt(first + await FirstNotUpdatedAsync(connection, transaction, rows, version, cancellationToken));
                    throw Conflict(CitationName(stale));
                }
            }
            return true;
        }, cancellationToken);
    }

    /// <summary>The position among <paramref name="rows"/> of the first citation that <paramref name="version"/> did not update.</summary>
    private static async Task<int> FirstNotUpdatedAsync(SqliteConnection connection, SqliteTransaction transaction, byte[] rows, long version, CancellationToken cancellationToken) =>
        Convert.ToInt32(await ScalarAsync(connection, transaction, """
            SELECT r.key FROM json_each(CAST(@rows AS TEXT)) AS r
            WHERE NOT EXISTS (SELECT 1 FROM citations WHERE source_id = r.value ->> 0 AND runbook_id = r.value ->> 1 AND version = @version)
            ORDER BY r.key LIMIT 1;
            """, cancellationToken, ("@rows", rows), ("@version", version)), CultureInfo.InvariantCulture);

    protected override Task DeleteCitationsCoreAsync(IReadOnlyCollection<Citation> citations, CancellationToken cancellationToken)
    {
        var expected = citations.Select(c => ParseVersion(c.Version, c, CitationName)).ToList();
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
}
