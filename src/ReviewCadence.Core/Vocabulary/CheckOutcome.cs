using System.Text.Json.Serialization;

namespace ReviewCadence.Vocabulary;

/// <summary>What one run found for one source. Names are the contract's (<c>check --json</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CheckOutcome>))]
public enum CheckOutcome
{
    /// <summary>The first successful fetch: the baseline.</summary>
    [JsonStringEnumMemberName("new")] New,
    /// <summary>A 304, or the same content fingerprint.</summary>
    [JsonStringEnumMemberName("unchanged")] Unchanged,
    /// <summary>The content fingerprint differs from the last snapshot.</summary>
    [JsonStringEnumMemberName("changed")] Changed,
    /// <summary>A permanent redirect to another URL (content still compared at the target).</summary>
    [JsonStringEnumMemberName("moved")] Moved,
    /// <summary>Gone (404/410, a soft 404), or unreachable for <c>brokenAfterFailures</c> runs in a row.</summary>
    [JsonStringEnumMemberName("broken")] Broken,
    /// <summary>A transient failure still failing after retries.</summary>
    [JsonStringEnumMemberName("unreachable")] Unreachable,
}
