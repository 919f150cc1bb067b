using System.Globalization;
using System.Runtime.CompilerServices;

namespace ReviewCadence.Storage;

/// <summary>
/// What both stores do alike, written once above them: argument checks, one entity named twice in a call refused,
/// empty lists answered without touching the backend, initialisation once (on first use if the host did not), and
/// the conflict message. Each backend (<c>Sqlite/</c>, <c>Tables/</c>) implements the <c>...CoreAsync</c> members on
/// arguments already checked, and the contract suite runs against both through this layer.
/// </summary>
internal abstract class GuardedReviewStore : IReviewStore
{
    private readonly SemaphoreSlim _initializeGate = new(1, 1);
    private bool _initialized;

    /// <summary>Creates the backend's tables or schema (called once, under the initialisation gate).</summary>
    protected abstract Task CreateAsync(CancellationToken cancellationToken);

    /// <summary>Releases the backend's resources (the guard layer then releases its own).</summary>
    protected abstract ValueTask DisposeStoreAsync();

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _initializeGate.WaitAsync(cancellationToken);
        try
        {
            await CreateAsync(cancellationToken);
            _initialized = true;
        }
        finally
        {
            _initializeGate.Release();
        }
    }

    /// <summary>Initialises on first use, for hosts that did not call <see cref="InitializeAsync"/>.</summary>
    protected async Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeStoreAsync();
        _initializeGate.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The one wording of a lost optimistic-concurrency race, whichever store lost it.</summary>
    protected static StoreConflictException Conflict(string what, Exception? inner = null) =>
        new($"The {what} changed since it was read (or was removed); read it again and retry.", inner);

    /// <summary>How conflict messages name a citation.</summary>
    protected static string CitationName(Citation citation) => $"citation of source {citation.SourceId} by runbook {citation.RunbookId}";

    /// <summary>How conflict messages name a reminder state.</summary>
    protected static string ReminderName(ReminderState state) => $"reminder state of owner {state.OwnerId} for runbook {state.RunbookId}";

    /// <summary>
    /// The guard of a batch write: the list given, no entity in it twice, and an empty list done without the backend.
    /// </summary>
    private static Task DistinctBatchAsync<T>(IReadOnlyCollection<T> items, Func<T, (string, string)> key, string what, Func<Task> write,
        [CallerArgumentExpression(nameof(items))] string? itemsName = null)
    {
        ArgumentNullException.ThrowIfNull(items, itemsName);
        StoreInput.RequireDistinct(items, key, what);
        return items.Count == 0 ? Task.CompletedTask : write();
    }

    public async Task<SourceState> SaveSourceAsync(SourceState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        return (await SaveSourcesAsync([state], cancellationToken))[0];
    }

    public Task<RunLease?> TryAcquireLeaseAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(holder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        return TryAcquireLeaseCoreAsync(name, holder, now, duration, cancellationToken);
    }

    public Task ReleaseLeaseAsync(RunLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return ReleaseLeaseCoreAsync(lease, cancellationToken);
    }

    public Task<RunLease?> GetLeaseAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return GetLeaseCoreAsync(name, cancellationToken);
    }

    public Task<RunLease?> RenewLeaseAsync(RunLease lease, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        return RenewLeaseCoreAsync(lease, now, duration, cancellationToken);
    }

    public Task<SourceState?> GetSourceAsync(string sourceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        return GetSourceCoreAsync(sourceId, cancellationToken);
    }

    public Task<IReadOnlyList<SourceState>> GetSourcesAsync(CancellationToken cancellationToken)
    {
        return GetSourcesCoreAsync(cancellationToken);
    }

    public Task<IReadOnlyList<SourceState>> GetSourcesAsync(IReadOnlyCollection<string> sourceIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sourceIds);
        foreach (var id in sourceIds)
        {
            ArgumentException.ThrowIfNullOrEmpty(id, nameof(sourceIds));
        }
        var distinct = sourceIds.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 0 ? Task.FromResult<IReadOnlyList<SourceState>>([]) : GetSourcesCoreAsync(distinct, cancellationToken);
    }

    public Task<IReadOnlyList<SourceState>> SaveSourcesAsync(IReadOnlyCollection<SourceState> states, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(states);
        StoreInput.RequireDistinct(states, s => (s.SourceId, "source"), "source");
        if (states.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<SourceState>>([]);
        }
        return SaveSourcesCoreAsync(states, cancellationToken);
    }

    public Task SaveSnapshotAsync(string sourceId, string fingerprint, string content, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        ArgumentNullException.ThrowIfNull(content);
        return SaveSnapshotCoreAsync(sourceId, fingerprint, content, cancellationToken);
    }

    public Task<string?> GetSnapshotAsync(string sourceId, string fingerprint, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        return GetSnapshotCoreAsync(sourceId, fingerprint, cancellationToken);
    }

    public Task DeleteSnapshotsAsync(string sourceId, IReadOnlyCollection<string> fingerprints, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        ArgumentNullException.ThrowIfNull(fingerprints);
        foreach (var fingerprint in fingerprints)
        {
            ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        }
        if (fingerprints.Count == 0)
        {
            return Task.CompletedTask;
        }
        return DeleteSnapshotsCoreAsync(sourceId, fingerprints, cancellationToken);
    }

    public Task<IReadOnlyList<SourceVersion>> GetSourceVersionsAsync(string sourceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        return GetSourceVersionsCoreAsync(sourceId, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<SourceVersion>>> GetSourceHistoriesAsync(IReadOnlyCollection<string> sourceIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sourceIds);
        foreach (var sourceId in sourceIds)
        {
            ArgumentException.ThrowIfNullOrEmpty(sourceId, nameof(sourceIds));
        }
        var distinct = sourceIds.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 0 ? new Dictionary<string, IReadOnlyList<SourceVersion>>() : await GetSourceHistoriesCoreAsync(distinct, cancellationToken);
    }

    /// <summary>Each source's versions, read one source at a time (a backend with a cheaper way overrides this).</summary>
    protected virtual async Task<IReadOnlyDictionary<string, IReadOnlyList<SourceVersion>>> GetSourceHistoriesCoreAsync(IReadOnlyList<string> sourceIds, CancellationToken cancellationToken)
    {
        var histories = new Dictionary<string, IReadOnlyList<SourceVersion>>(StringComparer.Ordinal);
        foreach (var sourceId in sourceIds)
        {
            histories[sourceId] = await GetSourceVersionsCoreAsync(sourceId, cancellationToken);
        }
        return histories;
    }

    public Task SaveSourceVersionsAsync(IReadOnlyCollection<SourceVersion> versions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(versions);
        StoreInput.RequireDistinct(versions, v => (v.SourceId, v.Number.ToString(CultureInfo.InvariantCulture)), "source version");
        foreach (var version in versions)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(version.Number, 1);
            ArgumentException.ThrowIfNullOrEmpty(version.Fingerprint);
        }
        if (versions.Count == 0)
        {
            return Task.CompletedTask;
        }
        return SaveSourceVersionsCoreAsync(versions, cancellationToken);
    }

    public Task DeleteSourceVersionsAsync(string sourceId, IReadOnlyCollection<int> numbers, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        ArgumentNullException.ThrowIfNull(numbers);
        if (numbers.Count == 0)
        {
            return Task.CompletedTask;
        }
        return DeleteSourceVersionsCoreAsync(sourceId, numbers, cancellationToken);
    }

    public Task SaveSnapshotAnchorsAsync(string sourceId, string fingerprint, IReadOnlyDictionary<string, int> anchors, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        ArgumentNullException.ThrowIfNull(anchors);
        return SaveSnapshotAnchorsCoreAsync(sourceId, fingerprint, anchors, cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, int>?> GetSnapshotAnchorsAsync(string sourceId, string fingerprint, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        return GetSnapshotAnchorsCoreAsync(sourceId, fingerprint, cancellationToken);
    }

    public Task<IReadOnlyList<Citation>> GetCitationsForSourceAsync(string sourceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        return GetCitationsForSourceCoreAsync(sourceId, cancellationToken);
    }

    public Task<IReadOnlyList<Citation>> GetCitationsForRunbookAsync(string runbookId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runbookId);
        return GetCitationsForRunbookCoreAsync(runbookId, cancellationToken);
    }

    public Task<IReadOnlyList<Citation>> GetAllCitationsAsync(CancellationToken cancellationToken)
    {
        return GetAllCitationsCoreAsync(cancellationToken);
    }

    public Task SaveCitationsAsync(IReadOnlyCollection<Citation> citations, CancellationToken cancellationToken)
    {
        return DistinctBatchAsync(citations, c => (c.SourceId, c.RunbookId), "citation", () => SaveCitationsCoreAsync(citations, cancellationToken));
    }

    public Task DeleteCitationsAsync(IReadOnlyCollection<Citation> citations, CancellationToken cancellationToken)
    {
        return DistinctBatchAsync(citations, c => (c.SourceId, c.RunbookId), "citation", () => DeleteCitationsCoreAsync(citations, cancellationToken));
    }

    public Task<CheckRunRecord?> GetCheckRunAsync(string runId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        return GetCheckRunCoreAsync(runId, cancellationToken);
    }

    public Task<CheckRunRecord> SaveCheckRunAsync(CheckRunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrEmpty(run.RunId);
        return SaveCheckRunCoreAsync(run, cancellationToken);
    }

    public Task SaveCheckRunVerdictsAsync(string runId, IReadOnlyCollection<CheckRunVerdict> verdicts, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        return DistinctBatchAsync(verdicts, v => (runId, v.SourceId), "verdict", () => SaveCheckRunVerdictsCoreAsync(runId, verdicts, cancellationToken));
    }

    public Task<IReadOnlyList<CheckRunVerdict>> GetCheckRunVerdictsAsync(string runId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        return GetCheckRunVerdictsCoreAsync(runId, cancellationToken);
    }

    public Task DeleteCheckRunAsync(string runId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        return DeleteCheckRunCoreAsync(runId, cancellationToken);
    }

    public Task SaveLastCheckAsync(LastCheckRecord lastCheck, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lastCheck);
        return SaveLastCheckCoreAsync(lastCheck, cancellationToken);
    }

    public Task<LastCheckRecord?> GetLastCheckAsync(CancellationToken cancellationToken)
    {
        return GetLastCheckCoreAsync(cancellationToken);
    }

    public Task<OwnerReachability?> GetOwnerReachabilityAsync(string ownerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        return GetOwnerReachabilityCoreAsync(ownerId, cancellationToken);
    }

    public Task<OwnerReachability> SaveOwnerReachabilityAsync(OwnerReachability state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrEmpty(state.OwnerId);
        ArgumentOutOfRangeException.ThrowIfNegative(state.FailedRuns);
        return SaveOwnerReachabilityCoreAsync(state, cancellationToken);
    }

    /// <summary>How conflict messages name an owner's reachability.</summary>
    protected static string ReachabilityName(OwnerReachability state) => $"reachability of owner {state.OwnerId}";

    public Task AddReviewAsync(ReviewRecord review, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentException.ThrowIfNullOrEmpty(review.Id);
        ArgumentException.ThrowIfNullOrEmpty(review.RunbookId);
        return AddReviewCoreAsync(review, cancellationToken);
    }

    public Task<IReadOnlyList<ReviewRecord>> GetReviewsAsync(string runbookId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runbookId);
        return GetReviewsCoreAsync(runbookId, cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, ReviewRecord>> GetLatestReviewsAsync(CancellationToken cancellationToken)
    {
        return GetLatestReviewsCoreAsync(cancellationToken);
    }

    public Task<IReadOnlyList<ReminderState>> GetReminderStatesAsync(string ownerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        return GetReminderStatesCoreAsync(ownerId, cancellationToken);
    }

    public Task SaveReminderStatesAsync(IReadOnlyCollection<ReminderState> states, CancellationToken cancellationToken)
    {
        return DistinctBatchAsync(states, s => (s.OwnerId, s.RunbookId), "reminder state", () => SaveReminderStatesCoreAsync(states, cancellationToken));
    }

    public Task AddDeliveryAsync(DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentException.ThrowIfNullOrEmpty(delivery.Id);
        ArgumentException.ThrowIfNullOrEmpty(delivery.OwnerId);
        return AddDeliveryCoreAsync(delivery, cancellationToken);
    }

    public Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesAsync(string? ownerId, CancellationToken cancellationToken)
    {
        return GetDeliveriesCoreAsync(ownerId, cancellationToken);
    }

    protected abstract Task<RunLease?> TryAcquireLeaseCoreAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken);
    protected abstract Task ReleaseLeaseCoreAsync(RunLease lease, CancellationToken cancellationToken);
    protected abstract Task<RunLease?> GetLeaseCoreAsync(string name, CancellationToken cancellationToken);
    protected abstract Task<RunLease?> RenewLeaseCoreAsync(RunLease lease, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken);
    protected abstract Task<SourceState?> GetSourceCoreAsync(string sourceId, CancellationToken cancellationToken);
    protected abstract Task<IReadOnlyList<SourceState>> GetSourcesCoreAsync(CancellationToken cancellationToken);
    /// <summary>The stored states of distinct, non-empty ids, by source id.</summary>
    protected abstract Task<IReadOnlyList<SourceState>> GetSourcesCoreAsync(IReadOnlyList<string> sourceIds, CancellationToken cancellationToken);
    protected abstract Task<IReadOnlyList<SourceState>> SaveSourcesCoreAsync(IReadOnlyCollection<SourceState> states, CancellationToken cancellationToken);
    protected abstract Task SaveSnapshotCoreAsync(string sourceId, string fingerprint, string content, CancellationToken cancellationToken);
    protected abstract Task<string?> GetSnapshotCoreAsync(string sourceId, string fingerprint, CancellationToken cancellationToken);
    protected abstract Task DeleteSnapshotsCoreAsync(string sourceId, IReadOnlyCollection<string> fingerprints, CancellationToken cancellationToken);
    protected abstract Task<IReadOnlyList<SourceVersion>> GetSourceVersionsCoreAsync(string sourceId, CancellationToken cancellationToken);
    protected abstract Task SaveSourceVersionsCoreAsync(IReadOnlyCollection<SourceVersion> versions, CancellationToken cancellationToken);
    protected abstract Task DeleteSourceVersionsCoreAsync(string sourceId, IReadOnlyCollection<int> numbers, CancellationToken cancellationToken);
    protected abstract Task SaveSnapshotAnchorsCoreAsync(string sourceId, string fingerprint, IReadOnlyDictionary<string, int> anchors, CancellationToken cancellationToken);
    protected abstract Task<IReadOnlyDictionary<string, int>?> GetSnapshotAnchorsCoreAsync(string sourceId, string fingerprint, CancellationToken cancellationToken);
    protected abstract Task<IReadOnlyList<Citation>> GetCitationsForSourceCoreAsync(string sourceId, CancellationToken cancellationToken);
    protected abstract Task<IReadOnlyList<Citation>> GetCitationsForRunbookCoreAsync(string runbookId, CancellationToken cancellationToken);
    protected abstract Task<IReadOnlyList<Citation>> GetAllCitationsCoreAsync(CancellationToken cancellationToken);
    protected abstract Task SaveCitationsCoreAsync(IReadOnlyCollection<Citation> citations, CancellationToken cancellationToken);
    protected abstract Task DeleteCitationsCoreAsync(IReadOnlyCollection<Citation> citations, CancellationToken cancellationToken);
    protected abstract Task<CheckRunRecord?> GetCheckRunCoreAsync(string runId, CancellationToken cancellationToken);
    protected abstract Task<CheckRunRecord> SaveCheckRunCoreAsync(CheckRunRecord run, CancellationToken cancellationToken);
    protected abstract Task SaveCheckRunVerdictsCoreAsync(string runId, IReadOnlyCollection<CheckRunVerdict> verdicts, CancellationToken cancellationToken);
    protected abstract Task<IReadOnlyList<CheckRunVerdict>> GetCheckRunVerdictsCoreAsync(string runId, CancellationToken cancellationToken);
    protected abstract Task DeleteCheckRunCoreAsync(string runId, CancellationToken cancellationToken);
    protected abstract Task SaveLastCheckCoreAsync(LastCheckRecord lastCheck, CancellationToken cancellationToken);
    protected abstract Task<LastCheckRecord?> GetLastCheckCoreAsync(CancellationToken cancellationToken);
    protected abstract Task<OwnerReachability?> GetOwnerReachabilityCoreAsync(string ownerId, CancellationToken cancellationToken);
    protected abstract Task<OwnerReachability> SaveOwnerReachabilityCoreAsync(OwnerReachability state, CancellationToken cancellationToken);
    protected abstract Task AddReviewCoreAsync(ReviewRecord review, CancellationToken cancellationToken);
    protected abstract Task<IReadOnlyList<ReviewRecord>> GetReviewsCoreAsync(string runbookId, CancellationToken cancellationToken);
    protected abstract Task<IReadOnlyDictionary<string, ReviewRecord>> GetLatestReviewsCoreAsync(CancellationToken cancellationToken);
    protected abstract Task<IReadOnlyList<ReminderState>> GetReminderStatesCoreAsync(string ownerId, CancellationToken cancellationToken);
    protected abstract Task SaveReminderStatesCoreAsync(IReadOnlyCollection<ReminderState> states, CancellationToken cancellationToken);
    protected abstract Task AddDeliveryCoreAsync(DeliveryRecord delivery, CancellationToken cancellationToken);
    protected abstract Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesCoreAsync(string? ownerId, CancellationToken cancellationToken);
}
