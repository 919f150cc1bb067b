using System.Text.Json;

namespace ReviewCadence.Checking.Batching;

/// <summary>A source's verdict as a batch stores it for the finaliser: everything the apply step reads, no page content.</summary>
internal static class VerdictJson
{
    // The page body is never serialised (FetchResult.Body is [JsonIgnore]): a verdict stays a few hundred bytes.
    public static string Write(SourceVerdict verdict) => JsonSerializer.Serialize(verdict, BatchJsonContext.Default.SourceVerdict);

    public static SourceVerdict Read(string json) =>
        JsonSerializer.Deserialize(json, BatchJsonContext.Default.SourceVerdict) ?? throw new InvalidDataException("an empty verdict was stored");
}
