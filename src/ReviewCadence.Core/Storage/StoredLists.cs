using System.Text.Json;

namespace ReviewCadence.Storage;

/// <summary>Lists of ids (a review's sources, a delivery's runbooks) are stored as one JSON array value.</summary>
internal static class StoredLists
{
    public static string Write(IReadOnlyList<string> values) => JsonSerializer.Serialize([.. values], StoredJsonContext.Default.StringArray);

    public static IReadOnlyList<string> Read(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize(json, StoredJsonContext.Default.StringArray) ?? [];
}
