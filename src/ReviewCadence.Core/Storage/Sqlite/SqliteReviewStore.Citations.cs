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
        var pool = StringPool.ForRead();
        return QueryAsync($"SELECT {CitationColumns} FROM citations ORDER BY source_id, runbook_id;", r => ReadCitation(r, pool), cancellationToken);
    }

    protected override Task SaveCitationsCoreAsync(IReadOnlyCollection<Citation> citations, CancellationToken cancellationToken)
    {
        var expected = citations.Select(c => ParseVersion(c.Version, c, CitationName)).ToList();
        // All in one transaction: a stale citation anywhere leaves every citation as it was.
        return WriteAsync((connection, _, version) =>
        {
            // Parameters by position: ?1 source_id, ?2 runbook_id ... ?8 finding_url, ?9 the version written,
            // ?10 finding_section, ?11 the version expected.
            const string assignments = """
                baseline_fingerprint = ?3, baseline_url = ?4, finding = ?5, detected_at = ?6, finding_detail = ?7,
                finding_url = ?8, version = ?9, finding_section = ?10
                """;
            // Two statements prepared once, run per citation: a cold check saves tens of thousands of citations.
            using var upsert = new SqliteRowStatement(connection,
                $"INSERT INTO citations ({CitationColumns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (source_id, runbook_id) DO UPDATE SET {assignments};");
            using var update = new SqliteRowStatement(connection,
                $"UPDATE citations SET {assignments} WHERE source_id = ?1 AND runbook_id = ?2 AND version = ?11;");
            var index = 0;
            foreach (var citation in citations)
            {
                var statement = expected[index] is { } expectedVersion ? update.Integer(11, expectedVersion) : upsert;
                statement.Text(1, citation.SourceId).Text(2, citation.RunbookId).Text(3, citation.BaselineFingerprint)
                    .Text(4, citation.BaselineUrl).Text(5, citation.Finding?.Name()).Time(6, citation.DetectedAt)
                    .Text(7, citation.FindingDetail).Text(8, citation.FindingUrl).Integer(9, version)
                    .Text(10, SectionFindingJson.Write(citation.FindingSection));
                if (statement.Run(cancellationToken) != 1)
                {
                    throw Conflict(CitationName(citation));
                }
                index++;
            }
            return Task.FromResult(true);
        }, cancellationToken);
    }

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
