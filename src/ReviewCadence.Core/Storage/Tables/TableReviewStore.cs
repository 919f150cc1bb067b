using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;

namespace ReviewCadence.Storage.Tables;

/// <summary>
/// The production store on Azure Table Storage. Every table name starts with the optional prefix.
/// Ids become keys through <see cref="TableKeys.Encode"/> (ids may be URLs); every entity also carries
/// its plain ids as properties.
/// <list type="table">
/// <item><term>sourcestates</term><description>PK "s00"…"s07", RK bucket "-" page ("017-00"): the <see cref="SourceState"/>s packed
/// many to a row (<see cref="BucketPages"/>, <see cref="PackedTable{TKey, T}"/>): each source is in one of 256 hash buckets, and a
/// bucket's states are one row (a few when they outgrow an entity), rewritten whole under its ETag. All states are eight
/// partition queries, and a check's thousands of state updates are at most 256 rows in a few transactions. Each state carries
/// its own version (a token stored with it), checked before a bucket is rewritten; layout 2 kept one row per source (table
/// <c>sources</c>, PK "source").</description></item>
/// <item><term>citations4</term><description>The authoritative citations, packed the same way in the bucket of their source, so a
/// source's citations are one bucket and all of them eight queries; layout 2 and 3 kept one entity per citation (table
/// <c>citations2</c>, PK the source's bucket of 16, RK source "|" runbook).</description></item>
/// <item><term>runbookcitations5</term><description>The by-runbook index: each citation's ids, packed the same way in the bucket of
/// its runbook (layout 2 to 4 kept an entity per citation, table <c>runbookcitations2</c>). A lookup reads the runbook's
/// bucket, then the buckets of its citations. The two tables cannot share a transaction, so the index is written before a
/// citation is created and removed after it is deleted: an interrupted write can leave an index entry without a citation
/// (skipped on read), never a citation that the index misses.</description></item>
/// <item><term>snapshots2</term><description>PK the bucket of the source (one of <see cref="SnapshotBuckets"/>), RK source
/// "|" fingerprint: gzip-compressed content cut into 64,000-byte chunks (a binary property holds at most 64 KiB). The head
/// row holds chunk 0 and the chunk count; rows "…|fingerprint|00001"… hold the rest, and the head is written last, so a
/// snapshot is either complete or absent. One-chunk snapshots saved while others are being written go together in the next
/// transactions (group commit, <c>TableReviewStore.Snapshots.cs</c>).</description></item>
/// <item><term>reviews</term><description>PK runbook id, RK inverted ticks + "_" + id: history newest first; each
/// review's <c>Sequence</c> (its insertion number in the runbook) orders reviews of one instant, later first.</description></item>
/// <item><term>latestreviews</term><description>PK "latest", RK runbook id: each runbook's newest review, replaced
/// under its ETag only by a newer one, so all latest reviews are one partition query; its <c>LastSequence</c> counts
/// the runbook's insertions. It is written before the history row (which takes the number it claimed); adding the
/// same review again after an interrupted write stores it.</description></item>
/// <item><term>owners</term><description>PK "owner", RK owner id: each owner's <see cref="OwnerReachability"/>, updated
/// under its ETag (<c>TableReviewStore.Owners.cs</c>).</description></item>
/// <item><term>reminders</term><description>PK owner id, RK runbook id.</description></item>
/// <item><term>deliveries</term><description>PK owner id, RK inverted ticks + "_" + id.</description></item>
/// <item><term>checkruns</term><description>PK "run", RK run id: a fanned-out check run's record (batches done, lease),
/// updated under its ETag.</description></item>
/// <item><term>checkrunverdicts</term><description>PK run id, RK source id: each source's verdict in that run, saved in
/// transactions of up to 100; deleted with the run.</description></item>
/// <item><term>sourceversions2</term><description>PK the bucket of the source, RK source "|" version number (10 digits):
/// the sources' history (<c>TableReviewStore.History.cs</c>).</description></item>
/// <item><term>storelayout</term><description>PK "layout", RK "version": the layout version (<see cref="LayoutVersion"/>). A store
/// of layout 1 (citations, runbookcitations, snapshots and sourceversions keyed by source or runbook id) is copied into the
/// tables above when first opened (<c>TableReviewStore.Layout.cs</c>).</description></item>
/// <item><term>leases</term><description>PK "lease", RK lease name: created with insert-if-absent, taken over
/// when expired with an ETag-conditional update, released with an ETag-conditional delete.</description></item>
/// </list>
/// Versions are the entities' ETags; a stale ETag (HTTP 412) or a vanished entity (404) is a
/// <see cref="StoreConflictException"/>. Unreachable service, denied access and server failures are a
/// <see cref="StoreUnavailableException"/> naming the endpoint (never a key or SAS).
/// </summary>
internal sealed partial class TableReviewStore : GuardedReviewStore
{
    private const int MaxTransactionActions = 100;
    // Transactions in flight at once for one call (one partition's chunks, or several partitions). Each holds its
    // request and 100 parsed sub-responses: 8 at once added ~35 MB to a 10,000-source check's peak for no time
    // saved against Azurite (tests/ReviewCadence.Benchmarks check); against Azure, 100 transactions take ~1 s at 4.
    private const int ParallelTransactions = 4;
    // Small transactions at once (see TransactionsInFlight): enough to keep the service busy, few enough that a burst
    // of them does not queue behind itself.
    private const int MaxSmallTransactionsInFlight = 32;
    private const int SnapshotChunkBytes = 64_000;
    // A transaction's body is limited to 4 MiB; base64 makes a 64,000-byte chunk about 85 KB.
    private const int SnapshotChunksPerTransaction = 32;
    private const int MaxStringLength = 32_000;
    // Rows per query page, the service's most: Azurite filters and sorts the whole table for every page.
    private const int MaxPageSize = 1_000;
    // The buckets are part of the layout: changing a count moves items to other partitions (a new layout version).
    // 16 partitions spread writes over the service (each serves ~2,000 entities/s) while a check's citations still fill
    // transactions of 100; snapshots arrive a few at a time during a check, so fewer buckets let more of them share one.
    private const int CitationBuckets = 16;
    private const int SnapshotBuckets = 4;
    private const string LatestPartition = "latest";
    private const string LeasePartition = "lease";
    private const string OwnerPartition = "owner";
    private const string CheckRunPartition = "run";
    /// <summary>The last check's record: one row in the check runs table, apart from the runs (partition "run").</summary>
    private const string LastCheckPartition = "last";
    private const string LastCheckRow = "check";

