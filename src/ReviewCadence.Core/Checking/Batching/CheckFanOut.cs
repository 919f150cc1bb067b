using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReviewCadence.Catalog;
using ReviewCadence.Storage;

namespace ReviewCadence.Checking.Batching;

/// <summary>What a fan-out started: the run and how its sources were split.</summary>
internal sealed record FanOutStarted(string RunId, int Batches, int Sources);

/// <summary>
/// Starts a check run too large for one timer invocation: takes the run lease (so no other check, fanned out or
/// not, runs meanwhile), brings citations in line with the catalog, records the run, and enqueues its sources in
/// batches of <see cref="CheckOptions.QueueBatchSize"/> for <see cref="BatchCheckRunner"/>. The last batch to
/// finish applies the whole run, so outcomes, flags and the outage guard are those of one run.
/// </summary>
internal sealed class CheckFanOut(
    IReviewStore store,
    CheckApplier applier,
    ICheckBatchQueue queue,
    TimeProvider clock,
    LeaseClock leaseClock,
    RunLeases leases,
    IOptions<CheckOptions> options,
    ILogger<CheckFanOut> logger)
{
    // A queue message holds at most 64 KB (base64 makes 48 KB of JSON about that): batches of long ids are cut short.
    private const int MaxMessageIdBytes = 40_000;

    /// <summary>True when the catalog has more sources than one batch holds (and fan-out is on).</summary>
    public bool Applies(ReviewCatalog catalog) => options.Value.QueueBatchSize > 0 && catalog.Sources.Count > options.Value.QueueBatchSize;

    /// <exception cref="CheckAlreadyRunningException">Another check (fanned out or not) holds the lease.</exception>
    public async Task<FanOutStarted> StartAsync(ReviewCatalog catalog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var batchSize = options.Value.QueueBatchSize > 0 ? options.Value.QueueBatchSize
            : throw new InvalidOperationException("Fan-out is off: set ReviewCadence:Check:QueueBatchSize to the number of sources per batch.");
        var runId = Guid.NewGuid().ToString("n");
        var startedAt = clock.GetUtcNow();

        // Detached: the batches outlive this invocation, so the lease is judged by its (long) expiry, on the real clock.
        var leaseNow = leaseClock.Now;
        var lease = await store.TryAcquireLeaseAsync(CheckRunner.LeaseName, LeaseHolder.Detached(runId, leaseNow).Format(), leaseNow, options.Value.QueueLeaseDuration, cancellationToken)
            ?? throw new CheckAlreadyRunningException(await leases.DescribeRefusalAsync(CheckRunner.LeaseName, "a check", "--check", cancellationToken));
        var recorded = false;
        try
        {
            var states = (await store.GetSourcesAsync(cancellationToken)).ToDictionary(s => s.SourceId);
            // Saved now: the run is applied by whichever process finishes it, which reads them from the store.
            await applier.SyncCitationsAsync(catalog, states, deferNewOf: null, cancellationToken);

            var batches = Split(catalog.Sources.Select(s => s.Id), batchSize);
            // The record first: a batch that arrives before it would be taken for a stale message.
            await store.SaveCheckRunAsync(new CheckRunRecord { RunId = runId, StartedAt = startedAt, Lease = lease, BatchCount = batches.Count }, cancellationToken);
            recorded = true;
            for (var index = 0; index < batches.Count; index++)
            {
                await queue.SendAsync(new CheckBatchMessage(runId, index, batches[index]), cancellationToken);
            }
            logger.LogInformation("Check {RunId} fanned out: {Sources} sources in {Batches} batches", runId, catalog.Sources.Count, batches.Count);
            return new FanOutStarted(runId, batches.Count, catalog.Sources.Count);
        }
        catch
        {
            // Batches already sent find no run and are dropped; the lease is free for the next attempt.
            if (recorded)
            {
                await store.DeleteCheckRunAsync(runId, CancellationToken.None);
            }
            await store.ReleaseLeaseAsync(lease, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Ids in catalog order, at most <paramref name="batchSize"/> per batch and within the message size.</summary>
    internal static List<IReadOnlyList<string>> Split(IEnumerable<string> ids, int batchSize)
    {
        var batches = new List<IReadOnlyList<string>>();
        var current = new List<string>();
        var bytes = 0;
        foreach (var id in ids)
        {
            var size = Encoding.UTF8.GetByteCount(id) + 8; // quotes, comma, escapes to spare
            if (current.Count > 0 && (current.Count >= batchSize || bytes + size > MaxMessageIdBytes))
            {
                batches.Add(current);
                (current, bytes) = ([], 0);
            }
            current.Add(id);
            bytes += size;
        }
        if (current.Count > 0)
        {
            batches.Add(current);
        }
        return batches;
    }
}
