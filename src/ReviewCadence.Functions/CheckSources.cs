using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ReviewCadence.Catalog;
using ReviewCadence.Checking;
using ReviewCadence.Checking.Batching;
using ReviewCadence.Scheduling;

namespace ReviewCadence.Functions;

/// <summary>
/// Re-checks every catalog source on the <c>CheckSchedule</c> app setting (NCRONTAB, UTC). A catalog with more
/// sources than <c>ReviewCadence__Check__QueueBatchSize</c> is fanned out instead: its sources go in batches onto
/// the <c>CheckQueueName</c> queue, <see cref="CheckSourceBatch"/> instances check them in parallel, and the last
/// batch applies the run (same outcomes, flags, outage guard and run lease as one run).
/// </summary>
public sealed class CheckSources(ScheduledRuns runs, CheckFanOut fanOut, CatalogProvider catalogs, ILogger<CheckSources> logger)
{
    [Function(nameof(CheckSources))]
    public async Task RunAsync(
        [TimerTrigger("%CheckSchedule%", RunOnStartup = false)] TimerInfo timer,
        CancellationToken cancellationToken)
    {
        logger.LogInformation("Scheduled check starting (past due: {IsPastDue})", timer.IsPastDue);
        var catalog = catalogs.Get();
        if (!fanOut.Applies(catalog))
        {
            await runs.CheckAsync(cancellationToken);
            return;
        }
        try
        {
            var started = await fanOut.StartAsync(catalog, cancellationToken);
            logger.LogInformation("Scheduled check {RunId} queued: {Sources} sources in {Batches} batches", started.RunId, started.Sources, started.Batches);
        }
        catch (CheckAlreadyRunningException)
        {
            // A manual run or an earlier fan-out holds the lease; the next tick catches up.
            logger.LogWarning("Scheduled check skipped: another run is in progress");
        }
    }
}
