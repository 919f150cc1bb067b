using System.Text.RegularExpressions;

namespace ReviewCadence.Catalog;

/// <summary>One <c>notify[]</c> entry. Values may hold <c>${NAME}</c> references resolved at send time.</summary>
public sealed record ChannelDefinition
{
    public required string Type { get; init; }
    /// <summary>The entry's keys other than <c>type</c> (url, to, secret, ...), unresolved.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
    public int Line { get; init; }

    public string? Get(string key) => Settings.TryGetValue(key, out var value) ? value : null;

    /// <summary>A label safe for output: the type and position, never the URL (which may embed a secret).</summary>
    public string Label(int index) => $"{Type}#{index + 1}";
}
