using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Storage.Tables;

internal sealed partial class TableReviewStore
{
    // ---------------------------------------------------------------- citations

    protected override Task<IReadOnlyList<Citation>> GetCitationsForSourceCoreAsync(string sourceId, CancellationToken cancellationToken)
    {
        return RunAsync<IReadOnlyList<Citation>>(async () =>
        {
            var source = TableKeys.Encode(sourceId);
            var citations = await QueryAllAsync(_citations, TableKeys.UnderHead(CitationPartition(source), source), e => ReadCitation(e, new StringPool()), cancellationToken);
            return [.. citations.OrderBy(c => c.RunbookId, StringComparer.Ordinal)];
        }, cancellationToken);
    }

    protected override Task<IReadOnlyList<Citation>> GetCitationsForRunbookCoreAsync(string runbookId, CancellationToken cancellationToken)
    {
        return RunAsync<IReadOnlyList<Citation>>(async () =>
        {
            var runbook = TableKeys.Encode(runbookId);
            var sourceIds = await QueryAllAsync(_runbookCitations,
                TableKeys.UnderHead(CitationPartition(runbook), runbook), e => e.GetString("SourceId"), cancellationToken);
            var found = new Citation?[sourceIds.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, sourceIds.Count),
                new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (index, token) =>
                {
                    var source = TableKeys.Encode(sourceIds[index]);
                    var entity = await _citations.GetEntityIfExistsAsync<TableEntity>(
                        CitationPartition(source), TableKeys.Composite(source, runbook), cancellationToken: token);
                    found[index] = entity.HasValue ? ReadCitation(entity.Value!, new StringPool()) : null; // an index entry left by an interrupted write
                });
            return [.. found.OfType<Citation>().OrderBy(c => c.SourceId, StringComparer.Ordinal)];
        }, cancellationToken);
    }

    protected override Task<IReadOnlyList<Citation>> GetAllCitationsCoreAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<Citation>>(async () =>
        {
            // Bucket by bucket, a few at once: each is a partition query of its own (Azure serves partitions side by side,
            // and Azurite sorts only the bucket's rows for each page instead of the whole table's).
            var pool = new StringPool();
            var citations = new List<Citation>();
            await Parallel.ForEachAsync(Enumerable.Range(0, CitationBuckets), new ParallelOptions { MaxDegreeOfParallelism = ParallelTransactions, CancellationToken = cancellationToken },
                async (bucket, token) =>
                {
                    var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.BucketName(bucket)}");
                    await foreach (var entity in _citations.QueryAsync<TableEntity>(filter, maxPerPage: MaxPageSize, cancellationToken: token))
                    {
                        lock (citations)
                        {
                            citations.Add(ReadCitation(entity, pool));
                        }
                    }
                });
            return [.. citations.OrderBy(c => c.SourceId, StringComparer.Ordinal).ThenBy(c => c.RunbookId, StringComparer.Ordinal)];
        }, cancellationToken);

    protected override Task SaveCitationsCoreAsync(IReadOnlyCollection<Citation> citations, CancellationToken cancellationToken)
    {
        ValidateAll(citations, CitationEntity);
        return RunAsync(async () =>
        {
            // Index first: a citation read from the store (it has a version) already has its index entry.
            await SubmitPerPartitionAsync(_runbookCitations, citations.Where(c => c.Version is null), c => CitationPartition(TableKeys.Encode(c.RunbookId)),
                c => new TableTransactionAction(TableTransactionActionType.UpsertReplace, IndexEntity(c)), _ => "", cancellationToken);

            await SubmitPerPartitionAsync(_citations, citations, c => CitationPartition(TableKeys.Encode(c.SourceId)),
                c => Write(CitationEntity(c), c.Version), DescribeCitation, cancellationToken);
            return true;
        }, cancellationToken);
    }

    protected override Task DeleteCitationsCoreAsync(IReadOnlyCollection<Citation> citations, CancellationToken cancellationToken)
    {
        return RunAsync(async () =>
        {
            // Citations first, index entries after (see the class comment).
            await SubmitPerPartitionAsync(_citations, citations, c => CitationPartition(TableKeys.Encode(c.SourceId)),
                c => new TableTransactionAction(TableTransactionActionType.Delete, CitationKeys(c), c.Version is null ? ETag.All : new ETag(c.Version)),
                DescribeCitation, cancellationToken);

            await SubmitPerPartitionAsync(_runbookCitations, citations, c => CitationPartition(TableKeys.Encode(c.RunbookId)),
                c => new TableTransactionAction(TableTransactionActionType.Delete, IndexEntity(c), ETag.All), _ => "", cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <summary>The partition of a citation (by its encoded source) or an index entry (by its encoded runbook).</summary>
    private static string CitationPartition(string encodedKey) => TableKeys.Bucket(encodedKey, CitationBuckets);

    /// <summary>A citation's keys and plain ids, no more (what a delete sends).</summary>
    private static TableEntity CitationKeys(Citation c)
    {
        var source = TableKeys.Encode(c.SourceId);
        return new TableEntity(CitationPartition(source), TableKeys.Composite(source, TableKeys.Encode(c.RunbookId)))
        {
            ["SourceId"] = c.SourceId,
            ["RunbookId"] = c.RunbookId,
        };
    }

    private static TableEntity CitationEntity(Citation c)
    {
        var entity = CitationKeys(c);
        Set(entity, "BaselineFingerprint", c.BaselineFingerprint);
        Set(entity, "BaselineUrl", c.BaselineUrl);
        Set(entity, "Finding", c.Finding?.Name());
        Set(entity, "DetectedAt", c.DetectedAt);
        Set(entity, "FindingDetail", c.FindingDetail);
        Set(entity, "FindingUrl", c.FindingUrl);
        Set(entity, "FindingSection", SectionFindingJson.Write(c.FindingSection));
        return entity;
    }

    private static TableEntity IndexEntity(Citation c)
    {
        var runbook = TableKeys.Encode(c.RunbookId);
        // Keys and the plain source id only: Azurite's cost grows with an entity's properties, and a cold check writes one per citation.
        return new(CitationPartition(runbook), TableKeys.Composite(runbook, TableKeys.Encode(c.SourceId))) { ["SourceId"] = c.SourceId };
    }

    private static Citation ReadCitation(TableEntity e, StringPool pool) => new()
    {
        SourceId = pool.Share(e.GetString("SourceId")),
        RunbookId = pool.Share(e.GetString("RunbookId")),
        BaselineFingerprint = pool.Share(e.GetString("BaselineFingerprint")),
        BaselineUrl = pool.Share(e.GetString("BaselineUrl")),
        Finding = e.GetString("Finding") is { } finding ? CheckNames.ParseFindingKind(finding) : null,
        DetectedAt = e.GetDateTimeOffset("DetectedAt"),
        FindingDetail = pool.Share(e.GetString("FindingDetail")),
        FindingUrl = pool.Share(e.GetString("FindingUrl")),
        FindingSection = SectionFindingJson.Read(e.GetString("FindingSection")),
        Version = e.ETag.ToString(),
    };

    private static string DescribeCitation(TableEntity e) => $"citation of source {e.GetString("SourceId")} by runbook {e.GetString("RunbookId")}";
}
