using System.Text.Json.Serialization;

namespace ReviewCadence.Checking;

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
