using System.Collections.Concurrent;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;

namespace ReviewCadence.Storage.Tables;

internal sealed partial class TableReviewStore
{
    // ---------------------------------------------------------------- sources (layout 3: packed in bucket pages, SourceStatePages)

    // Writes of a bucket that lost a race with another writer are redone from a fresh read this many times in all.
    private const int MaxSourceWriteAttempts = 5;
    // A partition whose wanted buckets are more than this many is read whole instead of bucket by bucket.
    private const int BucketsReadOneByOne = SourceStatePages.BucketsPerPartition / 2;
    // A transaction's data: three full pages (2,304,000 bytes, ~3.1 MB in base64) fit in the service's 4 MiB body.
    private const int MaxSourceTransactionBytes = 2_400_000;

    /// <summary>
    /// The buckets as last read or written by this instance: the contents a save merges its states into, so a check does
    /// not read every state again before it writes them. Only an optimisation: a write goes under each page's ETag, and one
    /// that finds the bucket changed reads it again, so another writer's change is never lost.
    /// </summary>
    private readonly ConcurrentDictionary<int, SourceBucket> _sourceBuckets = new();

    /// <summary>One bucket as stored: its page rows' keys and ETags, and its states by source id.</summary>
    private sealed record SourceBucket(IReadOnlyDictionary<string, ETag> Pages, IReadOnlyDictionary<string, SourceState> States);

