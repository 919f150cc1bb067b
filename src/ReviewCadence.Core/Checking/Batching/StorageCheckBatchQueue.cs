using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace ReviewCadence.Checking.Batching;

/// <summary>
/// The batches' Azure Storage queue, reached the way the Functions host reaches its own <c>AzureWebJobsStorage</c>
/// connection: a connection string (<c>UseDevelopmentStorage=true</c> for Azurite), or, for an identity-based
/// connection, <c>AzureWebJobsStorage__queueServiceUri</c> or <c>AzureWebJobsStorage__accountName</c> (with
/// <c>__clientId</c> for a user-assigned identity). The queue (app setting <c>CheckQueueName</c>) is created on
/// first use. Messages are base64, as the queue trigger expects by default.
/// </summary>
internal sealed class StorageCheckBatchQueue : ICheckBatchQueue
{
    public const string ConnectionSetting = "AzureWebJobsStorage";
    public const string QueueNameSetting = "CheckQueueName";
    public const string DefaultQueueName = "reviewcadence-check-batches";

    private readonly Lazy<Task<QueueClient>> _queue;

    public StorageCheckBatchQueue(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _queue = new(() => OpenAsync(configuration));
    }

    public async Task SendAsync(CheckBatchMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var queue = await _queue.Value.WaitAsync(cancellationToken);
        await queue.SendMessageAsync(message.ToJson(), cancellationToken);
    }

    private static async Task<QueueClient> OpenAsync(IConfiguration configuration)
    {
        var name = configuration[QueueNameSetting] is { Length: > 0 } configured ? configured : DefaultQueueName;
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var queue = configuration[ConnectionSetting] is { Length: > 0 } connectionString
            ? new QueueClient(connectionString, name, options)
            : new QueueClient(new Uri(ServiceUri(configuration.GetSection(ConnectionSetting)), name), Credential(configuration.GetSection(ConnectionSetting)), options);
        await queue.CreateIfNotExistsAsync();
        return queue;
    }

    private static Uri ServiceUri(IConfigurationSection connection)
    {
        if (connection["queueServiceUri"] is { Length: > 0 } uri)
            return new Uri(uri.TrimEnd('/') + "/");
        if (connection["accountName"] is { Length: > 0 } account)
            return new Uri($"https://{account}.queue.core.windows.net/");
        throw new InvalidOperationException(
            $"No queue connection for fanned-out checks: set {ConnectionSetting} (a connection string) or {ConnectionSetting}__accountName / __queueServiceUri.");
    }

    private static DefaultAzureCredential Credential(IConfigurationSection connection) =>
        new(new DefaultAzureCredentialOptions { ManagedIdentityClientId = connection["clientId"] is { Length: > 0 } id ? id : null });
}
