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
        Versioned: true,
        Describe: CitationName,
        Write: WriteCitation,
        Read: ReadCitation,
        Order: Comparer<Citation>.Create((a, b) => string.CompareOrdinal(a.SourceId, b.SourceId) is var bySource and not 0 ? bySource : string.CompareOrdinal(a.RunbookId, b.RunbookId)));

    /// <summary>
    /// The by-runbook index: each citation's ids (no more), packed in the bucket of its runbook; blind writes, so no versions
    /// (a cold check of 10,000 sources made 30,000 versioned copies of its entries that nothing read). An entry keeps the
    /// format's version field, empty.
    /// </summary>
    internal static readonly PackedKind<(string RunbookId, string SourceId), RunbookIndexEntry> RunbookIndex = new(
        What: "runbook index entries",
        Format: 1,
        Key: e => (e.RunbookId, e.SourceId),
        Comparer: EqualityComparer<(string, string)>.Default,
        Bucket: e => BucketPages.BucketOf(e.RunbookId),
        Version: _ => null,
        Versioned: false,
        Describe: e => $"runbook index entry of source {e.SourceId} by runbook {e.RunbookId}",
        Write: (w, e, _) =>
        {
            w.Write(e.RunbookId);
            w.Write(e.SourceId);
            w.Write("");
        },
        Read: (r, pool) =>
        {
            var entry = new RunbookIndexEntry(pool.Share(r.ReadString()), pool.Share(r.ReadString()));
            _ = r.ReadString();
            return entry;
        },
        Order: Comparer<RunbookIndexEntry>.Create((a, b) => string.CompareOrdinal(a.RunbookId, b.RunbookId) is var byRunbook and not 0 ? byRunbook : string.CompareOrdinal(a.SourceId, b.SourceId)));

    /// <summary>
    /// One entry of the by-runbook index: a citation's ids only (a whole <see cref="Citation"/> each was three times the
    /// memory: a first check of 10,000 sources writes 30,000 of them).
    /// </summary>
    internal sealed record RunbookIndexEntry(string RunbookId, string SourceId);

    /// <summary>A citation's index entry.</summary>
    private static RunbookIndexEntry IndexEntry(Citation c) => new(c.RunbookId, c.SourceId);

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
            var indexBucket = BucketPages.BucketOf(runbookId);
            var index = await _runbookCitations.ReadAsync([indexBucket], cancellationToken);
            var sourceIds = index[indexBucket].Items.Values.Where(e => e.RunbookId == runbookId).Select(e => e.SourceId).ToList();
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
            await WriteIndexEntriesAsync(ordered, cancellationToken);
            await _citations.WriteAsync(ordered, [], cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// The index entries of the new citations (without a version), made in a call of their own: kept in the caller's state
    /// they lived while the citations were written, 30,000 of them in a first check of 10,000 sources.
    /// </summary>
    private Task WriteIndexEntriesAsync(IEnumerable<Citation> citations, CancellationToken cancellationToken)
    {
        List<RunbookIndexEntry> entries = [.. citations.Where(c => c.Version is null).Select(IndexEntry)];
        return entries.Count > 0 ? _runbookCitations.WriteAsync(entries, [], cancellationToken) : Task.CompletedTask;
    }

    protected override Task DeleteCitationsCoreAsync(IReadOnlyCollection<Citation> citations, CancellationToken cancellationToken)
    {
        var ordered = citations.ToList();
        return RunAsync(async () =>
        {
            // Citations first, index entries after (see the class comment).
            await _citations.WriteAsync([], ordered, cancellationToken);
            await _runbookCitations.WriteAsync([], [.. ordered.Select(IndexEntry)], cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <summary>Layout 2's partition of a citation (by its encoded source) or an index entry (by its encoded runbook): one of 16 buckets.</summary>
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

    private static void WriteCitation(BinaryWriter w, Citation c, string? version)
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
        w.Write(version ?? throw new InvalidOperationException("A packed citation needs its version."));
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
        Version = pool.Share(r.ReadString()),
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
