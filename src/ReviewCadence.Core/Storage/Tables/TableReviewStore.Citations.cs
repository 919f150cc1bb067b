using Azure;
using Azure.Data.Tables;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Storage.Tables;

internal sealed partial class TableReviewStore
{
    // ---------------------------------------------------------------- citations (layout 4: packed in their sources' bucket pages)

    private static readonly PackedKind<(string SourceId, string RunbookId), Citation> Citations = new(
        What: "citations",
        Format: 1,
        Key: c => (c.SourceId, c.RunbookId),
        Comparer: EqualityComparer<(string, string)>.Default,
        Bucket: c => BucketPages.BucketOf(c.SourceId),
        Version: c => c.Version,
        WithVersion: (c, version) => c with { Version = version },
        Describe: CitationName,
        Write: WriteCitation,
        Read: ReadCitation,
        Order: Comparer<Citation>.Create((a, b) => string.CompareOrdinal(a.SourceId, b.SourceId) is var bySource and not 0 ? bySource : string.CompareOrdinal(a.RunbookId, b.RunbookId)));

    protected override Task<IReadOnlyList<Citation>> GetCitationsForSourceCoreAsync(string sourceId, CancellationToken cancellationToken)
    {
        return RunAsync<IReadOnlyList<Citation>>(async () =>
        {
            var bucket = BucketPages.BucketOf(sourceId);
            var read = await _citations.ReadAsync([bucket], cancellationToken);
            return [.. read[bucket].Items.Values.Where(c => c.SourceId == sourceId).OrderBy(c => c.RunbookId, StringComparer.Ordinal)];
        }, cancellationToken);
    }

    protected override Task<IReadOnlyList<Citation>> GetCitationsForRunbookCoreAsync(string runbookId, CancellationToken cancellationToken)
    {
        return RunAsync<IReadOnlyList<Citation>>(async () =>
        {
            var runbook = TableKeys.Encode(runbookId);
            var sourceIds = await QueryAllAsync(_runbookCitations,
                TableKeys.UnderHead(CitationPartition(runbook), runbook), e => e.GetString("SourceId"), cancellationToken);
            var read = await _citations.ReadAsync([.. sourceIds.Select(BucketPages.BucketOf).Distinct()], cancellationToken);
            // An index entry without its citation was left by an interrupted write: skipped.
            return [.. sourceIds.Select(id => read[BucketPages.BucketOf(id)].Items.GetValueOrDefault((id, runbookId)))
                .OfType<Citation>().OrderBy(c => c.SourceId, StringComparer.Ordinal)];
        }, cancellationToken);
    }

    protected override Task<IReadOnlyList<Citation>> GetAllCitationsCoreAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<Citation>>(async () => await _citations.ReadAllAsync(cancellationToken), cancellationToken);

    protected override Task SaveCitationsCoreAsync(IReadOnlyCollection<Citation> citations, CancellationToken cancellationToken)
    {
        ValidateAll(citations, CitationEntity);
        var ordered = citations.ToList();
        return RunAsync(async () =>
        {
            // Index first: a citation read from the store (it has a version) already has its index entry.
            await SubmitPerPartitionAsync(_runbookCitations, ordered.Where(c => c.Version is null), c => CitationPartition(TableKeys.Encode(c.RunbookId)),
                c => new TableTransactionAction(TableTransactionActionType.UpsertReplace, IndexEntity(c)), _ => "", cancellationToken);
            await _citations.WriteAsync(ordered, [], cancellationToken);
            return true;
        }, cancellationToken);
    }

    protected override Task DeleteCitationsCoreAsync(IReadOnlyCollection<Citation> citations, CancellationToken cancellationToken)
    {
        var ordered = citations.ToList();
        return RunAsync(async () =>
        {
            // Citations first, index entries after (see the class comment).
            await _citations.WriteAsync([], ordered, cancellationToken);
            await SubmitPerPartitionAsync(_runbookCitations, ordered, c => CitationPartition(TableKeys.Encode(c.RunbookId)),
                c => new TableTransactionAction(TableTransactionActionType.Delete, IndexEntity(c), ETag.All), _ => "", cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <summary>The partition of an index entry (by its encoded runbook).</summary>
    private static string CitationPartition(string encodedKey) => TableKeys.Bucket(encodedKey, CitationBuckets);

    /// <summary>A citation as one entity (layout 2's form): what the Table store's limits are checked on before anything is written.</summary>
    private static TableEntity CitationEntity(Citation c)
    {
        var source = TableKeys.Encode(c.SourceId);
        var entity = new TableEntity(CitationPartition(source), TableKeys.Composite(source, TableKeys.Encode(c.RunbookId)))
        {
            ["SourceId"] = c.SourceId,
            ["RunbookId"] = c.RunbookId,
        };
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

    private static void WriteCitation(BinaryWriter w, Citation c)
    {
        w.Write(c.SourceId);
        w.Write(c.RunbookId);
        BucketPages.Text(w, c.BaselineFingerprint);
        BucketPages.Text(w, c.BaselineUrl);
        BucketPages.Text(w, c.Finding?.Name());
        BucketPages.Time(w, c.DetectedAt);
        BucketPages.Text(w, c.FindingDetail);
        BucketPages.Text(w, c.FindingUrl);
        BucketPages.Text(w, SectionFindingJson.Write(c.FindingSection));
        w.Write(c.Version ?? throw new InvalidOperationException("A packed citation needs its version."));
    }

    private static Citation ReadCitation(BinaryReader r, StringPool pool) => new()
    {
        SourceId = pool.Share(r.ReadString()),
        RunbookId = pool.Share(r.ReadString()),
        BaselineFingerprint = pool.Share(BucketPages.Text(r)),
        BaselineUrl = pool.Share(BucketPages.Text(r)),
        Finding = BucketPages.Text(r) is { } finding ? CheckNames.ParseFindingKind(finding) : null,
        DetectedAt = BucketPages.Time(r),
        FindingDetail = pool.Share(BucketPages.Text(r)),
        FindingUrl = pool.Share(BucketPages.Text(r)),
        FindingSection = SectionFindingJson.Read(BucketPages.Text(r)),
        Version = r.ReadString(),
    };

    /// <summary>A citation as layout 2 kept it (one entity, its ETag the version): what a migration reads.</summary>
    private static Citation ReadLayoutTwoCitation(TableEntity e, StringPool pool) => new()
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
    };
}
