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
        // The Host header is left to the platform (allowedHosts: null), as said above.
        if (await HttpRequestGuard.AdmitAsync(http, allowedHosts: null))
        {
            await next(context);
        }
    }
}
