using Azure;
using Azure.Data.Tables;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Storage.Tables;

/// <summary>
/// The store's table layout and its migration. Layout 1 keyed citations, the runbook index, snapshots and source versions by
/// source (or runbook) id, one partition each, so a check's writes were one transaction per source; layout 2 puts them in
/// bucket partitions (see the class comment); layout 3 packs the source states, one row per source in layout 2 (table
/// <c>sources</c>), many to a row (<see cref="BucketPages"/>), layout 4 the citations (one row each in table
/// <c>citations2</c> until then) and layout 5 the by-runbook index (table <c>runbookcitations2</c>, rebuilt from the
/// citations); layout 6 deflates the bucket pages as they are written (nothing moves: a page of layout 5 reads as it is,
/// and a version that knows only layout 5 is refused instead of failing on a deflated page). Opening an older store copies
/// what changed into the new tables, records the layout, and only then deletes the old tables, so an interrupted migration
/// is simply done again. Rows are added if absent, never replaced: a second process migrating at the same time cannot
/// overwrite what the first has written since. Writers of the old version must be stopped before the new one opens the store.
/// </summary>
internal sealed partial class TableReviewStore
{
    private const int LayoutVersion = 6;
    private const string LayoutPartition = "layout";
    private const string LayoutRow = "version";
    // Rows of layout-1 tables read per page while copying: a page of snapshot chunks is up to 64 KB a row.
    private const int MigrationPageSize = 200;

    private static readonly HashSet<string> KeyProperties = new(StringComparer.Ordinal) { "PartitionKey", "RowKey", "Timestamp", "odata.etag" };

