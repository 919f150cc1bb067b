using Microsoft.Extensions.Logging;
using ReviewCadence.Catalog;
using ReviewCadence.Diagnostics;
using ReviewCadence.Storage;

namespace ReviewCadence.Checking.Batching;

/// <summary>What one batch message did.</summary>
/// <param name="Checked">Sources this call checked (0 for a batch already done, or a run already finished).</param>
/// <param name="Report">Set when this call applied the run: the whole run's report, as <see cref="CheckRunner"/> gives it.</param>
/// <param name="Stale">True when the message's run is finished or unknown: nothing was done.</param>
public sealed record BatchCheckResult(bool Stale, int Checked, CheckReport? Report);

/// <summary>
/// Checks one batch of a fanned-out run (<see cref="CheckFanOut"/>) and stores its verdicts under the run; the batch
/// that completes the run (counted in the run record under optimistic concurrency, so a message delivered twice
/// counts once) finalises it: the outage guard over every verdict of the run, then <see cref="CheckApplier"/>
/// exactly as <see cref="CheckRunner"/> applies, then the run's records removed and the lease released.
/// A message of an unknown or finished run is stale and does nothing.
/// </summary>
public sealed class BatchCheckRunner
{
    private readonly CatalogProvider catalogs;
    private readonly IReviewStore store;
    private readonly SourceChecker checker;
    private readonly CheckApplier applier;
    private readonly CheckReportBuilder reports;
    private readonly TimeProvider clock;
    private readonly CheckRunResults results;
    private readonly ILogger<BatchCheckRunner> logger;

    // Internal: built by AddReviewCadence from the pipeline's internal services (hosts resolve it, never construct it).
    internal BatchCheckRunner(
        CatalogProvider catalogs,
        IReviewStore store,
        SourceChecker checker,
        CheckApplier applier,
        CheckReportBuilder reports,
        TimeProvider clock,
        CheckRunResults results,
        ILogger<BatchCheckRunner> logger)
    {
        this.catalogs = catalogs;
        this.store = store;
        this.checker = checker;
        this.applier = applier;
        this.reports = reports;
        this.clock = clock;
        this.results = results;
        this.logger = logger;
    }

    /// <summary>Checks the message's batch (unless already done), stores its verdicts, and applies the run when it is the last batch to finish.</summary>
    public async Task<BatchCheckResult> RunAsync(CheckBatchMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var run = await store.GetCheckRunAsync(message.RunId, cancellationToken);
        if (run is null || message.Batch >= run.BatchCount)
        {
            logger.LogInformation("Batch {Batch} of check {RunId} skipped: the run is finished or unknown", message.Batch, message.RunId);
            return new BatchCheckResult(Stale: true, 0, null);
        }

        var catalog = catalogs.Get();
        var checkedCount = 0;
        if (!run.CompletedBatches.Contains(message.Batch))
        {
            checkedCount = await CheckBatchAsync(catalog, message, cancellationToken);
            using (CheckTimings.Measure(CheckStep.BatchSave))
            {
                run = await MarkDoneAsync(run, message.Batch, cancellationToken);
            }
            if (run is null)
            {
                // The run ended while this batch was being checked (abandoned, or finished by a redelivered copy of
                // this batch): the verdicts just stored belong to no run, so they go too.
                await store.DeleteCheckRunAsync(message.RunId, cancellationToken);
                return new BatchCheckResult(Stale: true, checkedCount, null);
            }
        }
        if (!run.AllBatchesDone)
        {
            return new BatchCheckResult(Stale: false, checkedCount, null);
        }
        // The batch that completed the run, or a redelivery after a finaliser stopped half-way: applying is idempotent.
        return new BatchCheckResult(Stale: false, checkedCount, await FinishAsync(catalog, run, cancellationToken));
    }

    /// <summary>
    /// Gives up a run one of whose batches failed every delivery (the queue parked it on its poison queue): the run
    /// can never complete, and its lease would keep every check out until it expired. Nothing of the run is applied
    /// (as for an inconclusive run); its records go and the lease is released, so the next scheduled check starts
    /// afresh. Batches still in flight then find the run gone and stop. Returns false when the run was already gone.
    /// </summary>
    public async Task<bool> AbandonAsync(CheckBatchMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var run = await store.GetCheckRunAsync(message.RunId, cancellationToken);
        if (run is null)
        {
            return false;
        }
        await results.SaveAbandonedAsync(run.RunId, $"batch {message.Batch} failed on every delivery; nothing of the run was applied", cancellationToken);
        await store.DeleteCheckRunAsync(run.RunId, cancellationToken);
        await store.ReleaseLeaseAsync(run.Lease, cancellationToken);
        logger.LogError("Check {RunId} abandoned: batch {Batch} failed on every delivery; nothing of the run was applied, and the next check starts afresh",
            run.RunId, message.Batch);
        return true;
    }

