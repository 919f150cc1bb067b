using System.Collections.Concurrent;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;

namespace ReviewCadence.Storage.Tables;

/// <summary>
/// What <see cref="PackedTable{TKey, T}"/> needs to know of one kind of record. A kind that is not <see cref="Versioned"/> is
/// written blind: its records are stored without new versions (nothing checks them), and <see cref="Write"/> is given none.
/// <see cref="Write"/> writes a record with the version to store it with: a write's new one, or the record's own.
/// </summary>
internal sealed record PackedKind<TKey, T>(
    string What,
    byte Format,
    Func<T, TKey> Key,
    IEqualityComparer<TKey> Comparer,
    Func<T, int> Bucket,
    Func<T, string?> Version,
    bool Versioned,
    Func<T, string> Describe,
    Action<BinaryWriter, T, string?> Write,
    Func<BinaryReader, StringPool, T> Read,
    IComparer<T> Order) where TKey : notnull;

/// <summary>
/// A table of records packed in bucket pages (<see cref="BucketPages"/>), each record with its own version: a token stored
/// with it, new at every save (one per write, shared by the records it saves, as the SQLite store's), so optimistic
/// concurrency is per record although records share rows. A write checks every
/// version it is given against the stored records before anything is written, then rewrites each bucket under its pages'
/// ETags; a bucket another writer changed in between is read again, checked again and written again, so writers never lose
/// each other's records.
/// </summary>
internal sealed class PackedTable<TKey, T>(TableClient table, PackedKind<TKey, T> kind, Func<string, Exception> conflict)
    where TKey : notnull where T : class
{
    // A bucket that lost a race with another writer is read and written again, this many attempts in all.
    private const int MaxWriteAttempts = 5;
    // A partition whose wanted buckets are more than this many is read whole instead of by ranges of buckets.
    private const int BucketsReadOneByOne = BucketPages.BucketsPerPartition / 2;
    // A transaction's data: three full pages (2,304,000 bytes, ~3.1 MB in base64) fit in the service's 4 MiB body.
    private const int MaxTransactionBytes = 2_400_000;
    private const int MaxTransactionActions = 100;
    private const int ParallelTransactions = 4;
    private const int ParallelReads = 16;
    private const int MaxPageSize = 1_000;

    /// <summary>One bucket as stored: its page rows' keys and ETags, and its records by key.</summary>
    public sealed record Bucket(IReadOnlyDictionary<string, ETag> Pages, IReadOnlyDictionary<TKey, T> Items);

    // A struct: a first check's write of 30,000 citations made as many of them.
    private readonly record struct Change(T Item, bool Delete);

    /// <summary>
    /// The buckets as last read by this instance (and not written since): the contents a write merges into, so a check does
    /// not read everything again before it writes. Only an optimisation: writes go under the pages' ETags (see the class comment).
    /// </summary>
    private readonly ConcurrentDictionary<int, Bucket> _buckets = new();

    public TableClient Table => table;

    /// <summary>Every record, in <see cref="PackedKind{TKey, T}.Order"/>.</summary>
    public async Task<List<T>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var read = await ReadAsync([.. Enumerable.Range(0, BucketPages.Buckets)], cancellationToken);
        var all = read.Values.SelectMany(b => b.Items.Values).ToList();
        all.Sort(kind.Order);
        return all;
    }

    /// <summary>
    /// Reads buckets from the store (and keeps them as this instance's copies): a partition of which more than
    /// <see cref="BucketsReadOneByOne"/> buckets are wanted whole, in one query; of the others, the wanted buckets' pages in
    /// as few queries as a filter allows (<see cref="BucketPages.BucketFilters"/>), several at once. A fanned-out batch of
    /// 100 sources out of 2,000 wants ~80 buckets, ~10 in each partition: 16 queries instead of 80.
    /// A bucket without rows reads as empty.
    /// </summary>
    public async Task<Dictionary<int, Bucket>> ReadAsync(IReadOnlyCollection<int> buckets, CancellationToken cancellationToken)
    {
        var wanted = buckets.ToHashSet();
        var queries = new List<string>();
        foreach (var partition in wanted.GroupBy(BucketPages.PartitionOf, StringComparer.Ordinal))
        {
            if (partition.Count() > BucketsReadOneByOne)
            {
                queries.Add(TableClient.CreateQueryFilter($"PartitionKey eq {partition.Key}"));
            }
            else
            {
                queries.AddRange(BucketPages.BucketFilters(partition));
            }
        }

        var rows = new ConcurrentBag<TableEntity>();
        await Parallel.ForEachAsync(queries, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken }, async (filter, token) =>
        {
            await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: MaxPageSize, cancellationToken: token))
            {
                rows.Add(row);
            }
        });

        var pool = StringPool.ForRead();
        T Read(BinaryReader reader) => kind.Read(reader, pool);
        var read = new Dictionary<int, Bucket>();
        var byBucket = rows.GroupBy(r => BucketPages.BucketOfRow(r.RowKey)).ToDictionary(g => g.Key);
        foreach (var bucket in wanted)
        {
            var pages = new Dictionary<string, ETag>(StringComparer.Ordinal);
            var items = new List<T>();
            if (byBucket.TryGetValue(bucket, out var pageRows))
            {
                foreach (var row in pageRows.OrderBy(r => r.RowKey, StringComparer.Ordinal))
                {
                    pages[row.RowKey] = row.ETag;
                    BucketPages.Read(row, kind.Format, Read, items);
                }
            }
            var content = new Bucket(pages, items.ToDictionary(kind.Key, kind.Comparer));
            _buckets[bucket] = content;
            read[bucket] = content;
        }
        return read;
    }

    /// <summary>
    /// Upserts <paramref name="upserts"/> (each checked against its version when it has one: the stored record must carry it)
    /// and removes <paramref name="deletes"/> (one with a version only if the stored record still carries it; one already gone
    /// is done). Returns the version the upserts are now stored with (null for a blind kind).
    /// </summary>
    /// <remarks>
    /// The version is this call's random token, so no earlier save of a record can match it. A version is checked against its
    /// own record only, so the records of one write share it (as the SQLite store's share their transaction's), and a read
    /// shares the one string (<see cref="StringPool"/>). It is written with the records, not copied into them: copies of a first
    /// check's 30,000 citations, made to carry it, were a third set of them held while they were written (10,000 sources).
    /// </remarks>
    public async Task<string?> WriteAsync(IReadOnlyList<T> upserts, IReadOnlyList<T> deletes, CancellationToken cancellationToken)
    {
        var version = kind.Versioned ? RandomNumberGenerator.GetHexString(16, lowercase: true) : null;
        var changes = upserts.Select(item => (Bucket: kind.Bucket(item), Change: new Change(item, false), Expected: kind.Version(item)))
            .Concat(deletes.Select(item => (Bucket: kind.Bucket(item), Change: new Change(item, true), Expected: kind.Version(item))))
            .GroupBy(c => c.Bucket).ToDictionary(g => g.Key, g => g.Select(c => (c.Change, c.Expected)).ToList());
        IReadOnlyCollection<int> pending = changes.Keys;
        for (var attempt = 1; ; attempt++)
        {
            var contents = await ContentsForWriteAsync(pending, changes, fresh: attempt > 1, cancellationToken);
            var lost = await WriteBucketsAsync(pending.Select(b => (b, contents[b], changes[b].Select(c => c.Change))), version, cancellationToken);
            if (lost.Count == 0)
            {
                return version;
            }
            if (attempt == MaxWriteAttempts)
            {
                throw conflict(kind.Describe(changes[lost[0]][0].Change.Item));
            }
            pending = lost;
        }
    }

    /// <summary>
    /// The buckets a write goes into, every versioned change checked against them: this instance's copies where it has them
    /// (unless <paramref name="fresh"/>); a change whose version does not match a copy is checked again against the store
    /// before it is a conflict. Nothing is written before every change has passed.
    /// </summary>
    private async Task<Dictionary<int, Bucket>> ContentsForWriteAsync(IReadOnlyCollection<int> buckets, Dictionary<int, List<(Change Change, string? Expected)>> changes,
        bool fresh, CancellationToken cancellationToken)
    {
        var contents = new Dictionary<int, Bucket>();
        var missing = new List<int>();
        foreach (var bucket in buckets)
        {
            if (!fresh && _buckets.TryGetValue(bucket, out var known) && Stale(bucket, known) is null)
            {
                contents[bucket] = known;
            }
            else
            {
                missing.Add(bucket);
            }
        }
        foreach (var (bucket, read) in await ReadAsync(missing, cancellationToken))
        {
            contents[bucket] = read;
            if (Stale(bucket, read) is { } stale)
            {
                throw conflict(kind.Describe(stale));
            }
        }
        return contents;

        T? Stale(int bucket, Bucket content) => changes[bucket].Where(c => c.Expected is not null && !Matches(content, c.Change, c.Expected))
            .Select(c => c.Change.Item).FirstOrDefault();
    }

    /// <summary>A versioned upsert needs the stored record at that version; a versioned delete, that or no record at all.</summary>
    private bool Matches(Bucket content, Change change, string expected)
    {
        var stored = content.Items.GetValueOrDefault(kind.Key(change.Item));
        return stored is null ? change.Delete : kind.Version(stored) == expected;
    }

    /// <summary>
    /// Writes each bucket's changes merged into its contents, whole buckets to a transaction (one partition, up to 100 rows and
    /// <see cref="MaxTransactionBytes"/>), each page under its ETag, the upserts with <paramref name="version"/>. Returns the
    /// buckets whose transaction found a page changed, added or gone since (another writer): they are unwritten and must be
    /// read again.
    /// </summary>
    private async Task<List<int>> WriteBucketsAsync(IEnumerable<(int Bucket, Bucket Content, IEnumerable<Change> Changes)> writes, string? version,
        CancellationToken cancellationToken)
    {
        var built = new List<Built>();
        foreach (var (bucket, content, changes) in writes)
        {
            // Each record with the version it is written with: its own, or this write's for an upsert.
            var merged = new Dictionary<TKey, (T Item, string? Version)>(content.Items.Count, kind.Comparer);
            foreach (var (key, item) in content.Items)
            {
                merged[key] = (item, kind.Version(item));
            }
            var changed = false;
            foreach (var change in changes)
            {
                if (change.Delete)
                {
                    changed |= merged.Remove(kind.Key(change.Item));
                }
                else
                {
                    merged[kind.Key(change.Item)] = (change.Item, version);
                    changed = true;
                }
            }
            if (!changed)
            {
                continue; // only deletes of records already gone
            }
            var records = merged.Values.ToList();
            records.Sort((a, b) => kind.Order.Compare(a.Item, b.Item));
            var pages = BucketPages.Write(records, kind.Format, (writer, record) => kind.Write(writer, record.Item, record.Version), kind.What);
            var actions = new List<TableTransactionAction>();
            for (var page = 0; page < pages.Count; page++)
            {
                var entity = BucketPages.Entity(bucket, page, pages[page]);
                actions.Add(content.Pages.TryGetValue(entity.RowKey, out var etag)
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, etag)
                    : new TableTransactionAction(TableTransactionActionType.Add, entity));
            }
            foreach (var (row, etag) in content.Pages.Where(p => actions.All(a => a.Entity.RowKey != p.Key)))
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(BucketPages.PartitionOf(bucket), row), etag));
            }
            built.Add(new Built(bucket, actions, pages.Sum(p => (long)p.Length)));
        }

        var transactions = new List<List<Built>>();
        foreach (var partition in built.GroupBy(b => BucketPages.PartitionOf(b.Bucket), StringComparer.Ordinal))
        {
            var (transaction, rows, bytes) = (new List<Built>(), 0, 0L);
            foreach (var bucket in partition)
            {
                if (transaction.Count > 0 && (rows + bucket.Actions.Count > MaxTransactionActions || bytes + bucket.Bytes > MaxTransactionBytes))
                {
                    transactions.Add(transaction);
                    (transaction, rows, bytes) = ([], 0, 0L);
                }
                transaction.Add(bucket);
                rows += bucket.Actions.Count;
                bytes += bucket.Bytes;
            }
            transactions.Add(transaction);
        }

        var lost = new ConcurrentBag<int>();
        await Parallel.ForEachAsync(transactions, new ParallelOptions { MaxDegreeOfParallelism = ParallelTransactions, CancellationToken = cancellationToken },
            async (transaction, token) =>
            {
                try
                {
                    await table.SubmitTransactionAsync(transaction.SelectMany(b => b.Actions), token);
                }
                catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
                {
                    foreach (var bucket in transaction)
                    {
                        lost.Add(bucket.Bucket);
                    }
                }
                finally
                {
                    // Forgotten once written (or not), not kept as written: the writer holds those records itself, and a
                    // first check's 30,000 citations, their index entries and states, kept here again with their new
                    // versions, were ~14 MB of its live data at its end (10,000 sources). A later write reads the bucket
                    // first.
                    foreach (var bucket in transaction)
                    {
                        _buckets.TryRemove(bucket.Bucket, out _);
                    }
                }
            });
        return [.. lost.Order()];
    }

    private sealed record Built(int Bucket, List<TableTransactionAction> Actions, long Bytes);

    /// <summary>The records as pages, for copying into a new table (a migration): each bucket's pages, versions as given.</summary>
    public List<TableEntity> Pages(IEnumerable<T> records)
    {
        var entities = new List<TableEntity>();
        foreach (var bucket in records.GroupBy(kind.Bucket))
        {
            var sorted = bucket.ToList();
            sorted.Sort(kind.Order);
            var pages = BucketPages.Write(sorted, kind.Format, (writer, record) => kind.Write(writer, record, kind.Version(record)), kind.What);
            entities.AddRange(pages.Select((page, index) => BucketPages.Entity(bucket.Key, index, page)));
        }
        return entities;
    }
}
