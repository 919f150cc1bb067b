using System.Text.Json;

namespace ReviewCadence.Storage;

/// <summary>How both stores keep a citation's <see cref="SectionFinding"/>: one JSON text (camelCase).</summary>
internal static class SectionFindingJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string? Write(SectionFinding? finding) => finding is null ? null : JsonSerializer.Serialize(finding, Options);

    public static SectionFinding? Read(string? json) => string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<SectionFinding>(json, Options);
}
