using System.Text.Json;

namespace ReviewCadence.Storage;

/// <summary>A run's completed batch indexes are stored as one JSON array value, in order.</summary>
internal static class CheckRunBatches
{
    public static string Write(IReadOnlyList<int> batches) => JsonSerializer.Serialize([.. batches.Distinct().Order()], StoredJsonContext.Default.Int32Array);

    public static IReadOnlyList<int> Read(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize(json, StoredJsonContext.Default.Int32Array) ?? [];
}
