using System.Text.Json.Serialization;
using ReviewCadence.Catalog;

namespace ReviewCadence.Checking;

/// <summary>Fetches one source's page over HTTP: retries, redirects, validators, limits and the network guard.</summary>
public interface IPageFetcher
{
    /// <summary>Never throws for a page fault (those are <see cref="FetchStatus"/> values); throws only when cancelled.</summary>
    Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken);
}

/// <param name="Url">The catalog URL.</param>
/// <param name="Settings">The catalog's settings for this run (timeouts, retries, limits, user agent, private networks).</param>
/// <param name="ETag">The validator stored from the last full response, sent as <c>If-None-Match</c>.</param>
/// <param name="LastModified">Likewise, sent as <c>If-Modified-Since</c>.</param>
public sealed record FetchRequest(Uri Url, CatalogSettings Settings, string? ETag = null, string? LastModified = null);

/// <summary>How a fetch ended, before any comparison with earlier runs.</summary>
public enum FetchStatus
{
    /// <summary>2xx with a body in <see cref="FetchResult.Body"/>.</summary>
    Ok,
    /// <summary>304 to a conditional request: the stored version is current.</summary>
    NotModified,
    /// <summary>404 or 410, a soft-404 page, or a deep URL redirected to the site's home or a login page.</summary>
    NotFound,
    /// <summary>Any other failure after retries: timeout, connection error, 429, 5xx, other 4xx, too large, refused.</summary>
    Failed,
}

public sealed record FetchResult
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
}
