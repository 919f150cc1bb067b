using Microsoft.AspNetCore.Http;

namespace ReviewCadence.Api;

/// <summary>
/// <see cref="RequestGuard"/> over an ASP.NET Core request, written once for both hosts: <c>serve</c>'s middleware and
/// the Functions worker's (its ASP.NET Core integration hands the middleware the request's own
/// <see cref="HttpContext"/>). Reads the request's facts, names the route's body kind from its path, and writes the
/// refusal; a host only says which <c>Host</c> names it answers to.
/// </summary>
public static class HttpRequestGuard
{
    /// <summary>True when the request may go on to its route; false when the refusal has been written.</summary>
    /// <param name="allowedHosts">The names this server answers to, or null when the platform checks the Host itself (Azure Functions).</param>
    /// <param name="context">The request, and the response a refusal is written to.</param>
    public static async Task<bool> AdmitAsync(HttpContext context, HostAllowList? allowedHosts)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (RequestGuard.Check(Facts(request), BodyKind(request.Method, request.Path.Value), allowedHosts) is not { } refusal)
        {
            return true;
        }
        await refusal.WriteToAsync(context.Response, context.RequestAborted);
        return false;
    }

    /// <summary>What <see cref="RequestGuard"/> needs to know of an ASP.NET Core request, read from its method, scheme and headers.</summary>
    public static ApiRequestFacts Facts(HttpRequest request) => new()
    {
        Method = request.Method,
        Scheme = request.Scheme,
        Host = request.Headers.Host.ToString(),
        Origin = request.Headers.Origin.Count > 0 ? request.Headers.Origin.ToString() : null,
        SecFetchSite = request.Headers["Sec-Fetch-Site"].Count > 0 ? request.Headers["Sec-Fetch-Site"].ToString() : null,
        ContentType = request.ContentType,
        ContentLength = request.ContentLength,
    };

    /// <summary>
    /// What body a route takes, from the request alone (both hosts serve the same routes, by default under <c>/api</c>):
    /// <c>POST …/runbooks/{id}/reviews</c> reads JSON, every other POST is a command, anything else reads none. Matched
    /// on the path's last three segments, so a Functions app with another <c>routePrefix</c> keeps the review's limit.
    /// </summary>
    public static ApiBodyKind BodyKind(string method, string? path)
    {
        if (!HttpMethods.IsPost(method))
        {
            return ApiBodyKind.None;
        }
        var segments = (path ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 3
            && segments[^3].Equals("runbooks", StringComparison.OrdinalIgnoreCase)
            && segments[^1].Equals("reviews", StringComparison.OrdinalIgnoreCase)
            ? ApiBodyKind.Json
            : ApiBodyKind.Command;
    }
}
