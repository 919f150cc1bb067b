using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ReviewCadence.Catalog;
using ReviewCadence.Checking;
using ReviewCadence.Checking.Batching;

namespace ReviewCadence.Functions;

/// <summary>
/// Checks one batch of a fanned-out check (see <see cref="CheckSources"/>) from the <c>CheckQueueName</c> queue on the
/// <c>AzureWebJobsStorage</c> account; the batch that completes its run applies the whole run. A failure is retried
/// by the queue; a batch that failed every delivery is parked on the poison queue, where <see cref="AbandonAsync"/>
/// gives its run up so the lease does not keep checks out. A message that is not a batch is dropped with an error.
/// </summary>
public sealed class CheckSourceBatch(BatchCheckRunner batches, CatalogProvider catalogs, ILogger<CheckSourceBatch> logger)
{
    [Function(nameof(CheckSourceBatch))]
    public async Task RunAsync(
        [QueueTrigger("%CheckQueueName%", Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken)
    {
        if (Parse(message) is not { } batch)
        {
            return;
        }
        var result = await batches.RunAsync(batch, cancellationToken);
        if (result.Report is { } report)
        {
            // The fanned-out run's end, logged as a single run's (the timer path). An inconclusive run is an error
            // here, not a failed invocation: throwing would only have the queue redeliver a batch that is done.
            CheckReportLog.Write(logger, catalogs.Get(), report);
            if (!report.Conclusive)
            {
                logger.LogError("Check {RunId} was inconclusive: most source hosts could not be reached; nothing was flagged or counted", report.RunId);
            }
        }
    }

    /// <summary>A batch the queue gave up on: its run can never complete, so it is abandoned and the lease released.</summary>
    [Function("CheckSourceBatchPoison")]
    public async Task AbandonAsync(
        [QueueTrigger("%CheckQueueName%-poison", Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken)
    {
        if (Parse(message) is { } batch && !await batches.AbandonAsync(batch, cancellationToken))
        {
            logger.LogWarning("Batch {Batch} of check {RunId} failed on every delivery; the run had already ended", batch.Batch, batch.RunId);
        }
    }

    private CheckBatchMessage? Parse(string message)
    {
        try
        {
            return CheckBatchMessage.Parse(message);
        }
        catch (FormatException e)
        {
            logger.LogError("Dropped a queue message that is not a check batch: {Problem}", e.Message);
            return null;
        }
    }
}