    /// <summary>Brings a store of an older layout (or a new one) to <see cref="LayoutVersion"/>; a newer layout is refused.</summary>
    private async Task MigrateLayoutAsync(CancellationToken cancellationToken)
    {
        var stored = await StoredLayoutAsync(cancellationToken);
        if (stored > LayoutVersion)
        {
            throw new StoreUnavailableException($"Azure Table store {_endpoint} was written by a newer ReviewCadence (table layout {stored}, this one knows {LayoutVersion}).");
        }
        if (stored == LayoutVersion)
        {
            return;
        }

        TableClient oldCitations = _table("citations"), oldIndex = _table("runbookcitations"), oldSnapshots = _table("snapshots"), oldVersions = _table("sourceversions"),
            oldSources = _table("sources"), layoutTwoCitations = _table("citations2"), layoutTwoIndex = _table("runbookcitations2");
        if (stored < 2)
        {
            await CopyLayoutOneAsync(oldCitations, layoutTwoCitations, oldVersions, oldSnapshots, cancellationToken);
        }
        if (stored < 3)
        {
            _ = await CopyPackedAsync(oldSources, _sourceStates, ReadLayoutTwoSource, (s, version) => s with { Version = version }, cancellationToken);
        }
        if (stored < 5)
        {
            var citations = stored < 4
                ? await CopyPackedAsync(layoutTwoCitations, _citations, ReadLayoutTwoCitation, (c, version) => c with { Version = version }, cancellationToken)
                : await _citations.ReadAllAsync(cancellationToken);
            // The index is rebuilt from the citations (an entry left without its citation by an interrupted write is dropped).
            await AddAllIfAbsentAsync(_runbookCitations.Table, _runbookCitations.Pages(citations.Select(IndexEntry)), cancellationToken);
        }

        await _layout.UpsertEntityAsync(new TableEntity(LayoutPartition, LayoutRow) { ["Version"] = LayoutVersion }, TableUpdateMode.Replace, cancellationToken);
        foreach (var old in new[] { oldCitations, oldIndex, oldSnapshots, oldVersions, oldSources, layoutTwoCitations, layoutTwoIndex })
        {
            try
            {
                await old.DeleteAsync(cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Never there (a store created at a later layout), or another process finished first.
            }
        }
    }

    /// <summary>Copies layout 1's four tables keyed by source or runbook into layout 2's bucketed ones.</summary>
    private async Task CopyLayoutOneAsync(TableClient oldCitations, TableClient citations, TableClient oldVersions, TableClient oldSnapshots, CancellationToken cancellationToken)
    {
        // The by-runbook index is rebuilt from the citations once they are packed (MigrateLayoutAsync).
        await CopyPagesAsync(oldCitations, _ => true, async (rows, token) =>
        {
            // Layout 2's table, from which the citations are packed next (it exists only while a migration needs it).
            await citations.CreateIfNotExistsAsync(token);
            await AddAllIfAbsentAsync(citations, [.. rows.Select(r => Moved(r, CitationPartition(r.PartitionKey)))], token);
        }, cancellationToken);
        await CopyPagesAsync(oldVersions, _ => true,
            (rows, token) => AddAllIfAbsentAsync(_sourceVersions, [.. rows.Select(r => Moved(r, SourcePartitionOf(r.PartitionKey)))], token), cancellationToken);
        // Chunk rows before heads: a head copied means its snapshot is complete.
        foreach (var heads in new[] { false, true })
        {
            await CopyPagesAsync(oldSnapshots, r => r.RowKey.Contains('|', StringComparison.Ordinal) != heads,
                (rows, token) => AddAllIfAbsentAsync(_snapshots, [.. rows.Select(r => Moved(r, SnapshotPartition(r.PartitionKey)))], token), cancellationToken);
        }
    }

    /// <summary>
    /// Packs the rows of a table of one entity per record (layout 2's source states, layout 2 and 3's citations) into bucket
    /// pages, each record with a new version (returned). All are read before any page is added: a page is written whole,
    /// never a bucket's first records then its others.
    /// </summary>
    private static async Task<IReadOnlyList<T>> CopyPackedAsync<TKey, T>(TableClient from, PackedTable<TKey, T> to, Func<TableEntity, StringPool, T> readOld,
        Func<T, string, T> withVersion, CancellationToken cancellationToken) where TKey : notnull where T : class
    {
        var records = new List<T>();
        var pool = new StringPool();
        await CopyPagesAsync(from, _ => true, (rows, _) =>
        {
            records.AddRange(rows.Select(r => readOld(r, pool)));
            return Task.CompletedTask;
        }, cancellationToken);
        if (records.Count == 0)
        {
            return [];
        }
        var token = System.Security.Cryptography.RandomNumberGenerator.GetHexString(16, lowercase: true);
        var versioned = records.Select((r, i) => withVersion(r, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{token}-m{i:x}"))).ToList();
        await AddAllIfAbsentAsync(to.Table, to.Pages(versioned), cancellationToken);
        return versioned;
    }

    /// <summary>A source state as layout 2 kept it: one row, a property per field, its ETag the version.</summary>
    private static SourceState ReadLayoutTwoSource(TableEntity e, StringPool pool) => new()
    {
        SourceId = e.GetString("SourceId"),
        Url = pool.Share(e.GetString("Url")),
        FinalUrl = pool.Share(e.GetString("FinalUrl")),
        LastOutcome = e.GetString("LastOutcome") is { } outcome ? CheckNames.ParseOutcome(outcome) : null,
        HttpStatus = e.GetInt32("HttpStatus"),
        Detail = e.GetString("Detail"),
        LastCheckedAt = e.GetDateTimeOffset("LastCheckedAt"),
        LastChangedAt = e.GetDateTimeOffset("LastChangedAt"),
        ConsecutiveFailures = e.GetInt32("ConsecutiveFailures") ?? 0,
        Fingerprint = e.GetString("Fingerprint"),
        PreviousFingerprint = e.GetString("PreviousFingerprint"),
        LastChangeSummary = e.GetString("LastChangeSummary"),
        HttpETag = e.GetString("HttpETag"),
        HttpLastModified = pool.Share(e.GetString("HttpLastModified")),
    };

    /// <summary>The layout recorded in the store; 1 when none is (a store from before layouts were recorded, or a new one, perhaps without tables).</summary>
    private async Task<int> StoredLayoutAsync(CancellationToken cancellationToken)
    {
        try
        {
            var found = await _layout.GetEntityIfExistsAsync<TableEntity>(LayoutPartition, LayoutRow, cancellationToken: cancellationToken);
            return found.HasValue ? found.Value!.GetInt32("Version") ?? 1 : 1;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return 1; // no layout table yet
        }
    }

    /// <summary>A layout-1 row in layout 2: old partition key (an encoded id) "|" old row key, in the partition given.</summary>
    private static TableEntity Moved(TableEntity row, string partition)
    {
        var moved = new TableEntity(partition, TableKeys.Composite(row.PartitionKey, row.RowKey));
        foreach (var (name, value) in row)
        {
            if (!KeyProperties.Contains(name))
            {
                moved[name] = value;
            }
        }
        return moved;
    }

    /// <summary>Hands each page of a layout-1 table's rows (those <paramref name="include"/> keeps) to <paramref name="write"/>.</summary>
    private static async Task CopyPagesAsync(TableClient from, Func<TableEntity, bool> include, Func<List<TableEntity>, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var page in from.QueryAsync<TableEntity>(maxPerPage: MigrationPageSize, cancellationToken: cancellationToken).AsPages())
            {
                var rows = page.Values.Where(include).ToList();
                if (rows.Count > 0)
                {
                    await write(rows, cancellationToken);
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No such table: nothing to copy (a new store, or another process finished the migration and deleted it).
        }
    }

    /// <summary>Adds rows in transactions of up to 100 per partition (and at most <see cref="MaxSnapshotTransactionBytes"/> of binary data), keeping any already there.</summary>
    private static async Task AddAllIfAbsentAsync(TableClient table, List<TableEntity> rows, CancellationToken cancellationToken)
    {
        var transactions = new List<List<TableTransactionAction>>();
        foreach (var partition in rows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal))
        {
            var (transaction, bytes) = (new List<TableTransactionAction>(), 0);
            foreach (var row in partition)
            {
                var size = row.Select(p => p.Value).OfType<byte[]>().Sum(binary => binary.Length);
                if (transaction.Count == MaxTransactionActions || (transaction.Count > 0 && bytes + size > MaxSnapshotTransactionBytes))
                {
                    transactions.Add(transaction);
                    (transaction, bytes) = ([], 0);
                }
                transaction.Add(new TableTransactionAction(TableTransactionActionType.Add, row));
                bytes += size;
            }
            transactions.Add(transaction);
        }
        await Parallel.ForEachAsync(transactions, new ParallelOptions { MaxDegreeOfParallelism = ParallelTransactions, CancellationToken = cancellationToken },
            async (transaction, token) => await AddIfAbsentAsync(table, transaction, token));
    }

    /// <summary>Submits a transaction of adds; a row already there is dropped and the rest resubmitted.</summary>
    private static async Task AddIfAbsentAsync(TableClient table, List<TableTransactionAction> adds, CancellationToken cancellationToken)
    {
        while (adds.Count > 0)
        {
            try
            {
                await table.SubmitTransactionAsync(adds, cancellationToken);
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status == 409)
            {
                if (e.FailedTransactionActionIndex is { } index && index < adds.Count)
                {
                    adds.RemoveAt(index);
                    continue;
                }
                // The service did not say which was there: add one by one, each tolerating its presence.
                foreach (var add in adds)
                {
                    await AddIfAbsentAsync(table, (TableEntity)add.Entity, cancellationToken);
                }
                return;
            }
        }
    }
}