    private readonly TableServiceClient _service;
    private readonly string _endpoint;
    private readonly PackedTable<string, SourceState> _sourceStates;
    private readonly PackedTable<(string SourceId, string RunbookId), Citation> _citations;
    private readonly PackedTable<(string RunbookId, string SourceId), RunbookIndexEntry> _runbookCitations;
    private readonly TableClient _snapshots, _snapshotAnchors, _reviews, _latestReviews, _reminders, _deliveries, _leases, _checkRuns, _checkRunVerdicts, _sourceVersions, _owners, _layout;
    private readonly Func<string, TableClient> _table;

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
        _table = Table;
        _sourceStates = new(Table("sourcestates"), SourceStates, what => Conflict(what));
        _citations = new(Table("citations4"), Citations, what => Conflict(what));
        _runbookCitations = new(Table("runbookcitations5"), RunbookIndex, what => Conflict(what));
        _snapshots = Table("snapshots2");
        _snapshotWrites = new(WriteSnapshotGroupAsync);
        _snapshotAnchors = Table("snapshotanchors");
        _reviews = Table("reviews");
        _latestReviews = Table("latestreviews");
        _reminders = Table("reminders");
        _deliveries = Table("deliveries");
        _leases = Table("leases");
        _checkRuns = Table("checkruns");
        _checkRunVerdicts = Table("checkrunverdicts");
        _sourceVersions = Table("sourceversions2");
        _owners = Table("owners");
        _layout = Table("storelayout");
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

    protected override Task CreateAsync(CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            // The layout is recorded only once every table exists: a store at this layout needs one read to open, not a
            // request per table (a CLI process opens the store once per command).
            if (await StoredLayoutAsync(cancellationToken) == LayoutVersion)
            {
                return true;
            }
            TableClient[] tables = [_sourceStates.Table, _citations.Table, _runbookCitations.Table, _snapshots, _snapshotAnchors, _reviews, _latestReviews, _reminders, _deliveries, _leases, _checkRuns, _checkRunVerdicts, _sourceVersions, _owners, _layout];
            await Task.WhenAll(tables.Select(t => t.CreateIfNotExistsAsync(cancellationToken)));
            await MigrateLayoutAsync(cancellationToken);
            return true;
        }, cancellationToken);
}
