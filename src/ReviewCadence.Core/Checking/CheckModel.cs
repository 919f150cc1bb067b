using System.Text.Json.Serialization;

namespace ReviewCadence.Checking;

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

/// <summary>Why a runbook needs re-review.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FindingKind>))]
public enum FindingKind
{
    [JsonStringEnumMemberName("changed")] Changed,
    [JsonStringEnumMemberName("moved")] Moved,
    [JsonStringEnumMemberName("broken")] Broken,
}

public static class CheckNames
{
    public static string Name(this CheckOutcome outcome) => outcome.ToString().ToLowerInvariant();
    public static string Name(this FindingKind kind) => kind.ToString().ToLowerInvariant();

    public static CheckOutcome ParseOutcome(string value) => Enum.Parse<CheckOutcome>(value, ignoreCase: true);
    public static FindingKind ParseFindingKind(string value) => Enum.Parse<FindingKind>(value, ignoreCase: true);
}
