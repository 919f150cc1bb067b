using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ReviewCadence.Storage;

namespace ReviewCadence.Benchmarks.Check;

/// <summary>
/// A decorator over the real store that counts calls per method and entities written, so the benchmark can
/// show how much store work a run does (round trips grow with calls; transactions of many entities count once).
/// </summary>
internal sealed class CountingReviewStore(IReviewStore inner) : IReviewStore
{
    private readonly ConcurrentDictionary<string, StoreCallCount> _counts = new(StringComparer.Ordinal);

    /// <summary>Calls and entities written per method since the last call, which starts the count again.</summary>
    public IReadOnlyDictionary<string, StoreCallCount> TakeCounts()
    {
        var counts = _counts.ToDictionary(kv => kv.Key, kv => kv.Value with { });
        _counts.Clear();
        return counts;
    }

    private T Count<T>(T result, int written = 0, [CallerMemberName] string method = "")
    {
        _counts.AddOrUpdate(method, _ => new StoreCallCount(1, written), (_, c) => new StoreCallCount(c.Calls + 1, c.EntitiesWritten + written));
        return result;
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => Count(inner.InitializeAsync(cancellationToken));

    public Task<RunLease?> TryAcquireLeaseAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken) =>
        Count(inner.TryAcquireLeaseAsync(name, holder, now, duration, cancellationToken), 1);

    public Task ReleaseLeaseAsync(RunLease lease, CancellationToken cancellationToken) => Count(inner.ReleaseLeaseAsync(lease, cancellationToken), 1);
    public Task<RunLease?> GetLeaseAsync(string name, CancellationToken cancellationToken) => Count(inner.GetLeaseAsync(name, cancellationToken));
    public Task<RunLease?> RenewLeaseAsync(RunLease lease, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken) => Count(inner.RenewLeaseAsync(lease, now, duration, cancellationToken), 1);

    public Task<SourceState?> GetSourceAsync(string sourceId, CancellationToken cancellationToken) => Count(inner.GetSourceAsync(sourceId, cancellationToken));

    public Task<IReadOnlyList<SourceState>> GetSourcesAsync(CancellationToken cancellationToken) => Count(inner.GetSourcesAsync(cancellationToken));

    public Task<IReadOnlyList<SourceState>> GetSourcesAsync(IReadOnlyCollection<string> sourceIds, CancellationToken cancellationToken) =>
        Count(inner.GetSourcesAsync(sourceIds, cancellationToken));

    public Task<SourceState> SaveSourceAsync(SourceState state, CancellationToken cancellationToken) => Count(inner.SaveSourceAsync(state, cancellationToken), 1);

    public Task<IReadOnlyList<SourceState>> SaveSourcesAsync(IReadOnlyCollection<SourceState> states, CancellationToken cancellationToken) =>
        Count(inner.SaveSourcesAsync(states, cancellationToken), states.Count);

    public Task SaveSnapshotAsync(string sourceId, string fingerprint, string content, CancellationToken cancellationToken) =>
        Count(inner.SaveSnapshotAsync(sourceId, fingerprint, content, cancellationToken), 1);

    public Task<string?> GetSnapshotAsync(string sourceId, string fingerprint, CancellationToken cancellationToken) =>
        Count(inner.GetSnapshotAsync(sourceId, fingerprint, cancellationToken));

    public Task SaveSnapshotAnchorsAsync(string sourceId, string fingerprint, IReadOnlyDictionary<string, int> anchors, CancellationToken cancellationToken) =>
        Count(inner.SaveSnapshotAnchorsAsync(sourceId, fingerprint, anchors, cancellationToken), 1);

    public Task<IReadOnlyDictionary<string, int>?> GetSnapshotAnchorsAsync(string sourceId, string fingerprint, CancellationToken cancellationToken) =>
        Count(inner.GetSnapshotAnchorsAsync(sourceId, fingerprint, cancellationToken));

    public Task DeleteSnapshotsAsync(string sourceId, IReadOnlyCollection<string> fingerprints, CancellationToken cancellationToken) =>
        Count(inner.DeleteSnapshotsAsync(sourceId, fingerprints, cancellationToken), fingerprints.Count);

    public Task<IReadOnlyList<SourceVersion>> GetSourceVersionsAsync(string sourceId, CancellationToken cancellationToken) =>
        Count(inner.GetSourceVersionsAsync(sourceId, cancellationToken));

    public Task<IReadOnlyDictionary<string, IReadOnlyList<SourceVersion>>> GetSourceHistoriesAsync(IReadOnlyCollection<string> sourceIds, CancellationToken cancellationToken) =>
        Count(inner.GetSourceHistoriesAsync(sourceIds, cancellationToken));

    public Task SaveSourceVersionsAsync(IReadOnlyCollection<SourceVersion> versions, CancellationToken cancellationToken) =>
        Count(inner.SaveSourceVersionsAsync(versions, cancellationToken), versions.Count);

