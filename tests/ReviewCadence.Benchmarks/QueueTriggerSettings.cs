using System.Globalization;
using System.Text.Json.Nodes;

namespace ReviewCadence.Benchmarks;

/// <summary>
/// The queue trigger's settings in the repository's <c>host.json</c> (<c>extensions.queues</c>), which fan-out workers
/// follow as the Functions host does: it takes <see cref="BatchSize"/> messages whenever no more than
/// <see cref="NewBatchThreshold"/> are being processed, so an instance runs up to their sum at once.
/// </summary>
internal sealed record QueueTriggerSettings(int BatchSize, int NewBatchThreshold)
{
    public static QueueTriggerSettings FromHostJson()
    {
        var path = Path.Combine(RepositoryRoot.Find(), "host.json");
        var queues = JsonNode.Parse(File.ReadAllText(path))?["extensions"]?["queues"];
        // The host's defaults when host.json leaves them out: 16, and half of the batch size.
        var batchSize = queues?["batchSize"]?.GetValue<int>() ?? 16;
        return new QueueTriggerSettings(batchSize, queues?["newBatchThreshold"]?.GetValue<int>() ?? batchSize / 2);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"host.json's batchSize {BatchSize}, newBatchThreshold {NewBatchThreshold}: up to {BatchSize + NewBatchThreshold} batch(es) at once per worker");
}
