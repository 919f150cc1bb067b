using System.Net.Sockets;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using ReviewCadence.Networking;

namespace ReviewCadence.Checking.Fetching;

/// <summary>
/// Fetches source pages politely and defensively: per-host and overall concurrency gates, retries
/// with backoff (in the HTTP client's policies), redirects followed by hand, conditional requests,
/// a body size cap, soft-404 redirects and the private-network guard. Register with
/// <see cref="FetchingServiceCollectionExtensions.AddPageFetching"/>; one instance per process, so
/// its gates span every concurrent fetch.
/// </summary>
internal sealed class HttpPageFetcher : IPageFetcher
{
    private const string Accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private readonly IHttpClientFactory _clients;
    private readonly FetchingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<HttpPageFetcher> _logger;
    private readonly HostGates _gates;

    // Internal: the fetcher relies on its named clients' policies and attempt handler, which only
    // AddPageFetching sets up.
    internal HttpPageFetcher(IHttpClientFactory clients, IOptions<FetchingOptions> options, TimeProvider time, ILogger<HttpPageFetcher> logger, HostGates? gates = null)
    {
        _clients = clients;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _gates = gates ?? new HostGates(options, time);
    }

    public async Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var chain = new RedirectChain(request.Url, _options.MaxRedirects);
        if (!request.Url.IsAbsoluteUri || (request.Url.Scheme != Uri.UriSchemeHttp && request.Url.Scheme != Uri.UriSchemeHttps))
            return Failed(chain, "not an http(s) URL");

