using Microsoft.Extensions.Logging;
using ReviewCadence.Catalog;
using ReviewCadence.Checking;
using ReviewCadence.Checking.Batching;
using ReviewCadence.Reminders;

namespace ReviewCadence.Scheduling;

/// <summary>
/// What the timers run, for both hosts (the Functions timers and <c>serve</c>'s scheduler), straight on the Core
/// runners. A run another one keeps out (its lease is held) is skipped with a warning: the next tick catches up.
/// A run that did not do its job throws <see cref="ScheduledRunFailedException"/> (and a catalog or store that
/// cannot be read throws as it is), so the host counts the invocation as failed: an inconclusive check, a check
/// that could not start, a reminder run where some delivery failed.
/// </summary>
public sealed class ScheduledRuns
{
    private readonly CatalogProvider catalogs;
    private readonly CheckRunner checker;
    private readonly CheckFanOut fanOut;
    private readonly ReminderRunner reminders;
    private readonly ILogger<ScheduledRuns> logger;

    // Internal: built by AddReviewCadence from the pipeline's internal services (hosts resolve it, never construct it).
    internal ScheduledRuns(
        CatalogProvider catalogs,
        CheckRunner checker,
        CheckFanOut fanOut,
        ReminderRunner reminders,
        ILogger<ScheduledRuns> logger)
    {
        this.catalogs = catalogs;
        this.checker = checker;
        this.fanOut = fanOut;
        this.reminders = reminders;
        this.logger = logger;
    }

    /// <summary>
    /// Checks every source: in this call, or, for a catalog larger than one batch (<see cref="CheckFanOut.Applies"/>),
    /// by queuing its batches (the run then finishes in the batch that completes it).
    /// </summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var catalog = catalogs.Get();
        try
        {
            if (fanOut.Applies(catalog))
            {
                var started = await fanOut.StartAsync(catalog, cancellationToken);
                logger.LogInformation("Scheduled check {RunId} queued: {Sources} sources in {Batches} batches", started.RunId, started.Sources, started.Batches);
                return;
            }
            var report = await checker.RunAsync(catalog, CheckScope.All, null, cancellationToken);
            CheckReportLog.Write(logger, catalog, report);
            if (!report.Conclusive)
            {
                throw new ScheduledRunFailedException(
                    $"Scheduled check {report.RunId} was inconclusive: most source hosts could not be reached (is the network down?); nothing was flagged or counted.");
            }
        }
        catch (CheckAlreadyRunningException)
        {
            logger.LogWarning("Scheduled check skipped: another check is in progress; the next scheduled check catches up");
        }
    }

    /// <summary>Sends every owner's due reminders, as <c>remind</c> does.</summary>
    public async Task RemindAsync(CancellationToken cancellationToken)
    {
        var catalog = catalogs.Get();
        ReminderReport report;
        try
        {
            report = await reminders.RunAsync(catalog, dryRun: false, cancellationToken);
        }
        catch (ReminderRunInProgressException)
        {
            logger.LogWarning("Scheduled reminders skipped: another reminder run is in progress");
            return;
        }
        // ReminderRunner has logged each delivery and each failure (owner, channel, error).
        if (report.HasFailures)
        {
            throw new ScheduledRunFailedException(
                $"Scheduled reminders: {report.Failed.Count} of {report.Failed.Count + report.Sent.Count} deliveries failed; they are sent again next run.");
        }
        logger.LogInformation("Scheduled reminders finished: {Sent} digests sent", report.Sent.Count);
    }
}

/// <summary>A scheduled run ended without doing its job; thrown so the host counts the invocation as failed.</summary>
internal sealed class ScheduledRunFailedException(string message) : Exception(message);
