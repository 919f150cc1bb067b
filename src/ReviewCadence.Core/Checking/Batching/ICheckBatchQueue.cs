namespace ReviewCadence.Checking.Batching;

/// <summary>Where a fanned-out run puts its batches for queue-triggered workers (an Azure Storage queue in production).</summary>
public interface ICheckBatchQueue
{
    /// <summary>Puts one batch on the queue.</summary>
    Task SendAsync(CheckBatchMessage message, CancellationToken cancellationToken);
}
