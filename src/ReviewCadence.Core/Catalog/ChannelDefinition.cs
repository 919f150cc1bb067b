using System.Text.RegularExpressions;

namespace ReviewCadence.Catalog;

/// <summary>One <c>notify[]</c> entry. Values may hold <c>${NAME}</c> references resolved at send time.</summary>
public sealed record ChannelDefinition
{
    /// <summary>The <c>notify</c> type (<c>teams</c>, <c>slack</c>, <c>email</c>, <c>webhook</c>).</summary>
    public required string Type { get; init; }
    /// <summary>The entry's keys other than <c>type</c> (url, to, secret, ...), unresolved.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
    /// <summary>The catalog line of the entry, for errors.</summary>
    public int Line { get; init; }

    /// <summary>One of <see cref="Settings"/>, unresolved; null when the entry does not have it.</summary>
    public string? Get(string key) => Settings.TryGetValue(key, out var value) ? value : null;

    /// <summary>A label safe for output: the type and position, never the URL (which may embed a secret).</summary>
    public string Label(int index) => $"{Type}#{index + 1}";
}
