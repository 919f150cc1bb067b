using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using ReviewCadence.Catalog;
using ReviewCadence.Checking.Fetching;

namespace ReviewCadence.Checking.Rendering;

/// <summary>
/// Fetches <c>render: browser</c> sources by loading them in headless Chromium; every other source goes to the HTTP
/// fetcher unchanged. The page's own HTML is fetched by that fetcher first, so redirects, moves, soft 404s, the size
/// cap, retries and the outage guard's network failures are exactly those of any source; the browser then renders it
/// with every request it makes (scripts, XHR, frames) answered through <see cref="BrowserRequestRouter"/>: the same
/// private-network guard, per-host gates and size cap, never the browser's own network stack. It waits for the
/// network to go idle, within the source's <c>timeoutSeconds</c>, and returns the rendered DOM as the body.
/// </summary>
internal sealed class BrowserPageFetcher : IPageFetcher
{
    private readonly IPageFetcher _http;
    // Resolved at the first browser source: a check without one never loads Playwright's assembly.
    private readonly Func<ChromiumBrowsers> _browsers;
    private readonly IHttpClientFactory _clients;
    private readonly HostGates _gates;
    private readonly ILogger<BrowserPageFetcher> _logger;
    // A rendering tab costs far more than a fetch: at most one per core at a time.
    private readonly SemaphoreSlim _tabs = new(Math.Max(1, Environment.ProcessorCount));

    internal BrowserPageFetcher(IPageFetcher http, Func<ChromiumBrowsers> browsers, IHttpClientFactory clients, HostGates gates, ILogger<BrowserPageFetcher> logger)
    {
        _http = http;
        _browsers = browsers;
        _clients = clients;
        _gates = gates;
        _logger = logger;
    }

    public Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Not awaited here: most sources pass straight through, without a state machine of this class (whose code
        // names Playwright's types, so running it loaded that assembly in every check).
        return request.Render == SourceRender.Browser ? FetchRenderedAsync(request, cancellationToken) : _http.FetchAsync(request, cancellationToken);
    }

    private async Task<FetchResult> FetchRenderedAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        var document = await _http.FetchAsync(request with { ETag = null, LastModified = null }, cancellationToken);
        if (document.Status != FetchStatus.Ok || document.Body is not { } body)
            return document;
        if (!IsHtml(document.ContentType, body.Span))
            return document; // JSON, text, PDF: nothing for a browser to run.

        byte[] html;
        using (body)
            html = body.Span.ToArray();
        var settings = request.Settings;
        var timeout = TimeSpan.FromSeconds(Math.Max(1, settings.TimeoutSeconds));
        try
        {
            // Starting Chromium is not the page's time: a cold start on a busy host takes longer than a page may.
            var browser = await _browsers().GetAsync(settings.Browser, timeout > BrowserStartTimeout ? timeout : BrowserStartTimeout, cancellationToken);
            await _tabs.WaitAsync(cancellationToken);
            try
            {
                var rendered = await RenderAsync(browser, document, html, settings, timeout, cancellationToken);
                return rendered;
            }
            finally
            {
                _tabs.Release();
            }
        }
        catch (BrowserUnavailableException ex)
        {
            return document with { Status = FetchStatus.Failed, Body = null, Detail = $"not rendered: {ex.Message}" };
        }
        catch (PlaywrightException ex) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(ex, "Rendering {Url} in the browser failed", document.FinalUrl);
            return document with { Status = FetchStatus.Failed, Body = null, Detail = $"the browser could not render the page ({ex.Message.Split('\n', 2)[0].Trim()})" };
        }
    }

    private async Task<FetchResult> RenderAsync(IBrowser browser, FetchResult document, byte[] html, CatalogSettings settings, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var rendering = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var router = new BrowserRequestRouter(_clients, _gates, settings, document.FinalUrl, html, document.ContentType, _logger, rendering.Token);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            UserAgent = settings.UserAgent,
            ServiceWorkers = ServiceWorkerPolicy.Block,
            AcceptDownloads = false,
            JavaScriptEnabled = true,
        });
        try
        {
            await context.RouteAsync("**/*", router.HandleAsync);
            // WebSockets cannot be answered from here, so they never open: a routed socket that is not connected to
            // its server stays a local mock.
            await context.RouteWebSocketAsync("**/*", _ => { });
            var page = await context.NewPageAsync();
            var started = Stopwatch.GetTimestamp(); // monotonic: a bound on a real browser's work, whatever --now says
            await page.GotoAsync(document.FinalUrl.AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = Milliseconds(timeout) });
            var idle = true;
            var left = timeout - Stopwatch.GetElapsedTime(started);
            try
            {
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new PageWaitForLoadStateOptions { Timeout = Milliseconds(left > TimeSpan.FromMilliseconds(1) ? left : TimeSpan.FromMilliseconds(1)) });
            }
            catch (TimeoutException)
            {
                // Long polling or a stream that never ends: the DOM as it stands when the time is up is the page.
                idle = false;
            }
            var dom = await page.ContentAsync();
            rendering.Cancel(); // requests still in flight are not waited for
            var bytes = Encoding.UTF8.GetByteCount(dom);
            if (bytes > settings.MaxPageBytes)
                return document with { Status = FetchStatus.Failed, Body = null, Detail = $"the rendered page is larger than {settings.MaxPageBytes} bytes" };
            if (!idle)
                _logger.LogDebug("{Url}: network still busy after {Seconds} s; the page was read as it stood", document.FinalUrl, timeout.TotalSeconds);
            return document with
            {
                Body = PageBody.FromText(dom),
                ContentType = "text/html; charset=utf-8",
                ETag = null,
                LastModified = null,
                RenderedInBrowser = true,
                Detail = Join(document.Detail, router.BlockedDetail),
            };
        }
        catch (TimeoutException)
        {
            return document with { Status = FetchStatus.Failed, Body = null, Detail = $"the page did not load in the browser within {timeout.TotalSeconds:0} s" };
        }
        finally
        {
            rendering.Cancel();
            await context.CloseAsync();
        }
    }

    private static readonly TimeSpan BrowserStartTimeout = TimeSpan.FromSeconds(60);

    private static string? Join(string? first, string? second) =>
        first is null ? second : second is null ? first : $"{first}; {second}";

    private static float Milliseconds(TimeSpan span) => (float)span.TotalMilliseconds;

    private static bool IsHtml(string? contentType, ReadOnlySpan<byte> body) => contentType is null
        ? body.TrimStart(" \t\r\n\uFEFF"u8).StartsWith("<"u8)
        : contentType.Contains("html", StringComparison.OrdinalIgnoreCase);
}
