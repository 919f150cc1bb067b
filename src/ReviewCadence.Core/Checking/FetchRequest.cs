using System.Text.Json.Serialization;
using ReviewCadence.Catalog;

namespace ReviewCadence.Checking;

/// <param name="Url">The catalog URL.</param>
/// <param name="Settings">The catalog's settings for this run (timeouts, retries, limits, user agent, private networks).</param>
/// <param name="ETag">The validator stored from the last full response, sent as <c>If-None-Match</c>.</param>
/// <param name="LastModified">Likewise, sent as <c>If-Modified-Since</c>.</param>
/// <param name="Render">The source's <c>render</c>: <see cref="SourceRender.Browser"/> loads the page in Chromium.</param>
internal sealed record FetchRequest(Uri Url, CatalogSettings Settings, string? ETag = null, string? LastModified = null, SourceRender Render = SourceRender.Http);
