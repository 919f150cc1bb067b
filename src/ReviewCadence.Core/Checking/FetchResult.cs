using System.Text.Json.Serialization;

namespace ReviewCadence.Checking;

internal sealed record FetchResult
{
    public required FetchStatus Status { get; init; }
    public int? HttpStatus { get; init; }
    /// <summary>The URL whose content was read (after redirects).</summary>
    public required Uri FinalUrl { get; init; }
    /// <summary>Set when the chain contained a permanent redirect (301/308) to a different page.</summary>
    public Uri? MovedTo { get; init; }
    /// <summary>The body of an <see cref="FetchStatus.Ok"/> fetch, in a pooled buffer its receiver disposes after reading it.</summary>
    [JsonIgnore]
    public PageBody? Body { get; init; }
    public string? ContentType { get; init; }
    public string? ETag { get; init; }
    public string? LastModified { get; init; }
    /// <summary>A plain sentence for people: why it failed, where it moved. Never contains secrets.</summary>
    public string? Detail { get; init; }
    /// <summary>True when the host could not be reached at all (DNS, connect, TLS, timeout): the outage guard counts these.</summary>
    public bool NetworkFailure { get; init; }
    /// <summary>True when <see cref="Body"/> is the DOM a browser rendered (<c>render: browser</c>), not the served HTML.</summary>
    public bool RenderedInBrowser { get; init; }
}
