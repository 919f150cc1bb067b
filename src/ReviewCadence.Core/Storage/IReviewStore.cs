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
    /// <summary>Takes the named lease for <paramref name="holder"/> until <paramref name="now"/> + <paramref name="duration"/> if no one holds it or its lease has expired; null while another holds it.</summary>
    Task<RunLease?> TryAcquireLeaseAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken);
    /// <summary>Removes the lease if it is still the version given (a lease renewed or taken over since is kept).</summary>
    Task ReleaseLeaseAsync(RunLease lease, CancellationToken cancellationToken);
    /// <summary>The lease as stored, expired or not; null when none is held.</summary>
    Task<RunLease?> GetLeaseAsync(string name, CancellationToken cancellationToken);
    /// <summary>Extends a held lease to <paramref name="now"/> + <paramref name="duration"/>; null when it is no longer this version (lost).</summary>
    Task<RunLease?> RenewLeaseAsync(RunLease lease, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken);

    // Sources
    /// <summary>The stored state of one source; null before its first check.</summary>
    Task<SourceState?> GetSourceAsync(string sourceId, CancellationToken cancellationToken);
    /// <summary>Every source's stored state, by source id.</summary>
    Task<IReadOnlyList<SourceState>> GetSourcesAsync(CancellationToken cancellationToken);
    /// <summary>
    /// The stored states of <paramref name="sourceIds"/> (a source never checked is left out), by source id: what
    /// <see cref="GetSourceAsync"/> gives for each, in fewer round trips (a fanned-out batch reads its sources' states).
    /// </summary>
    Task<IReadOnlyList<SourceState>> GetSourcesAsync(IReadOnlyCollection<string> sourceIds, CancellationToken cancellationToken);
    /// <summary>Upserts; checks <see cref="SourceState.Version"/> when set. Returns the stored state with its new version.</summary>
    Task<SourceState> SaveSourceAsync(SourceState state, CancellationToken cancellationToken);
    /// <summary>
    /// Upserts many sources at once (a check run's bookkeeping), checking each <see cref="SourceState.Version"/> when set.
    /// Every version given is checked before anything is written, so a stale one leaves every state unwritten. SQLite
    /// writes them in one transaction; Tables rewrites the buckets of states they fall in, several to a transaction, so a
    /// race lost to another writer between the check and the write leaves the states of its own transaction unwritten.
    /// Returns the stored states with their new versions, in input order.
    /// </summary>
    Task<IReadOnlyList<SourceState>> SaveSourcesAsync(IReadOnlyCollection<SourceState> states, CancellationToken cancellationToken);

    // Snapshots of normalised content, by fingerprint (idempotent; large content is fine). Implementations take
    // what they keep of content before returning (checks drop the text while the write is under way).
    /// <summary>Keeps a source's normalised content under its fingerprint (saving the same fingerprint again is done).</summary>
    Task SaveSnapshotAsync(string sourceId, string fingerprint, string content, CancellationToken cancellationToken);
    /// <summary>A source's content as saved under that fingerprint; null when none was.</summary>
    Task<string?> GetSnapshotAsync(string sourceId, string fingerprint, CancellationToken cancellationToken);
    /// <summary>Removes snapshots a source's history no longer keeps. Removing one already gone is done.</summary>
    Task DeleteSnapshotsAsync(string sourceId, IReadOnlyCollection<string> fingerprints, CancellationToken cancellationToken);

    // Source history: each version of a source's content with when it was first and last seen.
    /// <summary>The versions kept of one source, newest (highest number) first; empty when none.</summary>
    Task<IReadOnlyList<SourceVersion>> GetSourceVersionsAsync(string sourceId, CancellationToken cancellationToken);
    /// <summary>
    /// The versions kept of each of <paramref name="sourceIds"/>, newest first (an empty list for a source without any): what
    /// <see cref="GetSourceVersionsAsync(string, CancellationToken)"/> gives for each, in fewer round trips (a check reads
    /// the history of every source whose content it saw change).
    /// </summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<SourceVersion>>> GetSourceHistoriesAsync(IReadOnlyCollection<string> sourceIds, CancellationToken cancellationToken);
    /// <summary>Upserts versions by (source, number); the history is written under the run lease, so last writer wins.</summary>
    Task SaveSourceVersionsAsync(IReadOnlyCollection<SourceVersion> versions, CancellationToken cancellationToken);
    /// <summary>Removes versions of one source by number (pruning). Removing one already gone is done.</summary>
    Task DeleteSourceVersionsAsync(string sourceId, IReadOnlyCollection<int> numbers, CancellationToken cancellationToken);

    // A snapshot's heading anchors: the element ids (URL fragments) leading to lines of its text, for sections cited by
    // fragment. Saving again replaces them (the same text may come with other ids); null when none were saved.
    /// <summary>Keeps a snapshot's heading anchors (element id to line), replacing any saved before.</summary>
    Task SaveSnapshotAnchorsAsync(string sourceId, string fingerprint, IReadOnlyDictionary<string, int> anchors, CancellationToken cancellationToken);
    /// <summary>A snapshot's heading anchors; null when none were saved.</summary>
    Task<IReadOnlyDictionary<string, int>?> GetSnapshotAnchorsAsync(string sourceId, string fingerprint, CancellationToken cancellationToken);

    // Citations: by source, by runbook (status, review), and all at once (a check reads them once and keeps them).
    /// <summary>The citations of one source (each runbook citing it).</summary>
    Task<IReadOnlyList<Citation>> GetCitationsForSourceAsync(string sourceId, CancellationToken cancellationToken);
    /// <summary>The citations of one runbook (each source it cites).</summary>
    Task<IReadOnlyList<Citation>> GetCitationsForRunbookAsync(string runbookId, CancellationToken cancellationToken);
    /// <summary>Every citation, read once by a check run.</summary>
    Task<IReadOnlyList<Citation>> GetAllCitationsAsync(CancellationToken cancellationToken);
    /// <summary>Upserts in batches (grouped by source); checks versions where set.</summary>
    Task SaveCitationsAsync(IReadOnlyCollection<Citation> citations, CancellationToken cancellationToken);
    /// <summary>Removes citations (a runbook no longer citing a source). Removing one already gone is done.</summary>
    Task DeleteCitationsAsync(IReadOnlyCollection<Citation> citations, CancellationToken cancellationToken);

    // Fanned-out check runs: the run's record (its batches' progress) and each checked source's verdict.
    /// <summary>A fanned-out run's record; null when there is no such run (finished or never started).</summary>
    Task<CheckRunRecord?> GetCheckRunAsync(string runId, CancellationToken cancellationToken);
    /// <summary>
    /// Creates the run (without <see cref="CheckRunRecord.Version"/>: a run already stored is a <see cref="StoreConflictException"/>)
    /// or updates it from its current version. Returns the stored run with its new version.
    /// </summary>
    Task<CheckRunRecord> SaveCheckRunAsync(CheckRunRecord run, CancellationToken cancellationToken);
    /// <summary>Upserts verdicts of one run (transactions of up to 100 on Tables); saving a verdict again replaces it.</summary>
    Task SaveCheckRunVerdictsAsync(string runId, IReadOnlyCollection<CheckRunVerdict> verdicts, CancellationToken cancellationToken);
    /// <summary>The verdicts stored for a run's checked sources, by source id.</summary>
    Task<IReadOnlyList<CheckRunVerdict>> GetCheckRunVerdictsAsync(string runId, CancellationToken cancellationToken);
    /// <summary>Removes the run's verdicts, then its record. Removing a run already gone is done.</summary>
    Task DeleteCheckRunAsync(string runId, CancellationToken cancellationToken);

    // How the most recent check ended: one record, replaced by each run (null before the first).
    /// <summary>Replaces the record of how the most recent check ended.</summary>
    Task SaveLastCheckAsync(LastCheckRecord lastCheck, CancellationToken cancellationToken);
    /// <summary>How the most recent check ended; null before the first.</summary>
    Task<LastCheckRecord?> GetLastCheckAsync(CancellationToken cancellationToken);

    // Reviews (history, newest first) and the latest review of each runbook.
    /// <summary>Adds a review to a runbook's history (a review is never changed afterwards).</summary>
    Task AddReviewAsync(ReviewRecord review, CancellationToken cancellationToken);
    /// <summary>One runbook's reviews, newest first.</summary>
    Task<IReadOnlyList<ReviewRecord>> GetReviewsAsync(string runbookId, CancellationToken cancellationToken);
    /// <summary>The latest review of each runbook that has one, by runbook id.</summary>
    Task<IReadOnlyDictionary<string, ReviewRecord>> GetLatestReviewsAsync(CancellationToken cancellationToken);

    // Reminders
    /// <summary>An owner's reminder bookkeeping, one state per runbook reminded of.</summary>
    Task<IReadOnlyList<ReminderState>> GetReminderStatesAsync(string ownerId, CancellationToken cancellationToken);
    /// <summary>Upserts reminder states; checks versions where set.</summary>
    Task SaveReminderStatesAsync(IReadOnlyCollection<ReminderState> states, CancellationToken cancellationToken);
    /// <summary>Adds a delivery to the audit trail.</summary>
    Task AddDeliveryAsync(DeliveryRecord delivery, CancellationToken cancellationToken);
    /// <summary>The deliveries of one owner, or of all owners when <paramref name="ownerId"/> is null, newest first.</summary>
    Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesAsync(string? ownerId, CancellationToken cancellationToken);

    // Owners' reachability: reminder runs in a row whose digest none of the owner's channels accepted.
    /// <summary>The owner's reachability as stored; null before their first reminder run.</summary>
    Task<OwnerReachability?> GetOwnerReachabilityAsync(string ownerId, CancellationToken cancellationToken);
    /// <summary>Upserts; checks <see cref="OwnerReachability.Version"/> when set. Returns the stored state with its new version.</summary>
    Task<OwnerReachability> SaveOwnerReachabilityAsync(OwnerReachability state, CancellationToken cancellationToken);
}
