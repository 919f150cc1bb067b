using System.Text.Json;

namespace ReviewCadence.Checking.Batching;

/// <summary>One queue message of a fanned-out run: which run, which batch, and the ids of the sources to check.</summary>
public sealed record CheckBatchMessage(string RunId, int Batch, IReadOnlyList<string> SourceIds)
{
    /// <summary>The message's text on the queue.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, BatchJsonContext.Default.CheckBatchMessage);

    /// <exception cref="FormatException">The text is not a batch message.</exception>
    public static CheckBatchMessage Parse(string text)
    {
        CheckBatchMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(text, BatchJsonContext.Default.CheckBatchMessage);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a check batch message ({e.Message})", e);
        }
        if (message is null || string.IsNullOrEmpty(message.RunId) || message.Batch < 0 || message.SourceIds is null
            || message.SourceIds.Any(string.IsNullOrEmpty))
        {
            throw new FormatException("not a check batch message (it needs runId, batch >= 0 and sourceIds)");
        }
        return message;
    }
}
