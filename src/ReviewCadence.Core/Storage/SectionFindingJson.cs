using System.Text.Json;

namespace ReviewCadence.Storage;

/// <summary>How both stores keep a citation's <see cref="SectionFinding"/>: one JSON text (camelCase).</summary>
internal static class SectionFindingJson
{
    public static string? Write(SectionFinding? finding) => finding is null ? null : JsonSerializer.Serialize(finding, StoredJsonContext.Default.SectionFinding);

    public static SectionFinding? Read(string? json) => string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize(json, StoredJsonContext.Default.SectionFinding);
}
