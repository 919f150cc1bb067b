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