    private async Task<int> CheckBatchAsync(ReviewCatalog catalog, CheckBatchMessage message, CancellationToken cancellationToken)
    {
        // A source removed from the catalog since the fan-out is not checked.
        var sources = message.SourceIds.Select(catalog.FindSource).OfType<SourceDefinition>().ToList();

        var starting = CheckTimings.Measure(CheckStep.BatchStart);
        // The batch's states in one store call, not a read per source.
        var stored = (await store.GetSourcesAsync([.. sources.Select(s => s.Id)], cancellationToken)).ToDictionary(s => s.SourceId, StringComparer.Ordinal);
        var states = sources.Select(s => stored.GetValueOrDefault(s.Id)).ToArray();

        starting.Dispose();
        var verdicts = new CheckRunVerdict[sources.Count];
        using (CheckTimings.Measure(CheckStep.Sources))
        {
            var snapshots = new SnapshotWrites();
            await Parallel.ForEachAsync(Enumerable.Range(0, sources.Count),
                new ParallelOptions { MaxDegreeOfParallelism = catalog.Settings.MaxConcurrency, CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    var verdict = await checker.CheckAsync(catalog.Settings, sources[i], states[i], snapshots, ct);
                    verdicts[i] = new CheckRunVerdict(sources[i].Id, VerdictJson.Write(verdict));
                });
            // The batch's verdicts name its snapshots: saved only once they are.
            await snapshots.WhenAllAsync(cancellationToken);
        }
        using var saving = CheckTimings.Measure(CheckStep.BatchSave);
        await store.SaveCheckRunVerdictsAsync(message.RunId, verdicts, cancellationToken);
        logger.LogInformation("Batch {Batch} of check {RunId}: {Count} sources checked", message.Batch, message.RunId, sources.Count);
        return sources.Count;
    }

    /// <summary>Adds the batch to the run's done list; null when the run is gone (another finaliser finished it).</summary>
    private async Task<CheckRunRecord?> MarkDoneAsync(CheckRunRecord run, int batch, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (run.CompletedBatches.Contains(batch))
            {
                return run;
            }
            try
            {
                return await store.SaveCheckRunAsync(run with { CompletedBatches = [.. run.CompletedBatches, batch] }, cancellationToken);
            }
            catch (StoreConflictException)
            {
                // Another batch finished meanwhile: read its count and add ours to it.
                var current = await store.GetCheckRunAsync(run.RunId, cancellationToken);
                if (current is null)
                {
                    return null;
                }
                run = current;
            }
        }
    }

    private async Task<CheckReport> FinishAsync(ReviewCatalog catalog, CheckRunRecord run, CancellationToken cancellationToken)
    {
        var reading = CheckTimings.Measure(CheckStep.BatchFinishRead);
        var verdicts = (await store.GetCheckRunVerdictsAsync(run.RunId, cancellationToken))
            .ToDictionary(v => v.SourceId, v => VerdictJson.Read(v.Verdict), StringComparer.Ordinal);
        var sources = catalog.Sources.Where(s => verdicts.ContainsKey(s.Id)).ToList();

        var states = (await store.GetSourcesAsync(cancellationToken)).ToDictionary(s => s.SourceId);
        Citation[] citations = [.. await store.GetAllCitationsAsync(cancellationToken)];
        reading.Dispose();
        var applying = CheckTimings.Measure(CheckStep.Apply);
        var (conclusive, reported, stored) = await applier.ConcludeAsync(catalog, sources, verdicts, states, citations, catalog.History.KeepVersions, run.StartedAt, cancellationToken);
        applying.Dispose();
        if (!conclusive)
        {
            logger.LogWarning("Check {RunId} inconclusive: the network looks down; nothing was flagged or counted", run.RunId);
        }

        var reporting = CheckTimings.Measure(CheckStep.Report);
        var report = await reports.BuildAsync(catalog, CheckScope.All, run.RunId, run.StartedAt, conclusive, sources, reported, stored, cancellationToken);
        await store.SaveLastCheckAsync(LastCheck.From(report, clock.GetUtcNow()), cancellationToken);
        reporting.Dispose();
        // The report first (GET /api/checks/{runId} sees the run running or done, never neither); removing the run
        // then makes later deliveries stale; the lease then lets the next check start.
        await results.SaveFinishedAsync(report, cancellationToken);
        await store.DeleteCheckRunAsync(run.RunId, cancellationToken);
        await store.ReleaseLeaseAsync(run.Lease, cancellationToken);
        logger.LogInformation("Check {RunId} finished: {Count} sources in {Batches} batches, conclusive: {Conclusive}",
            run.RunId, sources.Count, run.BatchCount, conclusive);
        return report;
    }
}