    public Task DeleteSourceVersionsAsync(string sourceId, IReadOnlyCollection<int> numbers, CancellationToken cancellationToken) =>
        Count(inner.DeleteSourceVersionsAsync(sourceId, numbers, cancellationToken), numbers.Count);

    public Task<IReadOnlyList<Citation>> GetCitationsForSourceAsync(string sourceId, CancellationToken cancellationToken) =>
        Count(inner.GetCitationsForSourceAsync(sourceId, cancellationToken));

    public Task<IReadOnlyList<Citation>> GetCitationsForRunbookAsync(string runbookId, CancellationToken cancellationToken) =>
        Count(inner.GetCitationsForRunbookAsync(runbookId, cancellationToken));

    public Task<IReadOnlyList<Citation>> GetAllCitationsAsync(CancellationToken cancellationToken) => Count(inner.GetAllCitationsAsync(cancellationToken));

    public Task SaveCitationsAsync(IReadOnlyCollection<Citation> citations, CancellationToken cancellationToken) =>
        Count(inner.SaveCitationsAsync(citations, cancellationToken), citations.Count);

    public Task DeleteCitationsAsync(IReadOnlyCollection<Citation> citations, CancellationToken cancellationToken) =>
        Count(inner.DeleteCitationsAsync(citations, cancellationToken), citations.Count);

    public Task<CheckRunRecord?> GetCheckRunAsync(string runId, CancellationToken cancellationToken) => Count(inner.GetCheckRunAsync(runId, cancellationToken));

    public Task<CheckRunRecord> SaveCheckRunAsync(CheckRunRecord run, CancellationToken cancellationToken) => Count(inner.SaveCheckRunAsync(run, cancellationToken), 1);

    public Task SaveCheckRunVerdictsAsync(string runId, IReadOnlyCollection<CheckRunVerdict> verdicts, CancellationToken cancellationToken) =>
        Count(inner.SaveCheckRunVerdictsAsync(runId, verdicts, cancellationToken), verdicts.Count);

    public Task<IReadOnlyList<CheckRunVerdict>> GetCheckRunVerdictsAsync(string runId, CancellationToken cancellationToken) =>
        Count(inner.GetCheckRunVerdictsAsync(runId, cancellationToken));

    public Task DeleteCheckRunAsync(string runId, CancellationToken cancellationToken) => Count(inner.DeleteCheckRunAsync(runId, cancellationToken), 1);

    public Task SaveLastCheckAsync(LastCheckRecord lastCheck, CancellationToken cancellationToken) => Count(inner.SaveLastCheckAsync(lastCheck, cancellationToken), 1);

    public Task<LastCheckRecord?> GetLastCheckAsync(CancellationToken cancellationToken) => Count(inner.GetLastCheckAsync(cancellationToken));

    public Task AddReviewAsync(ReviewRecord review, CancellationToken cancellationToken) => Count(inner.AddReviewAsync(review, cancellationToken), 1);

    public Task<IReadOnlyList<ReviewRecord>> GetReviewsAsync(string runbookId, CancellationToken cancellationToken) =>
        Count(inner.GetReviewsAsync(runbookId, cancellationToken));

    public Task<IReadOnlyDictionary<string, ReviewRecord>> GetLatestReviewsAsync(CancellationToken cancellationToken) =>
        Count(inner.GetLatestReviewsAsync(cancellationToken));

    public Task<IReadOnlyList<ReminderState>> GetReminderStatesAsync(string ownerId, CancellationToken cancellationToken) =>
        Count(inner.GetReminderStatesAsync(ownerId, cancellationToken));

    public Task SaveReminderStatesAsync(IReadOnlyCollection<ReminderState> states, CancellationToken cancellationToken) =>
        Count(inner.SaveReminderStatesAsync(states, cancellationToken), states.Count);

    public Task AddDeliveryAsync(DeliveryRecord delivery, CancellationToken cancellationToken) => Count(inner.AddDeliveryAsync(delivery, cancellationToken), 1);

    public Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesAsync(string? ownerId, CancellationToken cancellationToken) =>
        Count(inner.GetDeliveriesAsync(ownerId, cancellationToken));

    public Task<OwnerReachability?> GetOwnerReachabilityAsync(string ownerId, CancellationToken cancellationToken) =>
        Count(inner.GetOwnerReachabilityAsync(ownerId, cancellationToken));

    public Task<OwnerReachability> SaveOwnerReachabilityAsync(OwnerReachability state, CancellationToken cancellationToken) =>
        Count(inner.SaveOwnerReachabilityAsync(state, cancellationToken), 1);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}

/// <summary>Calls of one store method, and the entities those calls wrote.</summary>
internal sealed record StoreCallCount(long Calls, long EntitiesWritten);
