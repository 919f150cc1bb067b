using System.Text.Json.Serialization;

namespace ReviewCadence.Vocabulary;

/// <summary>What one run found for one source. Names are the contract's (<c>check --json</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CheckOutcome>))]
public enum CheckOutcome
{
    [JsonStringEnumMemberName("new")] New,
    [JsonStringEnumMemberName("unchanged")] Unchanged,
    [JsonStringEnumMemberName("changed")] Changed,
    [JsonStringEnumMemberName("moved")] Moved,
    [JsonStringEnumMemberName("broken")] Broken,
    [JsonStringEnumMemberName("unreachable")] Unreachable,
}
