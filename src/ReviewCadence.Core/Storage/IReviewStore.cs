namespace ReviewCadence.Storage;

/// <summary>
/// ReviewCadence's state: sources' last results and snapshots, citations (baselines and findings),
/// reviews, reminder bookkeeping and deliveries, and the run lease. Two implementations (SQLite,
/// Azure Tables) pass one contract suite. Writes are idempotent upserts; entities carrying a
/// <c>Version</c> are written only if unchanged since read (else <see cref="StoreConflictException"/>).
/// </summary>
public interface IReviewStore : IAsyncDisposable
{
    /// <summary>Creates tables if needed. Safe to call more than once.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    // Run lease: at most one check (or reminder run) at a time; an expired lease can be taken over.
    Task<RunLease?> TryAcquireLeaseAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken);
    /// <summary>Removes the lease if it is still the version given (a lease renewed or taken over since is kept).</summary>
    Task ReleaseLeaseAsync(RunLease lease, CancellationToken cancellationToken);
    /// <summary>The lease as stored, expired or not; null when none is held.</summary>
    Task<RunLease?> GetLeaseAsync(string name, CancellationToken cancellationToken);
    /// <summary>Extends a held lease to <paramref name="now"/> + <paramref name="duration"/>; null when it is no longer this version (lost).</summary>
    Task<RunLease?> RenewLeaseAsync(RunLease lease, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken);

    // Sources
    Task<SourceState?> GetSourceAsync(string sourceId, CancellationToken cancellationToken);
    Task<IReadOnlyList<SourceState>> GetSourcesAsync(CancellationToken cancellationToken);
    /// <summary>Upserts; checks <see cref="SourceState.Version"/> when set. Returns the stored state with its new version.</summary>
    Task<SourceState> SaveSourceAsync(SourceState state, CancellationToken cancellationToken);
    /// <summary>
    /// Upserts many sources at once (a check run's bookkeeping), checking each <see cref="SourceState.Version"/> when set.
    /// SQLite writes them in one transaction; Tables in transactions of up to 100 (one partition), so a conflict
    /// leaves the states of its own transaction unwritten. Returns the stored states with their new versions, in input order.
    /// </summary>
    Task<IReadOnlyList<SourceState>> SaveSourcesAsync(IReadOnlyCollection<SourceState> states, CancellationToken cancellationToken);

    // Snapshots of normalised content, by fingerprint (idempotent; large content is fine). Implementations take
    // what they keep of content before returning (checks drop the text while the write is under way).
    Task SaveSnapshotAsync(string sourceId, string fingerprint, string content, CancellationToken cancellationToken);
    Task<string?> GetSnapshotAsync(string sourceId, string fingerprint, CancellationToken cancellationToken);
    /// <summary>Removes snapshots a source's history no longer keeps. Removing one already gone is done.</summary>
    Task DeleteSnapshotsAsync(string sourceId, IReadOnlyCollection<string> fingerprints, CancellationToken cancellationToken);

    // Source history: each version of a source's content with when it was first and last seen.
    /// <summary>The versions kept of one source, newest (highest number) first; empty when none.</summary>
    Task<IReadOnlyList<SourceVersion>> GetSourceVersionsAsync(string sourceId, CancellationToken cancellationToken);
    /// <summary>Upserts versions by (source, number); the history is written under the run lease, so last writer wins.</summary>
    Task SaveSourceVersionsAsync(IReadOnlyCollection<SourceVersion> versions, CancellationToken cancellationToken);
    /// <summary>Removes versions of one source by number (pruning). Removing one already gone is done.</summary>
    Task DeleteSourceVersionsAsync(string sourceId, IReadOnlyCollection<int> numbers, CancellationToken cancellationToken);

    // A snapshot's heading anchors: the element ids (URL fragments) leading to lines of its text, for sections cited by
    // fragment. Saving again replaces them (the same text may come with other ids); null when none were saved.
    Task SaveSnapshotAnchorsAsync(string sourceId, string fingerprint, IReadOnlyDictionary<string, int> anchors, CancellationToken cancellationToken);
    Task<IReadOnlyDictionary<string, int>?> GetSnapshotAnchorsAsync(string sourceId, string fingerprint, CancellationToken cancellationToken);

    // Citations: by source, by runbook (status, review), and all at once (a check reads them once and keeps them).
    Task<IReadOnlyList<Citation>> GetCitationsForSourceAsync(string sourceId, CancellationToken cancellationToken);
    Task<IReadOnlyList<Citation>> GetCitationsForRunbookAsync(string runbookId, CancellationToken cancellationToken);
    Task<IReadOnlyList<Citation>> GetAllCitationsAsync(CancellationToken cancellationToken);
    /// <summary>Upserts in batches (grouped by source); checks versions where set.</summary>
    Task SaveCitationsAsync(IReadOnlyCollection<Citation> citations, CancellationToken cancellationToken);
    Task DeleteCitationsAsync(IReadOnlyCollection<Citation> citations, CancellationToken cancellationToken);

    // Fanned-out check runs: the run's record (its batches' progress) and each checked source's verdict.
    Task<CheckRunRecord?> GetCheckRunAsync(string runId, CancellationToken cancellationToken);
    /// <summary>
    /// Creates the run (without <see cref="CheckRunRecord.Version"/>: a run already stored is a <see cref="StoreConflictException"/>)
    /// or updates it from its current version. Returns the stored run with its new version.
    /// </summary>
    Task<CheckRunRecord> SaveCheckRunAsync(CheckRunRecord run, CancellationToken cancellationToken);
    /// <summary>Upserts verdicts of one run (transactions of up to 100 on Tables); saving a verdict again replaces it.</summary>
    Task SaveCheckRunVerdictsAsync(string runId, IReadOnlyCollection<CheckRunVerdict> verdicts, CancellationToken cancellationToken);
    Task<IReadOnlyList<CheckRunVerdict>> GetCheckRunVerdictsAsync(string runId, CancellationToken cancellationToken);
    /// <summary>Removes the run's verdicts, then its record. Removing a run already gone is done.</summary>
    Task DeleteCheckRunAsync(string runId, CancellationToken cancellationToken);

    // How the most recent check ended: one record, replaced by each run (null before the first).
    Task SaveLastCheckAsync(LastCheckRecord lastCheck, CancellationToken cancellationToken);
    Task<LastCheckRecord?> GetLastCheckAsync(CancellationToken cancellationToken);

    // Reviews (history, newest first) and the latest review of each runbook.
    Task AddReviewAsync(ReviewRecord review, CancellationToken cancellationToken);
    Task<IReadOnlyList<ReviewRecord>> GetReviewsAsync(string runbookId, CancellationToken cancellationToken);
    Task<IReadOnlyDictionary<string, ReviewRecord>> GetLatestReviewsAsync(CancellationToken cancellationToken);

    // Reminders
    Task<IReadOnlyList<ReminderState>> GetReminderStatesAsync(string ownerId, CancellationToken cancellationToken);
    Task SaveReminderStatesAsync(IReadOnlyCollection<ReminderState> states, CancellationToken cancellationToken);
    Task AddDeliveryAsync(DeliveryRecord delivery, CancellationToken cancellationToken);
    Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesAsync(string? ownerId, CancellationToken cancellationToken);
}
