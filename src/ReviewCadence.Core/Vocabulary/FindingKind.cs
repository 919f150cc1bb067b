using System.Text.Json.Serialization;

namespace ReviewCadence.Vocabulary;

/// <summary>Why a runbook needs re-review.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FindingKind>))]
public enum FindingKind
{
    [JsonStringEnumMemberName("changed")] Changed,
    [JsonStringEnumMemberName("moved")] Moved,
    [JsonStringEnumMemberName("broken")] Broken,
}
