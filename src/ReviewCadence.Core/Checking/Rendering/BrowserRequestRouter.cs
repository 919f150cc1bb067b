using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using ReviewCadence.Catalog;
using ReviewCadence.Checking.Fetching;
using ReviewCadence.Networking;

namespace ReviewCadence.Checking.Rendering;

/// <summary>
/// Answers every request of one page render from here, so the browser itself never touches the network: the page's
/// document from the body already fetched, everything else through the fetch clients (private-network guard on the
/// address actually connected to, per-attempt timeout, retries of idempotent requests, the size cap per response),
/// each inside its host's politeness gate. Redirects go back to the browser, whose next request comes here again.
/// </summary>
internal sealed class BrowserRequestRouter(
    IHttpClientFactory clients,
    HostGates gates,
    CatalogSettings settings,
    Uri documentUrl,
    byte[] documentBody,
    string? documentContentType,
    ILogger logger,
    CancellationToken rendering)
{
    // Managed by the HTTP stack, or meaningless once the body has been decompressed and buffered here.
    private static readonly HashSet<string> DroppedRequestHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "host", "connection", "keep-alive", "transfer-encoding", "content-length", "accept-encoding", "upgrade", "proxy-connection", "te", "trailer",
    };

    private static readonly HashSet<string> DroppedResponseHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "content-encoding", "content-length", "transfer-encoding", "connection", "keep-alive", "alt-svc",
    };

    private int _documentServed;
    private int _refused;

    /// <summary>What the page tried that was not allowed, for the source's detail; null when nothing was.</summary>
    public string? BlockedDetail
    {
        get
        {
            var refused = Volatile.Read(ref _refused);
            return refused == 0 ? null : $"{refused} request(s) of the page to private or loopback addresses were refused";
        }
    }

    public async Task HandleAsync(IRoute route)
    {
        var request = route.Request;
        try
        {
            if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                await route.AbortAsync("blockedbyclient");
                return;
            }
            if (request.IsNavigationRequest && request.Frame.ParentFrame is null && url == documentUrl
                && Interlocked.Exchange(ref _documentServed, 1) == 0)
            {
                await route.FulfillAsync(new RouteFulfillOptions
                {
                    Status = 200,
                    ContentType = documentContentType ?? "text/html; charset=utf-8",
                    BodyBytes = documentBody,
                });
                return;
            }
            await ForwardAsync(route, request, url);
        }
        catch (PlaywrightException)
        {
            // The page or its context closed while the request was answered: nobody is waiting for it any more.
        }
        catch (OperationCanceledException) when (rendering.IsCancellationRequested)
        {
            await TryAbortAsync(route, "aborted");
        }
    }

    private async Task ForwardAsync(IRoute route, IRequest request, Uri url)
    {
        var method = new HttpMethod(request.Method);
        var idempotent = method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options;
        var hop = new FetchHop(idempotent ? settings : settings with { Retries = 0 }, retryAfter => gates.SlowDown(url, retryAfter));
        using var message = new HttpRequestMessage(method, url);
        var headers = await request.AllHeadersAsync();
        if (request.PostDataBuffer is { Length: > 0 } post)
            message.Content = new ByteArrayContent(post);
        foreach (var (name, value) in headers)
        {
            if (DroppedRequestHeaders.Contains(name) || name.StartsWith(':'))
                continue;
            if (!message.Headers.TryAddWithoutValidation(name, value))
                message.Content?.Headers.TryAddWithoutValidation(name, value);
        }
        message.Headers.Remove("User-Agent");
        message.Headers.TryAddWithoutValidation("User-Agent", settings.UserAgent);
        hop.AttachTo(message);

        var client = clients.CreateClient(settings.AllowPrivateNetworks
            ? FetchingServiceCollectionExtensions.PrivateNetworksClientName
            : FetchingServiceCollectionExtensions.GuardedClientName);
        HttpResponseMessage response;
        try
        {
            using (await gates.EnterAsync(url, settings, rendering))
                response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, rendering);
        }
        catch (HttpRequestException ex) when (NetworkGuard.IsRefusal(ex))
        {
            Interlocked.Increment(ref _refused);
            logger.LogDebug("Rendering {Document}: refused {Url} (private address)", documentUrl, url);
            await route.AbortAsync("blockedbyclient");
            return;
        }
        catch (Exception ex) when (ex is HttpRequestException or PageTooLargeException or Polly.Timeout.TimeoutRejectedException
            or Polly.CircuitBreaker.BrokenCircuitException)
        {
            logger.LogDebug("Rendering {Document}: {Url} failed ({Error})", documentUrl, url, ex.GetType().Name);
            await route.AbortAsync(ex is PageTooLargeException ? "blockedbyclient" : "failed");
            return;
        }

        using (response)
        {
            byte[] body;
            if (response.Content is BufferedBody buffered)
            {
                using var page = buffered.Take();
                body = page.Span.ToArray();
            }
            else
            {
                // Not a success (redirects, errors): read here, under the same cap.
                await using var stream = await response.Content.ReadAsStreamAsync(rendering);
                try
                {
                    using var page = await PageBody.ReadAsync(stream, response.Content.Headers.ContentLength, settings.MaxPageBytes, rendering);
                    body = page.Span.ToArray();
                }
                catch (PageTooLargeException)
                {
                    await route.AbortAsync("blockedbyclient");
                    return;
                }
            }
            var responseHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated))
            {
                if (DroppedResponseHeaders.Contains(header.Key))
                    continue;
                // Set-Cookie keeps its lines apart; other repeated headers join as HTTP allows.
                responseHeaders[header.Key] = string.Join(header.Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase) ? "\n" : ", ", header.Value);
            }
            await route.FulfillAsync(new RouteFulfillOptions
            {
                Status = (int)response.StatusCode,
                Headers = responseHeaders,
                BodyBytes = body,
            });
        }
    }

    private static async Task TryAbortAsync(IRoute route, string reason)
    {
        try
        {
            await route.AbortAsync(reason);
        }
        catch (PlaywrightException)
        {
            // Already closed.
        }
    }
}