    protected override Task<SourceState?> GetSourceCoreAsync(string sourceId, CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var bucket = SourceStatePages.BucketOf(sourceId);
            var read = await ReadSourceBucketsAsync([bucket], cancellationToken);
            return read[bucket].States.GetValueOrDefault(sourceId);
        }, cancellationToken);

    protected override Task<IReadOnlyList<SourceState>> GetSourcesCoreAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<SourceState>>(async () =>
        {
            var read = await ReadSourceBucketsAsync([.. Enumerable.Range(0, SourceStatePages.Buckets)], cancellationToken);
            return [.. read.Values.SelectMany(b => b.States.Values).OrderBy(s => s.SourceId, StringComparer.Ordinal)];
        }, cancellationToken);

    protected override Task<IReadOnlyList<SourceState>> GetSourcesCoreAsync(IReadOnlyList<string> sourceIds, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<SourceState>>(async () =>
        {
            var read = await ReadSourceBucketsAsync([.. sourceIds.Select(SourceStatePages.BucketOf).Distinct()], cancellationToken);
            return [.. sourceIds.Select(id => read[SourceStatePages.BucketOf(id)].States.GetValueOrDefault(id))
                .OfType<SourceState>().OrderBy(s => s.SourceId, StringComparer.Ordinal)];
        }, cancellationToken);

    protected override Task<IReadOnlyList<SourceState>> SaveSourcesCoreAsync(IReadOnlyCollection<SourceState> states, CancellationToken cancellationToken)
    {
        var ordered = states.ToList();
        foreach (var state in ordered)
        {
            ValidateSource(state);
        }
        return RunAsync<IReadOnlyList<SourceState>>(async () =>
        {
            // A state's version is this call's random token and its place in the call: unique, so no version another
            // state (or an earlier save) was given can match.
            var token = RandomNumberGenerator.GetHexString(16, lowercase: true);
            var saved = ordered.Select((s, i) => s with { Version = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{token}-{i:x}") }).ToArray();
            var byBucket = Enumerable.Range(0, ordered.Count).GroupBy(i => SourceStatePages.BucketOf(ordered[i].SourceId)).ToDictionary(g => g.Key, g => g.ToList());
            IReadOnlyCollection<int> pending = byBucket.Keys;
            for (var attempt = 1; ; attempt++)
            {
                var contents = await SourceBucketsForWriteAsync(pending, byBucket, ordered, fresh: attempt > 1, cancellationToken);
                var lost = await WriteSourceBucketsAsync(pending.Select(b => (b, contents[b], byBucket[b].Select(i => saved[i]))), cancellationToken);
                if (lost.Count == 0)
                {
                    return saved;
                }
                if (attempt == MaxSourceWriteAttempts)
                {
                    throw Conflict($"source {ordered[byBucket[lost[0]][0]].SourceId}");
                }
                pending = lost;
            }
        }, cancellationToken);
    }

    /// <summary>
    /// The buckets a save writes into, with every versioned state checked against them: this instance's copies where it
    /// has them (unless <paramref name="fresh"/>), and a state whose version does not match a copy is checked again
    /// against the store before it is a conflict. Nothing is written before every state has passed.
    /// </summary>
    private async Task<Dictionary<int, SourceBucket>> SourceBucketsForWriteAsync(IReadOnlyCollection<int> buckets, Dictionary<int, List<int>> byBucket,
        List<SourceState> states, bool fresh, CancellationToken cancellationToken)
    {
        var contents = new Dictionary<int, SourceBucket>();
        var missing = new List<int>();
        foreach (var bucket in buckets)
        {
            if (!fresh && _sourceBuckets.TryGetValue(bucket, out var known) && Stale(bucket, known) is null)
            {
                contents[bucket] = known;
            }
            else
            {
                missing.Add(bucket);
            }
        }
        foreach (var (bucket, read) in await ReadSourceBucketsAsync(missing, cancellationToken))
        {
            contents[bucket] = read;
            if (Stale(bucket, read) is { } stale)
            {
                throw Conflict($"source {stale.SourceId}");
            }
        }
        return contents;

        SourceState? Stale(int bucket, SourceBucket content) => byBucket[bucket].Select(i => states[i])
            .FirstOrDefault(s => s.Version is not null && content.States.GetValueOrDefault(s.SourceId)?.Version != s.Version);
    }

    /// <summary>
    /// Writes each bucket's states merged with its contents, whole buckets to a transaction (one partition, up to 100 rows
    /// and <see cref="MaxSourceTransactionBytes"/>), each page under its ETag. Returns the buckets whose transaction found a
    /// page changed or gone since (another writer): they are unwritten and must be read again.
    /// </summary>
    private async Task<List<int>> WriteSourceBucketsAsync(IEnumerable<(int Bucket, SourceBucket Content, IEnumerable<SourceState> States)> writes, CancellationToken cancellationToken)
    {
        var built = new List<(int Bucket, IReadOnlyDictionary<string, SourceState> States, List<TableTransactionAction> Actions, long Bytes)>();
        foreach (var (bucket, content, states) in writes)
        {
            var merged = new Dictionary<string, SourceState>(content.States, StringComparer.Ordinal);
            foreach (var state in states)
            {
                merged[state.SourceId] = state;
            }
            var pages = SourceStatePages.Write(merged.Values.OrderBy(s => s.SourceId, StringComparer.Ordinal));
            var actions = new List<TableTransactionAction>();
            for (var page = 0; page < pages.Count; page++)
            {
                var entity = SourceStatePages.Entity(bucket, page, pages[page]);
                actions.Add(content.Pages.TryGetValue(entity.RowKey, out var etag)
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, etag)
                    : new TableTransactionAction(TableTransactionActionType.Add, entity));
            }
            foreach (var (row, etag) in content.Pages.Where(p => actions.All(a => a.Entity.RowKey != p.Key)))
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(SourceStatePages.PartitionOf(bucket), row), etag));
            }
            built.Add((bucket, merged, actions, pages.Sum(p => (long)p.Length)));
        }

        var transactions = new List<List<(int Bucket, IReadOnlyDictionary<string, SourceState> States, List<TableTransactionAction> Actions, long Bytes)>>();
        foreach (var partition in built.GroupBy(b => SourceStatePages.PartitionOf(b.Bucket), StringComparer.Ordinal))
        {
            var (transaction, rows, bytes) = (new List<(int, IReadOnlyDictionary<string, SourceState>, List<TableTransactionAction>, long)>(), 0, 0L);
            foreach (var bucket in partition)
            {
                if (transaction.Count > 0 && (rows + bucket.Actions.Count > MaxTransactionActions || bytes + bucket.Bytes > MaxSourceTransactionBytes))
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
                var actions = transaction.SelectMany(b => b.Actions).ToList();
                Response<IReadOnlyList<Response>> result;
                try
                {
                    result = await _sourceStates.SubmitTransactionAsync(actions, token);
                }
                catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
                {
                    foreach (var bucket in transaction)
                    {
                        _sourceBuckets.TryRemove(bucket.Bucket, out _);
                        lost.Add(bucket.Bucket);
                    }
                    return;
                }
                // Sub-responses come in the order of the actions.
                var index = 0;
                foreach (var bucket in transaction)
                {
                    var pages = new Dictionary<string, ETag>(StringComparer.Ordinal);
                    foreach (var action in bucket.Actions)
                    {
                        if (action.ActionType != TableTransactionActionType.Delete)
                        {
                            pages[action.Entity.RowKey] = result.Value[index].Headers.ETag!.Value;
                        }
                        index++;
                    }
                    _sourceBuckets[bucket.Bucket] = new SourceBucket(pages, bucket.States);
                }
            });
        return [.. lost.Order()];
    }

    /// <summary>
    /// Reads buckets from the store (and keeps them as this instance's copies): a partition of which more than
    /// <see cref="BucketsReadOneByOne"/> buckets are wanted in one query, the others bucket by bucket, several at once.
    /// A bucket without rows reads as empty.
    /// </summary>
    private async Task<Dictionary<int, SourceBucket>> ReadSourceBucketsAsync(IReadOnlyCollection<int> buckets, CancellationToken cancellationToken)
    {
        var wanted = buckets.ToHashSet();
        var queries = new List<string>();
        foreach (var partition in wanted.GroupBy(SourceStatePages.PartitionOf, StringComparer.Ordinal))
        {
            if (partition.Count() > BucketsReadOneByOne)
            {
                queries.Add(TableClient.CreateQueryFilter($"PartitionKey eq {partition.Key}"));
            }
            else
            {
                queries.AddRange(partition.Select(SourceStatePages.BucketFilter));
            }
        }

        var rows = new ConcurrentBag<TableEntity>();
        await Parallel.ForEachAsync(queries, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (filter, token) =>
        {
            await foreach (var row in _sourceStates.QueryAsync<TableEntity>(filter, maxPerPage: MaxPageSize, cancellationToken: token))
            {
                rows.Add(row);
            }
        });

        var pool = new StringPool();
        var read = new Dictionary<int, SourceBucket>();
        var byBucket = rows.GroupBy(r => SourceStatePages.BucketOfRow(r.RowKey)).ToDictionary(g => g.Key);
        foreach (var bucket in wanted)
        {
            var pages = new Dictionary<string, ETag>(StringComparer.Ordinal);
            var states = new List<SourceState>();
            if (byBucket.TryGetValue(bucket, out var pageRows))
            {
                foreach (var row in pageRows.OrderBy(r => r.RowKey, StringComparer.Ordinal))
                {
                    pages[row.RowKey] = row.ETag;
                    SourceStatePages.Read(row, pool, states);
                }
            }
            var content = new SourceBucket(pages, states.ToDictionary(s => s.SourceId, StringComparer.Ordinal));
            _sourceBuckets[bucket] = content;
            read[bucket] = content;
        }
        return read;
    }

    /// <summary>What the Table store cannot keep is refused before anything is written (as each entity's strings are).</summary>
    private static void ValidateSource(SourceState state)
    {
        ArgumentException.ThrowIfNullOrEmpty(state.SourceId);
        ArgumentNullException.ThrowIfNull(state.Url);
        var entity = new TableEntity();
        Set(entity, "SourceId", state.SourceId);
        Set(entity, "Url", state.Url);
        Set(entity, "FinalUrl", state.FinalUrl);
        Set(entity, "Detail", state.Detail);
        Set(entity, "Fingerprint", state.Fingerprint);
        Set(entity, "PreviousFingerprint", state.PreviousFingerprint);
        Set(entity, "LastChangeSummary", state.LastChangeSummary);
        Set(entity, "HttpETag", state.HttpETag);
        Set(entity, "HttpLastModified", state.HttpLastModified);
    }
}
