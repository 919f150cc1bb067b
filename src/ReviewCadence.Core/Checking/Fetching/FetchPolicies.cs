using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using ReviewCadence.Networking;

namespace ReviewCadence.Checking.Fetching;

/// <summary>
/// The resilience pipeline of one request: retries of transient failures with backoff, jitter and
/// Retry-After (outermost), the host's circuit breaker, then the per-attempt timeout. Retries and
/// timeout follow the request's catalog settings; the breakers live here, one per host and port,
/// so they outlast a request and span all sources on that host.
/// </summary>
internal sealed class FetchPolicies(IOptions<FetchingOptions> options, TimeProvider time)
{
    private readonly FetchingOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, AsyncCircuitBreakerPolicy<HttpResponseMessage>> _breakers = new(StringComparer.OrdinalIgnoreCase);

    // Polly policies are stateless apart from the breakers, and thread-safe: one pipeline per catalog limits and host
    // serves every request with them, instead of three policies and a wrap built for each of a check's requests.
    // Keyed by a class, not a tuple, for the precompiled code of reference-type keys (see HostGates).
    private readonly ConcurrentDictionary<PipelineKey, IAsyncPolicy<HttpResponseMessage>> _pipelines = new();

    public IAsyncPolicy<HttpResponseMessage> For(HttpRequestMessage request)
    {
        var settings = FetchHop.Of(request).Settings;
        return _pipelines.GetOrAdd(new PipelineKey(Math.Max(0, settings.Retries), Math.Max(1, settings.TimeoutSeconds), request.RequestUri!.Authority), Create);
    }

    private IAsyncPolicy<HttpResponseMessage> Create(PipelineKey key)
    {
        var retry = Policy<HttpResponseMessage>
            .Handle<Exception>(TransientFailure.IsTransient)
            .OrResult(response => TransientFailure.IsTransient(response) && !AsksForTooLongAWait(response))
            .WaitAndRetryAsync(
                key.Retries,
                (retry, outcome, _) => DelayBeforeRetry(retry, outcome.Result),
                (outcome, _, _, _) =>
                {
                    // Nobody reads a response that is retried; free its connection now.
                    outcome.Result?.Dispose();
                    return Task.CompletedTask;
                });
        var timeout = Policy.TimeoutAsync<HttpResponseMessage>(TimeSpan.FromSeconds(key.TimeoutSeconds));
        return Policy.WrapAsync(retry, BreakerFor(key.Authority), timeout);
    }

    /// <summary>True when the response names a wait longer than <see cref="FetchingOptions.MaxRetryDelay"/>.</summary>
    public bool AsksForTooLongAWait(HttpResponseMessage response) =>
        RetryAfter.Delay(response.Headers.RetryAfter, time.GetUtcNow()) > _options.MaxRetryDelay;

    private TimeSpan DelayBeforeRetry(int retry, HttpResponseMessage? response)
    {
        if (response is not null && RetryAfter.Delay(response.Headers.RetryAfter, time.GetUtcNow()) is { } asked)
            return asked;
        // Exponential backoff with "equal jitter": half the step fixed, half random, so many sources
        // failing together do not retry in lockstep.
        var step = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, retry - 1);
        var delay = TimeSpan.FromMilliseconds(step / 2 + Random.Shared.NextDouble() * step / 2);
        return delay < _options.MaxRetryDelay ? delay : _options.MaxRetryDelay;
    }

    private sealed record PipelineKey(int Retries, int TimeoutSeconds, string Authority);

    private AsyncCircuitBreakerPolicy<HttpResponseMessage> BreakerFor(string authority) =>
        _breakers.GetOrAdd(authority, _ => Policy<HttpResponseMessage>
            .Handle<Exception>(TransientFailure.IsTransient)
            .OrResult(TransientFailure.IsTransient)
            .CircuitBreakerAsync(_options.BreakAfterFailures, _options.BreakDuration));
}

/// <summary>What is worth trying again: network faults, timeouts, 408, 429 and 5xx.</summary>
internal static class TransientFailure
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        TimeoutRejectedException => true,
        // A refused private address and a failed TLS handshake (bad certificate) will not fix themselves in seconds.
        HttpRequestException http => !NetworkGuard.IsRefusal(http) && http.HttpRequestError != HttpRequestError.SecureConnectionError,
        _ => false,
    };

    public static bool IsTransient(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
}

/// <summary>Reads a <c>Retry-After</c> header (seconds or an HTTP date).</summary>
internal static class RetryAfter
{
    public static TimeSpan? Delay(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header?.Delta is { } delta)
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
            return date > now ? date - now : TimeSpan.Zero;
        return null;
    }
}
