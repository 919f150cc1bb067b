using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReviewCadence.Checking.Batching;

namespace ReviewCadence.Cli.Serve;

/// <summary>
/// <c>serve</c>'s queue for fanned-out checks: where the Functions app puts a large check's batches on an Azure Storage
/// queue for queue-triggered instances, <c>serve</c> keeps them in memory and checks them in the background, one batch
/// at a time, through the same <see cref="BatchCheckRunner"/> on the same store-recorded run; so <c>POST /api/checks</c>
/// answers 202 and <c>GET /api/checks/{runId}</c> follows the run exactly as in Azure. A batch that fails
/// <see cref="MaxAttempts"/> times gives its run up, as the poison queue does. Batches queued when serve stops are
/// lost; their run keeps the lease until it expires (<c>ReviewCadence:Check:QueueLeaseDuration</c>).
/// </summary>
public sealed class InProcessCheckBatchQueue(BatchCheckRunner batches, ILogger<InProcessCheckBatchQueue> logger) : BackgroundService, ICheckBatchQueue
{
    /// <summary>As host.json's <c>maxDequeueCount</c> for the Functions queue.</summary>
    public const int MaxAttempts = 5;

    private readonly Channel<CheckBatchMessage> _pending = Channel.CreateUnbounded<CheckBatchMessage>(new UnboundedChannelOptions { SingleReader = true });

    public Task SendAsync(CheckBatchMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _pending.Writer.WriteAsync(message, cancellationToken).AsTask();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var message in _pending.Reader.ReadAllAsync(stoppingToken))
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await batches.RunAsync(message, stoppingToken);
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Batch {Batch} of check {RunId} failed (attempt {Attempt} of {MaxAttempts}): {Error}", message.Batch, message.RunId, attempt, MaxAttempts, ex.Message);
                    if (attempt == MaxAttempts)
                    {
                        await batches.AbandonAsync(message, stoppingToken);
                        break;
                    }
                }
            }
        }
    }
}
