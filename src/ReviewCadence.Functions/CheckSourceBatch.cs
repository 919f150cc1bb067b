using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ReviewCadence.Checking.Batching;
using ReviewCadence.Runbooks;

namespace ReviewCadence.Functions;

/// <summary>
/// Checks one batch of a fanned-out check (see <see cref="CheckSources"/>) from the <c>CheckQueueName</c> queue on the
/// <c>AzureWebJobsStorage</c> account; the batch that completes its run applies the whole run. A failure is retried
/// by the queue (then parked on the poison queue); a message that is not a batch is dropped with an error.
/// </summary>
public sealed class CheckSourceBatch(BatchCheckRunner batches, ILogger<CheckSourceBatch> logger)
{
    [Function(nameof(CheckSourceBatch))]
    public async Task RunAsync(
        [QueueTrigger("%CheckQueueName%", Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken)
    {
        CheckBatchMessage batch;
        try
        {
            batch = CheckBatchMessage.Parse(message);
        }
        catch (FormatException e)
        {
            logger.LogError("Dropped a queue message that is not a check batch: {Problem}", e.Message);
            return;
        }

        var result = await batches.RunAsync(batch, cancellationToken);
        if (result.Report is { } report)
        {
            logger.LogInformation("Check {RunId} finished (conclusive: {Conclusive}): {Sources} sources, {NeedsReview} runbooks need review",
                report.RunId, report.Conclusive, report.Sources.Count, report.Runbooks.Count(r => r.Status == RunbookStatusKind.NeedsReview));
        }
    }
}
