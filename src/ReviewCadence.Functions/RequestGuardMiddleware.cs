using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using ReviewCadence.Api;

namespace ReviewCadence.Functions;

/// <summary>
/// Core's <see cref="RequestGuard"/> for the HTTP functions: a state-changing request from another origin, or with a body
/// type a cross-site page can send without a preflight, is refused before the function runs; bodies have their
/// route's limit. The Host header is the platform's business: App Service routes a request to this app only for
/// the app's own host names (default and custom domains), so a re-pointed name never reaches it.
/// </summary>
internal sealed class RequestGuardMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } http)
        {
            await next(context); // a timer or queue invocation
            return;
        }
        var request = http.Request;
        var facts = new ApiRequestFacts
        {
            Method = request.Method,
            Scheme = request.Scheme,
            Host = request.Headers.Host.ToString(),
            Origin = request.Headers.Origin.Count > 0 ? request.Headers.Origin.ToString() : null,
            SecFetchSite = request.Headers["Sec-Fetch-Site"].Count > 0 ? request.Headers["Sec-Fetch-Site"].ToString() : null,
            ContentType = request.ContentType,
            ContentLength = request.ContentLength,
        };
        var body = context.FunctionDefinition.Name switch
        {
            "RecordReview" => ApiBodyKind.Json,
            "StartCheck" or "RunReminders" => ApiBodyKind.Command,
            _ => ApiBodyKind.None,
        };
        if (RequestGuard.Check(facts, body, allowedHosts: null) is { } refusal)
        {
            http.Response.StatusCode = refusal.StatusCode;
            http.Response.ContentType = refusal.ContentType;
            await http.Response.WriteAsync(refusal.Body, http.RequestAborted);
            return;
        }
        await next(context);
    }
}
