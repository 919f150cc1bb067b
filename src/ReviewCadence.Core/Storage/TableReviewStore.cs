using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Storage;

/// <summary>
/// The production store on Azure Table Storage. Every table name starts with the optional prefix.
/// Ids become keys through <see cref="TableKeys.Encode"/> (ids may be URLs); every entity also carries
/// its plain ids as properties.
/// <list type="table">
/// <item><term>sources</term><description>PK "source", RK source id: the <see cref="SourceState"/>s, one partition query for all.</description></item>
/// <item><term>citations</term><description>PK source id, RK runbook id: the authoritative citations, so a check
/// reads the runbooks citing a source with one partition query; saves and deletes are transactions of up to
/// 100 per source.</description></item>
/// <item><term>runbookcitations</term><description>PK runbook id, RK source id, keys only: the by-runbook index.
/// A lookup reads this partition, then point-reads each citation from <c>citations</c>. The two tables cannot
/// share a transaction, so the index is written before a citation is created and removed after it is deleted:
/// an interrupted write can leave an index entry without a citation (skipped on read), never a citation that
/// the index misses.</description></item>
/// <item><term>snapshots</term><description>PK source id, RK fingerprint: gzip-compressed content cut into
/// 64,000-byte chunks (a binary property holds at most 64 KiB). The head row (RK fingerprint) holds chunk 0 and
/// the chunk count; rows "fingerprint|00001"… hold the rest. The head is written last (in the last
/// transaction), so a snapshot is either complete or absent.</description></item>
/// <item><term>reviews</term><description>PK runbook id, RK inverted ticks + "_" + id: history newest first.</description></item>
/// <item><term>latestreviews</term><description>PK "latest", RK runbook id: each runbook's newest review, replaced
/// under its ETag only by a newer one, so all latest reviews are one partition query. It is written after the
/// history row; adding the same review again repairs an interrupted write.</description></item>
/// <item><term>reminders</term><description>PK owner id, RK runbook id.</description></item>
/// <item><term>deliveries</term><description>PK owner id, RK inverted ticks + "_" + id.</description></item>
/// <item><term>checkruns</term><description>PK "run", RK run id: a fanned-out check run's record (batches done, lease),
/// updated under its ETag.</description></item>
/// <item><term>checkrunverdicts</term><description>PK run id, RK source id: each source's verdict in that run, saved in
/// transactions of up to 100; deleted with the run.</description></item>
/// <item><term>sourceversions</term><description>PK source id, RK version number (10 digits): the source's history
/// (<c>TableReviewStore.History.cs</c>).</description></item>
/// <item><term>leases</term><description>PK "lease", RK lease name: created with insert-if-absent, taken over
/// when expired with an ETag-conditional update, released with an ETag-conditional delete.</description></item>
/// </list>
/// Versions are the entities' ETags; a stale ETag (HTTP 412) or a vanished entity (404) is a
/// <see cref="StoreConflictException"/>. Unreachable service, denied access and server failures are a
/// <see cref="StoreUnavailableException"/> naming the endpoint (never a key or SAS).
/// </summary>
public sealed partial class TableReviewStore : IReviewStore
{
    private const int MaxTransactionActions = 100;
    // Transactions in flight at once for one call (one partition's chunks, or several partitions). Each holds its
    // request and 100 parsed sub-responses: 8 at once added ~35 MB to a 10,000-source check's peak for no time
    // saved against Azurite (tests/ReviewCadence.Benchmarks check); against Azure, 100 transactions take ~1 s at 4.
    private const int ParallelTransactions = 4;
    private const int SnapshotChunkBytes = 64_000;
    // A transaction's body is limited to 4 MiB; base64 makes a 64,000-byte chunk about 85 KB.
    private const int SnapshotChunksPerTransaction = 32;
    private const int MaxStringLength = 32_000;
    private const string SourcePartition = "source";
    private const string LatestPartition = "latest";
    private const string LeasePartition = "lease";
    private const string CheckRunPartition = "run";
    /// <summary>The last check's record: one row in the check runs table, apart from the runs (partition "run").</summary>
    private const string LastCheckPartition = "last";
    private const string LastCheckRow = "check";

    private readonly TableServiceClient _service;
    private readonly string _endpoint;
    private readonly TableClient _sources, _citations, _runbookCitations, _snapshots, _snapshotAnchors, _reviews, _latestReviews, _reminders, _deliveries, _leases, _checkRuns, _checkRunVerdicts, _sourceVersions;
    private readonly SemaphoreSlim _initializeGate = new(1, 1);
    private bool _initialized;

    /// <summary>Uses a client the caller built (tests, custom pipelines).</summary>
    public TableReviewStore(TableServiceClient serviceClient, TableReviewStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(serviceClient);
        options ??= new TableReviewStoreOptions();
        if (!ValidPrefix().IsMatch(options.TablePrefix))
        {
            throw new ArgumentException("The table prefix must be letters and digits, start with a letter, and be at most 40 characters.", nameof(options));
        }

        _service = serviceClient;
        // The query holds a SAS, if any: keep it out of messages.
        _endpoint = serviceClient.Uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        TableClient Table(string name) => serviceClient.GetTableClient(options.TablePrefix + name);
        _sources = Table("sources");
        _citations = Table("citations");
        _runbookCitations = Table("runbookcitations");
        _snapshots = Table("snapshots");
        _snapshotAnchors = Table("snapshotanchors");
        _reviews = Table("reviews");
        _latestReviews = Table("latestreviews");
        _reminders = Table("reminders");
        _deliveries = Table("deliveries");
        _leases = Table("leases");
        _checkRuns = Table("checkruns");
        _checkRunVerdicts = Table("checkrunverdicts");
        _sourceVersions = Table("sourceversions");
    }