        // The budget starts with the first request, not while the source queues for a gate.
        using var budget = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        var client = _clients.CreateClient(request.Settings.AllowPrivateNetworks
            ? FetchingServiceCollectionExtensions.PrivateNetworksClientName
            : FetchingServiceCollectionExtensions.GuardedClientName);
        FetchHop? hop = null;
        try
        {
            while (true)
            {
                var url = chain.Current;
                hop = new FetchHop(request.Settings, retryAfter => _gates.SlowDown(url, retryAfter));
                using var message = CreateRequest(url, request, hop);
                HttpResponseMessage response;
                using (await _gates.EnterAsync(url, request.Settings, cancellationToken))
                {
                    if (chain.Redirects == 0)
                        budget.CancelAfter(_options.SourceBudget);
                    response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                }
                using (response)
                {
                    if (!RedirectChain.IsRedirect(response.StatusCode))
                        return Log(Classify(response, chain, request, hop));
                    if (chain.Follow(response) is { } stop)
                        return Log(Failed(chain, stop, (int)response.StatusCode));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The fetch was cancelled.", ex, cancellationToken);
        }
        catch (Exception ex)
        {
            return Log(FromException(ex, chain, hop, request, budget.IsCancellationRequested));
        }
    }

    private static HttpRequestMessage CreateRequest(Uri url, FetchRequest request, FetchHop hop)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, url);
        message.Headers.TryAddWithoutValidation("User-Agent", request.Settings.UserAgent);
        message.Headers.TryAddWithoutValidation("Accept", Accept);
        if (!string.IsNullOrEmpty(request.ETag))
            message.Headers.TryAddWithoutValidation("If-None-Match", request.ETag);
        if (!string.IsNullOrEmpty(request.LastModified))
            message.Headers.TryAddWithoutValidation("If-Modified-Since", request.LastModified);
        hop.AttachTo(message);
        return message;
    }

    private FetchResult Classify(HttpResponseMessage response, RedirectChain chain, FetchRequest request, FetchHop hop)
    {
        var status = (int)response.StatusCode;
        var finalUrl = chain.Final;
        var movedTo = chain.MovedTo;
        var movedDetail = movedTo is null ? null : $"moved permanently to {movedTo}";

        // A 304 means "your copy is current" only when there was a copy to compare with.
        if (response.StatusCode == HttpStatusCode.NotModified && (!string.IsNullOrEmpty(request.ETag) || !string.IsNullOrEmpty(request.LastModified)))
        {
            return new FetchResult
            {
                Status = FetchStatus.NotModified, HttpStatus = status, FinalUrl = finalUrl, MovedTo = movedTo, Detail = movedDetail,
                // The validators we sent are usually the ones that come back: keep the run's instances (a run holds every
                // verdict until it applies, and at 10,000 sources a fresh copy of both headers per verdict is over a MB).
                ETag = SameOrNew(Header(response, "ETag"), request.ETag),
                LastModified = SameOrNew(Header(response, "Last-Modified"), request.LastModified),
            };
        }
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            var where = chain.Redirects > 0 ? $" at {finalUrl}" : "";
            return new FetchResult { Status = FetchStatus.NotFound, HttpStatus = status, FinalUrl = finalUrl, MovedTo = movedTo, Detail = $"HTTP {status}{where}" };
        }
        if (response.IsSuccessStatusCode)
        {
            var body = (BufferedBody)response.Content; // every success body was read by FetchAttemptHandler
            if (SoftNotFoundByRedirect(chain, body.Span) is { } soft)
                return new FetchResult { Status = FetchStatus.NotFound, HttpStatus = status, FinalUrl = finalUrl, Detail = soft };
            return new FetchResult
            {
                Status = FetchStatus.Ok, HttpStatus = status, FinalUrl = finalUrl, MovedTo = movedTo, Detail = movedDetail, Body = body.Take(),
                ContentType = Header(response, "Content-Type"),
                ETag = Header(response, "ETag"),
                LastModified = Header(response, "Last-Modified"),
            };
        }

        var asked = RetryAfter.Delay(response.Headers.RetryAfter, _time.GetUtcNow());
        var detail = TransientFailure.IsTransient(response) && asked > _options.MaxRetryDelay
            ? $"HTTP {status}: asked to wait {asked.Value.TotalSeconds:0} s, more than the {_options.MaxRetryDelay.TotalSeconds:0} s limit"
            : $"HTTP {status}{AttemptsSuffix(hop, "after ")}";
        return Failed(chain, detail, status);
    }

    /// <summary>A deep link redirected to its site's home page or to a sign-in page: the page is gone (or hidden).</summary>
    private static string? SoftNotFoundByRedirect(RedirectChain chain, ReadOnlySpan<byte> body)
    {
        if (chain.Redirects == 0 || UrlComparer.SamePage(chain.Start, chain.Current) || !SoftNotFound.IsDeepLink(chain.Start))
            return null;
        if (SoftNotFound.IsSiteHome(chain.Current, chain.Start))
            return $"redirected to the site's home page ({chain.Current})";
        if (SoftNotFound.IsLoginPage(chain.Current, body) && !SoftNotFound.IsLoginPage(chain.Start, []))
            return $"redirected to a login page ({chain.Current})";
        return null;
    }

    private FetchResult FromException(Exception exception, RedirectChain chain, FetchHop? hop, FetchRequest request, bool budgetSpent)
    {
        switch (exception)
        {
            case OperationCanceledException when budgetSpent:
                // The budget ran out mid-retry; the last answer (if any) says whether the host was reachable.
                return Failed(chain, $"gave up after {_options.SourceBudget.TotalSeconds:0.#} s{AttemptsSuffix(hop, "")}",
                    hop?.LastStatus, networkFailure: hop?.LastStatus is null);
            case PageTooLargeException tooLarge:
                return Failed(chain, tooLarge.Message);
            case BrokenCircuitException<HttpResponseMessage> broken:
                var status = (int)broken.Result.StatusCode;
                return Failed(chain, $"HTTP {status}; {chain.Current.Authority} failed {_options.BreakAfterFailures} times in a row, so it is paused", status);
            case BrokenCircuitException broken:
                return Failed(chain, $"{Describe(broken.InnerException)}; {chain.Current.Authority} failed {_options.BreakAfterFailures} times in a row, so it is paused",
                    networkFailure: true);
            case TimeoutRejectedException:
                return Failed(chain, $"timed out after {request.Settings.TimeoutSeconds} s{AttemptsSuffix(hop, "")}", networkFailure: true);
            case HttpRequestException when NetworkGuard.IsRefusal(exception):
                return Failed(chain, NetworkGuard.RefusalDetail);
            case HttpRequestException http:
                return Failed(chain, $"{Describe(http)}{AttemptsSuffix(hop, "")}", networkFailure: true);
            default:
                _logger.LogWarning(exception, "Fetching {Url} failed unexpectedly", chain.Current);
                return Failed(chain, $"unexpected error ({exception.GetType().Name})");
        }
    }

    private static string Describe(Exception? exception)
    {
        if (exception is HttpRequestException { HttpRequestError: var error })
        {
            switch (error)
            {
                case HttpRequestError.NameResolutionError: return "DNS lookup failed";
                case HttpRequestError.SecureConnectionError: return "TLS handshake failed";
                case HttpRequestError.ResponseEnded: return "connection dropped before the response was complete";
                case HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError: return "invalid HTTP response";
            }
        }
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "DNS lookup failed",
                    SocketError.TimedOut => "connection timed out",
                    SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.NetworkDown => "network unreachable",
                    SocketError.ConnectionReset or SocketError.ConnectionAborted => "connection dropped before the response was complete",
                    var other => $"connection failed ({other})",
                };
            }
            if (inner is TimeoutRejectedException)
                return "timed out";
        }
        return "could not connect";
    }

    private static string AttemptsSuffix(FetchHop? hop, string prefix) =>
        hop is { Attempts: > 1 } ? (prefix.Length > 0 ? $" {prefix}{hop.Attempts} attempts" : $" ({hop.Attempts} attempts)") : "";

    private static string? SameOrNew(string? received, string? sent) => received is null || received == sent ? sent : received;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) || response.Content.Headers.NonValidated.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

    private static FetchResult Failed(RedirectChain chain, string detail, int? httpStatus = null, bool networkFailure = false) => new()
    {
        Status = FetchStatus.Failed, HttpStatus = httpStatus, FinalUrl = chain.Final, Detail = detail, NetworkFailure = networkFailure,
    };

    private FetchResult Log(FetchResult result)
    {
        // Checked first: a warm check has thousands of 304s, and the message's arguments are boxed before the logger filters it.
        if (result.Status != FetchStatus.Ok && _logger.IsEnabled(LogLevel.Debug))
            _logger.LogDebug("Fetched {Url}: {Status} {Detail}", result.FinalUrl, result.Status, result.Detail);
        return result;
    }
}