    /// <summary>From a storage connection string (account key, SAS, or <c>UseDevelopmentStorage=true</c>).</summary>
    public TableReviewStore(string connectionString, TableReviewStoreOptions? options = null)
        : this(new TableServiceClient(connectionString, CreateClientOptions()), options)
    {
    }

    /// <summary>From a Table endpoint (<c>https://ACCOUNT.table.core.windows.net</c>) and an Azure identity:
    /// <see cref="DefaultAzureCredential"/> (managed identity in Azure, developer sign-in locally) unless given.</summary>
    public TableReviewStore(Uri endpoint, TokenCredential? credential = null, TableReviewStoreOptions? options = null)
        : this(new TableServiceClient(endpoint, credential ?? new DefaultAzureCredential(), CreateClientOptions()), options)
    {
    }

    /// <summary>The service endpoint, without credentials.</summary>
    public string Endpoint => _endpoint;

    private static TableClientOptions CreateClientOptions()
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(500);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(5);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        return options;
    }

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9]{0,39})?$")]
    private static partial Regex ValidPrefix();

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _initializeGate.WaitAsync(cancellationToken);
        try
        {
            await GuardAsync(async () =>
            {
                TableClient[] tables = [_sources, _citations, _runbookCitations, _snapshots, _snapshotAnchors, _reviews, _latestReviews, _reminders, _deliveries, _leases, _checkRuns, _checkRunVerdicts, _sourceVersions];
                await Task.WhenAll(tables.Select(t => t.CreateIfNotExistsAsync(cancellationToken)));
                return true;
            }, cancellationToken);
            _initialized = true;
        }
        finally
        {
            _initializeGate.Release();
        }
    }

    // ---------------------------------------------------------------- leases

    public Task<RunLease?> TryAcquireLeaseAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(holder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var expiresAt = now + duration;
        return RunAsync<RunLease?>(async () =>
        {
            var entity = new TableEntity(LeasePartition, TableKeys.Encode(name))
            {
                ["Name"] = name,
                ["Holder"] = holder,
                ["ExpiresAt"] = expiresAt,
                // Ticks too: the comparison must not depend on how finely the service keeps DateTime.
                ["ExpiresAtTicks"] = expiresAt.UtcTicks,
            };
            var existing = await _leases.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: cancellationToken);
            try
            {
                Response written;
                if (!existing.HasValue)
                {
                    written = await _leases.AddEntityAsync(entity, cancellationToken);
                }
                else if (now.UtcTicks >= (existing.Value!.GetInt64("ExpiresAtTicks") ?? long.MinValue))
                {
                    written = await _leases.UpdateEntityAsync(entity, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    return null;
                }
                return new RunLease(name, holder, expiresAt, written.Headers.ETag!.Value.ToString());
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
            {
                return null; // another acquirer got there between our read and our write
            }
        }, cancellationToken);
    }

    public Task<RunLease?> GetLeaseAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return RunAsync<RunLease?>(async () =>
        {
            var existing = await _leases.GetEntityIfExistsAsync<TableEntity>(LeasePartition, TableKeys.Encode(name), cancellationToken: cancellationToken);
            return existing.HasValue
                ? new RunLease(name, existing.Value!.GetString("Holder") ?? "",
                    new DateTimeOffset(existing.Value.GetInt64("ExpiresAtTicks") ?? 0, TimeSpan.Zero), existing.Value.ETag.ToString())
                : null;
        }, cancellationToken);
    }

    public Task<RunLease?> RenewLeaseAsync(RunLease lease, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var expiresAt = now + duration;
        return RunAsync<RunLease?>(async () =>
        {
            var entity = new TableEntity(LeasePartition, TableKeys.Encode(lease.Name))
            {
                ["Name"] = lease.Name,
                ["Holder"] = lease.Holder,
                ["ExpiresAt"] = expiresAt,
                ["ExpiresAtTicks"] = expiresAt.UtcTicks,
            };
            try
            {
                // ETag-conditional: a lease taken over or unlocked meanwhile stays lost.
                var written = await _leases.UpdateEntityAsync(entity, new ETag(lease.Version), TableUpdateMode.Replace, cancellationToken);
                return lease with { ExpiresAt = expiresAt, Version = written.Headers.ETag!.Value.ToString() };
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                return null;
            }
        }, cancellationToken);
    }

    public Task ReleaseLeaseAsync(RunLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return RunAsync(async () =>
        {
            try
            {
                await _leases.DeleteEntityAsync(LeasePartition, TableKeys.Encode(lease.Name), new ETag(lease.Version), cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Already gone, or taken over after expiry: it is not ours to remove.
            }
            return true;
        }, cancellationToken);
    }

    // ---------------------------------------------------------------- sources

    public Task<SourceState?> GetSourceAsync(string sourceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        return RunAsync(async () =>
        {
            var found = await _sources.GetEntityIfExistsAsync<TableEntity>(SourcePartition, TableKeys.Encode(sourceId), cancellationToken: cancellationToken);
            return found.HasValue ? ReadSource(found.Value!, new StringPool()) : null;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<SourceState>> GetSourcesAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<SourceState>>(async () =>
        {
            var pool = new StringPool();
            var sources = await QueryAllAsync(_sources, TableClient.CreateQueryFilter($"PartitionKey eq {SourcePartition}"), e => ReadSource(e, pool), cancellationToken);
            return [.. sources.OrderBy(s => s.SourceId, StringComparer.Ordinal)];
        }, cancellationToken);

    public async Task<SourceState> SaveSourceAsync(SourceState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        return (await SaveSourcesAsync([state], cancellationToken))[0];
    }

    public Task<IReadOnlyList<SourceState>> SaveSourcesAsync(IReadOnlyCollection<SourceState> states, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(states);
        StoreInput.RequireDistinct(states, s => (s.SourceId, SourcePartition), "source");
        var ordered = states.ToList();
        ValidateAll(ordered, SourceEntity);
        if (ordered.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<SourceState>>([]);
        }

        return RunAsync<IReadOnlyList<SourceState>>(async () =>
        {
            var saved = new SourceState[ordered.Count];
            // All sources share one partition; its transactions touch different rows, so they may run side by side.
            var chunks = Enumerable.Range(0, (ordered.Count + MaxTransactionActions - 1) / MaxTransactionActions);
            await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = ParallelTransactions, CancellationToken = cancellationToken },
                async (chunk, token) =>
                {
                    var first = chunk * MaxTransactionActions;
                    var count = Math.Min(MaxTransactionActions, ordered.Count - first);
                    var actions = ordered.GetRange(first, count).Select(s => Write(SourceEntity(s), s.Version));
                    Response<IReadOnlyList<Response>> result;
                    try
                    {
                        result = await _sources.SubmitTransactionAsync(actions, token);
                    }
                    catch (TableTransactionFailedException e) when (e.Status is 404 or 412)
                    {
                        var failed = e.FailedTransactionActionIndex is { } index && index < count ? ordered[first + index].SourceId : null;
                        throw Conflict(failed is null ? "source" : $"source {failed}", e);
                    }
                    // Sub-responses come in the order of the actions.
                    for (var i = 0; i < count; i++)
                    {
                        saved[first + i] = ordered[first + i] with { Version = result.Value[i].Headers.ETag!.Value.ToString() };
                    }
                });
            return saved;
        }, cancellationToken);
    }

    private static TableEntity SourceEntity(SourceState state)
    {
        ArgumentException.ThrowIfNullOrEmpty(state.SourceId);
        var entity = new TableEntity(SourcePartition, TableKeys.Encode(state.SourceId));
        Set(entity, "SourceId", state.SourceId);
        Set(entity, "Url", state.Url);
        Set(entity, "FinalUrl", state.FinalUrl);
        Set(entity, "LastOutcome", state.LastOutcome?.Name());
        Set(entity, "HttpStatus", state.HttpStatus);
        Set(entity, "Detail", state.Detail);
        Set(entity, "LastCheckedAt", state.LastCheckedAt);
        Set(entity, "LastChangedAt", state.LastChangedAt);
        Set(entity, "ConsecutiveFailures", state.ConsecutiveFailures);
        Set(entity, "Fingerprint", state.Fingerprint);
        Set(entity, "PreviousFingerprint", state.PreviousFingerprint);
        Set(entity, "LastChangeSummary", state.LastChangeSummary);
        Set(entity, "HttpETag", state.HttpETag);
        Set(entity, "HttpLastModified", state.HttpLastModified);
        return entity;
    }

    private static SourceState ReadSource(TableEntity e, StringPool pool) => new()
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
        Version = e.ETag.ToString(),
    };

    // ---------------------------------------------------------------- snapshots

    public Task SaveSnapshotAsync(string sourceId, string fingerprint, string content, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        ArgumentNullException.ThrowIfNull(content);
        var partition = TableKeys.Encode(sourceId);
        var headKey = TableKeys.Encode(fingerprint);
        var compressed = SnapshotCompression.Compress(content);
        var chunkCount = Math.Max(1, (compressed.Length + SnapshotChunkBytes - 1) / SnapshotChunkBytes);
        return RunAsync(async () =>
        {
            if (chunkCount == 1)
            {
                // Most pages fit one row: adding it is the whole save, and a head already there means done.
                await AddIfAbsentAsync(_snapshots, SnapshotHead(partition, headKey, sourceId, fingerprint, compressed, chunkCount), cancellationToken);
                return true;
            }
            // A fingerprint names one content: once its head is there, the snapshot is complete.
            var head = await _snapshots.GetEntityIfExistsAsync<TableEntity>(partition, headKey, ["ChunkCount"], cancellationToken);
            if (head.HasValue)
            {
                return true;
            }

            var rows = new List<TableTransactionAction>(chunkCount);
            for (var index = chunkCount - 1; index >= 0; index--)
            {
                var start = index * SnapshotChunkBytes;
                var row = index == 0
                    ? SnapshotHead(partition, headKey, sourceId, fingerprint, compressed, chunkCount)
                    : new TableEntity(partition, SnapshotChunkKey(headKey, index))
                    {
                        ["Data"] = compressed.AsSpan(start, Math.Min(SnapshotChunkBytes, compressed.Length - start)).ToArray(),
                    };
                rows.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, row));
            }

            // The head is the last action of the last transaction.
            for (var offset = 0; offset < rows.Count; offset += SnapshotChunksPerTransaction)
            {
                await _snapshots.SubmitTransactionAsync(rows.Skip(offset).Take(SnapshotChunksPerTransaction), cancellationToken);
            }
            return true;
        }, cancellationToken);
    }

    public Task<string?> GetSnapshotAsync(string sourceId, string fingerprint, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        var partition = TableKeys.Encode(sourceId);
        var headKey = TableKeys.Encode(fingerprint);
        return RunAsync(async () =>
        {
            // Encoded keys never contain '|', so "head|" .. "head}" holds exactly this snapshot's chunk rows.
            var filter = TableClient.CreateQueryFilter(
                $"PartitionKey eq {partition} and (RowKey eq {headKey} or (RowKey gt {headKey + "|"} and RowKey lt {headKey + "}"}))");
            var rows = await QueryAllAsync(_snapshots, filter, e => e, cancellationToken);
            var head = rows.FirstOrDefault(r => r.RowKey == headKey);
            if (head is null)
            {
                return null;
            }

            var chunkCount = head.GetInt32("ChunkCount") ?? 0;
            var compressedLength = head.GetInt32("CompressedLength") ?? 0;
            var chunks = rows.OrderBy(r => r.RowKey == headKey ? "" : r.RowKey, StringComparer.Ordinal).Select(r => r.GetBinary("Data")).ToList();
            if (chunks.Count != chunkCount || chunks.Sum(c => c.Length) != compressedLength)
            {
                throw new InvalidDataException($"The snapshot {fingerprint} of source {sourceId} is incomplete in {_endpoint}.");
            }
            return SnapshotCompression.Decompress(chunks.Count == 1 ? chunks[0] : [.. chunks.SelectMany(c => c)]);
        }, cancellationToken);
    }

    private static string SnapshotChunkKey(string headKey, int index) => $"{headKey}|{index:D5}";

    /// <summary>The head row: chunk 0 of the compressed content, and how many chunks make the whole.</summary>
    private static TableEntity SnapshotHead(string partition, string headKey, string sourceId, string fingerprint, byte[] compressed, int chunkCount) =>
        new(partition, headKey)
        {
            ["Data"] = compressed.AsSpan(0, Math.Min(SnapshotChunkBytes, compressed.Length)).ToArray(),
            ["SourceId"] = sourceId,
            ["Fingerprint"] = fingerprint,
            ["ChunkCount"] = chunkCount,
            ["CompressedLength"] = compressed.Length,
        };

    // ---------------------------------------------------------------- citations

    public Task<IReadOnlyList<Citation>> GetCitationsForSourceAsync(string sourceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        return RunAsync<IReadOnlyList<Citation>>(async () =>
        {
            var citations = await QueryAllAsync(_citations, TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(sourceId)}"), e => ReadCitation(e, new StringPool()), cancellationToken);
            return [.. citations.OrderBy(c => c.RunbookId, StringComparer.Ordinal)];
        }, cancellationToken);
    }

    public Task<IReadOnlyList<Citation>> GetCitationsForRunbookAsync(string runbookId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runbookId);
        return RunAsync<IReadOnlyList<Citation>>(async () =>
        {
            var sourceIds = await QueryAllAsync(_runbookCitations,
                TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(runbookId)}"), e => e.GetString("SourceId"), cancellationToken);
            var found = new Citation?[sourceIds.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, sourceIds.Count),
                new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (index, token) =>
                {
                    var entity = await _citations.GetEntityIfExistsAsync<TableEntity>(
                        TableKeys.Encode(sourceIds[index]), TableKeys.Encode(runbookId), cancellationToken: token);
                    found[index] = entity.HasValue ? ReadCitation(entity.Value!, new StringPool()) : null; // an index entry left by an interrupted write
                });
            return [.. found.OfType<Citation>().OrderBy(c => c.SourceId, StringComparer.Ordinal)];
        }, cancellationToken);
    }

    public Task<IReadOnlyList<Citation>> GetAllCitationsAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<Citation>>(async () =>
        {
            var pool = new StringPool();
            var citations = await QueryAllAsync(_citations, null, e => ReadCitation(e, pool), cancellationToken);
            return [.. citations.OrderBy(c => c.SourceId, StringComparer.Ordinal).ThenBy(c => c.RunbookId, StringComparer.Ordinal)];
        }, cancellationToken);

    public Task SaveCitationsAsync(IReadOnlyCollection<Citation> citations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(citations);
        StoreInput.RequireDistinct(citations, c => (c.SourceId, c.RunbookId), "citation");
        ValidateAll(citations, CitationEntity);
        return RunAsync(async () =>
        {
            // Index first: a citation read from the store (it has a version) already has its index entry.
            await SubmitPerPartitionAsync(_runbookCitations, citations.Where(c => c.Version is null), c => TableKeys.Encode(c.RunbookId),
                c => new TableTransactionAction(TableTransactionActionType.UpsertReplace, IndexEntity(c)), _ => "", cancellationToken);

            await SubmitPerPartitionAsync(_citations, citations, c => TableKeys.Encode(c.SourceId),
                c => Write(CitationEntity(c), c.Version), DescribeCitation, cancellationToken);
            return true;
        }, cancellationToken);
    }

    public Task DeleteCitationsAsync(IReadOnlyCollection<Citation> citations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(citations);
        StoreInput.RequireDistinct(citations, c => (c.SourceId, c.RunbookId), "citation");
        return RunAsync(async () =>
        {
            // Citations first, index entries after (see the class comment).
            await SubmitPerPartitionAsync(_citations, citations, c => TableKeys.Encode(c.SourceId),
                c => new TableTransactionAction(TableTransactionActionType.Delete,
                    new TableEntity(TableKeys.Encode(c.SourceId), TableKeys.Encode(c.RunbookId)) { ["SourceId"] = c.SourceId, ["RunbookId"] = c.RunbookId },
                    c.Version is null ? ETag.All : new ETag(c.Version)),
                DescribeCitation, cancellationToken);

            await SubmitPerPartitionAsync(_runbookCitations, citations, c => TableKeys.Encode(c.RunbookId),
                c => new TableTransactionAction(TableTransactionActionType.Delete, IndexEntity(c), ETag.All), _ => "", cancellationToken);
            return true;
        }, cancellationToken);
    }

    private static TableEntity CitationEntity(Citation c)
    {
        var entity = new TableEntity(TableKeys.Encode(c.SourceId), TableKeys.Encode(c.RunbookId));
        Set(entity, "SourceId", c.SourceId);
        Set(entity, "RunbookId", c.RunbookId);
        Set(entity, "BaselineFingerprint", c.BaselineFingerprint);
        Set(entity, "BaselineUrl", c.BaselineUrl);
        Set(entity, "Finding", c.Finding?.Name());
        Set(entity, "DetectedAt", c.DetectedAt);
        Set(entity, "FindingDetail", c.FindingDetail);
        Set(entity, "FindingUrl", c.FindingUrl);
        Set(entity, "FindingSection", SectionFindingJson.Write(c.FindingSection));
        return entity;
    }

    private static TableEntity IndexEntity(Citation c) =>
        new(TableKeys.Encode(c.RunbookId), TableKeys.Encode(c.SourceId)) { ["SourceId"] = c.SourceId, ["RunbookId"] = c.RunbookId };

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

    // ---------------------------------------------------------------- fanned-out check runs

    public Task<CheckRunRecord?> GetCheckRunAsync(string runId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        return RunAsync(async () =>
        {
            var found = await _checkRuns.GetEntityIfExistsAsync<TableEntity>(CheckRunPartition, TableKeys.Encode(runId), cancellationToken: cancellationToken);
            if (!found.HasValue)
            {
                return null;
            }
            var e = found.Value!;
            return new CheckRunRecord
            {
                RunId = e.GetString("RunId"),
                StartedAt = new DateTimeOffset(e.GetInt64("StartedAtTicks")!.Value, TimeSpan.Zero),
                Lease = new RunLease(e.GetString("LeaseName"), e.GetString("LeaseHolder"),
                    new DateTimeOffset(e.GetInt64("LeaseExpiresAtTicks")!.Value, TimeSpan.Zero), e.GetString("LeaseVersion")),
                BatchCount = e.GetInt32("BatchCount") ?? 0,
                CompletedBatches = CheckRunBatches.Read(e.GetString("CompletedBatches")),
                Version = e.ETag.ToString(),
            };
        }, cancellationToken);
    }

    public Task<CheckRunRecord> SaveCheckRunAsync(CheckRunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrEmpty(run.RunId);
        var entity = new TableEntity(CheckRunPartition, TableKeys.Encode(run.RunId));
        Set(entity, "RunId", run.RunId);
        Set(entity, "StartedAtTicks", run.StartedAt.UtcTicks);
        Set(entity, "LeaseName", run.Lease.Name);
        Set(entity, "LeaseHolder", run.Lease.Holder);
        Set(entity, "LeaseExpiresAtTicks", run.Lease.ExpiresAt.UtcTicks);
        Set(entity, "LeaseVersion", run.Lease.Version);
        Set(entity, "BatchCount", run.BatchCount);
        Set(entity, "CompletedBatches", CheckRunBatches.Write(run.CompletedBatches));
        return RunAsync(async () =>
        {
            try
            {
                var response = run.Version is null
                    ? await _checkRuns.AddEntityAsync(entity, cancellationToken)
                    : await _checkRuns.UpdateEntityAsync(entity, new ETag(run.Version), TableUpdateMode.Replace, cancellationToken);
                return run with { Version = response.Headers.ETag!.Value.ToString() };
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
            {
                throw Conflict($"check run {run.RunId}", e);
            }
        }, cancellationToken);
    }

    public Task SaveCheckRunVerdictsAsync(string runId, IReadOnlyCollection<CheckRunVerdict> verdicts, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentNullException.ThrowIfNull(verdicts);
        StoreInput.RequireDistinct(verdicts, v => (runId, v.SourceId), "verdict");
        var partition = TableKeys.Encode(runId);
        var writes = verdicts.Select(v =>
        {
            var entity = new TableEntity(partition, TableKeys.Encode(v.SourceId));
            Set(entity, "SourceId", v.SourceId);
            Set(entity, "Verdict", v.Verdict);
            return new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity);
        }).ToList();
        return RunAsync(async () =>
        {
            await SubmitPerPartitionAsync(_checkRunVerdicts, writes, e => $"verdict of source {e.GetString("SourceId")}", cancellationToken);
            return true;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<CheckRunVerdict>> GetCheckRunVerdictsAsync(string runId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        return RunAsync<IReadOnlyList<CheckRunVerdict>>(async () =>
        {
            var verdicts = await QueryAllAsync(_checkRunVerdicts, TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(runId)}"),
                e => new CheckRunVerdict(e.GetString("SourceId"), e.GetString("Verdict")), cancellationToken);
            return [.. verdicts.OrderBy(v => v.SourceId, StringComparer.Ordinal)];
        }, cancellationToken);
    }

    public Task DeleteCheckRunAsync(string runId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        var partition = TableKeys.Encode(runId);
        return RunAsync(async () =>
        {
            var keys = new List<TableTransactionAction>();
            await foreach (var row in _checkRunVerdicts.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"),
                               select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                keys.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
            }
            await SubmitPerPartitionAsync(_checkRunVerdicts, keys, _ => "verdict", cancellationToken);
            try
            {
                await _checkRuns.DeleteEntityAsync(CheckRunPartition, TableKeys.Encode(runId), ETag.All, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
            }
            return true;
        }, cancellationToken);
    }

    // ---------------------------------------------------------------- the last check

    public Task SaveLastCheckAsync(LastCheckRecord lastCheck, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lastCheck);
        var entity = new TableEntity(LastCheckPartition, LastCheckRow) { ["Record"] = lastCheck.ToStoredText() };
        return RunAsync(async () =>
        {
            await _checkRuns.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
            return true;
        }, cancellationToken);
    }

    public Task<LastCheckRecord?> GetLastCheckAsync(CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var found = await _checkRuns.GetEntityIfExistsAsync<TableEntity>(LastCheckPartition, LastCheckRow, cancellationToken: cancellationToken);
            return found.HasValue ? LastCheckRecord.FromStoredText(found.Value!.GetString("Record"), _endpoint) : null;
        }, cancellationToken);

    // ---------------------------------------------------------------- reviews

    public Task AddReviewAsync(ReviewRecord review, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentException.ThrowIfNullOrEmpty(review.Id);
        ArgumentException.ThrowIfNullOrEmpty(review.RunbookId);
        return RunAsync(async () =>
        {
            await AddIfAbsentAsync(_reviews, ReviewEntity(review, TableKeys.Encode(review.RunbookId), TableKeys.TimeOrdered(review.ReviewedAt, review.Id)), cancellationToken);

            // Move the runbook's latest review forward, never back; a lost race reads again.
            var latest = ReviewEntity(review, LatestPartition, TableKeys.Encode(review.RunbookId));
            while (true)
            {
                var current = await _latestReviews.GetEntityIfExistsAsync<TableEntity>(latest.PartitionKey, latest.RowKey, cancellationToken: cancellationToken);
                try
                {
                    if (!current.HasValue)
                    {
                        await _latestReviews.AddEntityAsync(latest, cancellationToken);
                    }
                    else if (StoreInput.IsNewer(review, ReadReview(current.Value!)))
                    {
                        await _latestReviews.UpdateEntityAsync(latest, current.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                    }
                    return true;
                }
                catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
                {
                }
            }
        }, cancellationToken);
    }

    public Task<IReadOnlyList<ReviewRecord>> GetReviewsAsync(string runbookId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runbookId);
        return RunAsync(async () => StoreInput.NewestFirst(
            await QueryAllAsync(_reviews, TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(runbookId)}"), ReadReview, cancellationToken)),
            cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, ReviewRecord>> GetLatestReviewsAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyDictionary<string, ReviewRecord>>(async () =>
        {
            var latest = await QueryAllAsync(_latestReviews, TableClient.CreateQueryFilter($"PartitionKey eq {LatestPartition}"), ReadReview, cancellationToken);
            return latest.ToDictionary(r => r.RunbookId, StringComparer.Ordinal);
        }, cancellationToken);

    private static TableEntity ReviewEntity(ReviewRecord r, string partitionKey, string rowKey)
    {
        var entity = new TableEntity(partitionKey, rowKey);
        Set(entity, "Id", r.Id);
        Set(entity, "RunbookId", r.RunbookId);
        Set(entity, "ReviewedAt", r.ReviewedAt);
        Set(entity, "ReviewedAtTicks", r.ReviewedAt.UtcTicks);
        Set(entity, "Reviewer", r.Reviewer);
        Set(entity, "Result", r.Result);
        Set(entity, "Notes", r.Notes);
        Set(entity, "FollowUpOwner", r.FollowUpOwner);
        Set(entity, "SourcesChecked", StoredLists.Write(r.SourcesChecked));
        return entity;
    }

    private static ReviewRecord ReadReview(TableEntity e) => new()
    {
        Id = e.GetString("Id"),
        RunbookId = e.GetString("RunbookId"),
        ReviewedAt = new DateTimeOffset(e.GetInt64("ReviewedAtTicks")!.Value, TimeSpan.Zero),
        Reviewer = e.GetString("Reviewer"),
        Result = e.GetString("Result"),
        Notes = e.GetString("Notes"),
        FollowUpOwner = e.GetString("FollowUpOwner"),
        SourcesChecked = StoredLists.Read(e.GetString("SourcesChecked")),
    };

    // ---------------------------------------------------------------- reminders

    public Task<IReadOnlyList<ReminderState>> GetReminderStatesAsync(string ownerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        return RunAsync<IReadOnlyList<ReminderState>>(async () =>
        {
            var states = await QueryAllAsync(_reminders, TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(ownerId)}"), e => new ReminderState
            {
                OwnerId = e.GetString("OwnerId"),
                RunbookId = e.GetString("RunbookId"),
                StateKey = e.GetString("StateKey"),
                Count = e.GetInt32("Count") ?? 0,
                FirstSentAt = e.GetDateTimeOffset("FirstSentAt"),
                LastSentAt = e.GetDateTimeOffset("LastSentAt"),
                Version = e.ETag.ToString(),
            }, cancellationToken);
            return [.. states.OrderBy(s => s.RunbookId, StringComparer.Ordinal)];
        }, cancellationToken);
    }

    public Task SaveReminderStatesAsync(IReadOnlyCollection<ReminderState> states, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(states);
        StoreInput.RequireDistinct(states, s => (s.OwnerId, s.RunbookId), "reminder state");
        var writes = states.Select(s =>
        {
            var entity = new TableEntity(TableKeys.Encode(s.OwnerId), TableKeys.Encode(s.RunbookId));
            Set(entity, "OwnerId", s.OwnerId);
            Set(entity, "RunbookId", s.RunbookId);
            Set(entity, "StateKey", s.StateKey);
            Set(entity, "Count", s.Count);
            Set(entity, "FirstSentAt", s.FirstSentAt);
            Set(entity, "LastSentAt", s.LastSentAt);
            return Write(entity, s.Version);
        }).ToList();
        return RunAsync(async () =>
        {
            await SubmitPerPartitionAsync(_reminders, writes,
                e => $"reminder state of owner {e.GetString("OwnerId")} for runbook {e.GetString("RunbookId")}", cancellationToken);
            return true;
        }, cancellationToken);
    }

    // ---------------------------------------------------------------- deliveries

    public Task AddDeliveryAsync(DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentException.ThrowIfNullOrEmpty(delivery.Id);
        ArgumentException.ThrowIfNullOrEmpty(delivery.OwnerId);
        var entity = new TableEntity(TableKeys.Encode(delivery.OwnerId), TableKeys.TimeOrdered(delivery.SentAt, delivery.Id));
        Set(entity, "Id", delivery.Id);
        Set(entity, "OwnerId", delivery.OwnerId);
        Set(entity, "Channel", delivery.Channel);
        Set(entity, "Escalation", delivery.Escalation);
        Set(entity, "RunbookIds", StoredLists.Write(delivery.RunbookIds));
        Set(entity, "SentAt", delivery.SentAt);
        Set(entity, "SentAtTicks", delivery.SentAt.UtcTicks);
        Set(entity, "Succeeded", delivery.Succeeded);
        Set(entity, "Error", delivery.Error);
        return RunAsync(async () =>
        {
            await AddIfAbsentAsync(_deliveries, entity, cancellationToken);
            return true;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesAsync(string? ownerId, CancellationToken cancellationToken) =>
        RunAsync(async () => StoreInput.NewestFirst(await QueryAllAsync(_deliveries,
            ownerId is null ? null : TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(ownerId)}"),
            e => new DeliveryRecord
            {
                Id = e.GetString("Id"),
                OwnerId = e.GetString("OwnerId"),
                Channel = e.GetString("Channel"),
                Escalation = e.GetBoolean("Escalation") ?? false,
                RunbookIds = StoredLists.Read(e.GetString("RunbookIds")),
                SentAt = new DateTimeOffset(e.GetInt64("SentAtTicks")!.Value, TimeSpan.Zero),
                Succeeded = e.GetBoolean("Succeeded") ?? false,
                Error = e.GetString("Error"),
            }, cancellationToken)), cancellationToken);

    public ValueTask DisposeAsync()
    {
        _initializeGate.Dispose();
        return ValueTask.CompletedTask;
    }

    // ---------------------------------------------------------------- plumbing

    private static async Task AddIfAbsentAsync(TableClient table, TableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Already added: adding is idempotent.
        }
    }

    /// <summary>
    /// Submits actions as transactions of up to 100 per partition, a few partitions at a time. A delete of an entity already gone is
    /// dropped and the rest resubmitted; a stale ETag or a vanished entity on update is a conflict.
    /// </summary>
    private static Task SubmitPerPartitionAsync(TableClient table, IEnumerable<TableTransactionAction> actions,
        Func<TableEntity, string> describe, CancellationToken cancellationToken) =>
        SubmitPerPartitionAsync(table, actions, a => a.Entity.PartitionKey, a => a, describe, cancellationToken);

    /// <summary>
    /// Writes <paramref name="items"/> in transactions of up to 100 per partition, several partitions at once. Each
    /// transaction's entities are built when it is sent, so a write of 60,000 citations never holds 60,000 entities.
    /// </summary>
    private static async Task SubmitPerPartitionAsync<T>(TableClient table, IEnumerable<T> items, Func<T, string> partitionKey,
        Func<T, TableTransactionAction> toAction, Func<TableEntity, string> describe, CancellationToken cancellationToken)
    {
        var partitions = items.GroupBy(partitionKey, StringComparer.Ordinal).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = ParallelTransactions, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(partitions, parallel, async (partition, token) =>
        {
            foreach (var chunk in partition.Chunk(MaxTransactionActions))
            {
                var pending = chunk.Select(toAction).ToList();
                while (pending.Count > 0)
                {
                    try
                    {
                        await table.SubmitTransactionAsync(pending, token);
                        break;
                    }
                    catch (TableTransactionFailedException e) when (e.Status is 404 or 412)
                    {
                        var failed = e.FailedTransactionActionIndex is { } index && index < pending.Count ? pending[index] : null;
                        if (e.Status == 404 && failed?.ActionType == TableTransactionActionType.Delete)
                        {
                            pending.Remove(failed);
                            continue;
                        }
                        if (e.Status == 404 && failed is null && pending.All(a => a.ActionType == TableTransactionActionType.Delete))
                        {
                            // The service did not say which delete missed: delete one by one, each tolerating absence.
                            await DeleteEachAsync(table, pending, describe, token);
                            break;
                        }
                        throw Conflict(failed is null ? "entity" : describe((TableEntity)failed.Entity), e);
                    }
                }
            }
        });
    }

    private static async Task DeleteEachAsync(TableClient table, IEnumerable<TableTransactionAction> deletes, Func<TableEntity, string> describe, CancellationToken cancellationToken)
    {
        foreach (var delete in deletes)
        {
            try
            {
                await table.DeleteEntityAsync(delete.Entity.PartitionKey, delete.Entity.RowKey, delete.ETag, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                throw Conflict(describe((TableEntity)delete.Entity), e);
            }
        }
    }

    private static async Task<List<T>> QueryAllAsync<T>(TableClient table, string? filter, Func<TableEntity, T> read, CancellationToken cancellationToken)
    {
        var results = new List<T>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 500, cancellationToken: cancellationToken))
        {
            results.Add(read(entity));
        }
        return results;
    }

    /// <summary>A new entity (no version) is upserted; one read from the store is replaced only if unchanged since (its ETag).</summary>
    private static TableTransactionAction Write(TableEntity entity, string? version) => version is null
        ? new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity)
        : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, new ETag(version));

    /// <summary>
    /// Builds (and drops) every item's entity before anything is written, so input the store cannot keep (a string
    /// over its limit) fails the whole call up front instead of after some transactions went through.
    /// </summary>
    private static void ValidateAll<T>(IEnumerable<T> items, Func<T, TableEntity> toEntity)
    {
        foreach (var item in items)
        {
            _ = toEntity(item);
        }
    }

    private static void Set(TableEntity entity, string name, object? value)
    {
        if (value is string text && text.Length > MaxStringLength)
        {
            throw new ArgumentException($"{name} is {text.Length} characters long; the Table store keeps at most {MaxStringLength}.");
        }
        // Tables has no null: an absent property reads back as null.
        if (value is not null)
        {
            entity[name] = value;
        }
    }

    private async Task<T> RunAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken);
        }
        return await GuardAsync(operation, cancellationToken);
    }

    /// <summary>Turns "cannot reach or use the service" into <see cref="StoreUnavailableException"/>; other failures pass.</summary>
    private async Task<T> GuardAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await operation();
        }
        catch (RequestFailedException e) when (DescribeUnavailable(e) is { } problem)
        {
            throw Unavailable(problem, e);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0 && e.InnerExceptions.All(i => i is RequestFailedException { Status: 0 }))
        {
            throw Unavailable($"cannot be reached ({Innermost(e.InnerExceptions[^1]).Message}){LocalHint}", e);
        }
        catch (AuthenticationFailedException e)
        {
            throw Unavailable("no Azure identity could sign in (DefaultAzureCredential: managed identity, environment, or a developer sign-in such as az login)", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unavailable("did not answer in time", e);
        }
    }

    private string? DescribeUnavailable(RequestFailedException e) => e.Status switch
    {
        0 => $"cannot be reached ({Innermost(e).Message}){LocalHint}",
        401 or 403 => $"refused access (HTTP {e.Status} {e.ErrorCode}): with an endpoint URI the identity needs the " +
                      "Storage Table Data Contributor role; with a connection string check the account key or SAS",
        // Not caught by an operation that expects it (an entity that may be absent): the account or its tables are missing.
        404 => $"answered 404 ({e.ErrorCode ?? "not found"}): the account named in the connection string or endpoint does not exist there; check its name",
        >= 500 => $"failed (HTTP {e.Status} {e.ErrorCode})",
        _ => null,
    };

    private string LocalHint => _service.Uri.IsLoopback ? "; is Azurite running?" : "";

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }
        return e;
    }

    private StoreUnavailableException Unavailable(string problem, Exception inner) =>
        new($"Azure Table store {_endpoint} {problem}.", inner);

    private static StoreConflictException Conflict(string what, Exception inner) =>
        new($"The {what} changed since it was read (or was removed); read it again and retry.", inner);
}
