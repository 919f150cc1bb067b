using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using ReviewCadence.Catalog;

namespace ReviewCadence.Checking.Fetching;

/// <summary>
/// Politeness shared by every fetch of one fetcher: at most <see cref="CatalogSettings.PerHostConcurrency"/>
/// requests in flight per host, <see cref="CatalogSettings.MaxConcurrency"/> overall, and a host that
/// answered 429 (or 503 with Retry-After) gets no new request until the wait it asked for has passed.
/// </summary>
internal sealed class HostGates(IOptions<FetchingOptions> options, TimeProvider time)
{
    // Keyed by limit too: a catalog reloaded with other limits gets gates of its own size. The key is a class, not a
    // tuple: a dictionary keyed by a value type runs code the published CLI's precompiled code cannot hold (JIT-compiled
    // in every check), while one keyed by a class shares the precompiled code of all reference types.
    private readonly ConcurrentDictionary<GateKey, SemaphoreSlim> _hosts = new();
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _overall = new();
    // Monotonic timestamps, not wall-clock instants: a pause is a duration, and "now" may be fixed (--now) or
    // jump, which must neither stall nor skip it.
    private readonly ConcurrentDictionary<string, long> _notBefore = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Waits for a slot on the host (and for its requested pause), then for one overall.</summary>
    public async Task<IDisposable> EnterAsync(Uri url, CatalogSettings settings, CancellationToken cancellationToken)
    {
        var host = url.IdnHost;
        var hostGate = _hosts.GetOrAdd(new GateKey(host.ToLowerInvariant(), Math.Max(1, settings.PerHostConcurrency)), static key => new SemaphoreSlim(key.Limit));
        await hostGate.WaitAsync(cancellationToken);
        try
        {
            while (_notBefore.TryGetValue(host, out var notBefore) && time.GetElapsedTime(time.GetTimestamp(), notBefore) is { Ticks: > 0 } wait)
                await Task.Delay(wait, time, cancellationToken);
            var overall = _overall.GetOrAdd(Math.Max(1, settings.MaxConcurrency), limit => new SemaphoreSlim(limit));
            await overall.WaitAsync(cancellationToken);
            return new Lease(hostGate, overall);
        }
        catch
        {
            hostGate.Release();
            throw;
        }
    }

    /// <summary>Holds new requests to the host back for the wait it asked for (or one base delay), capped.</summary>
    public void SlowDown(Uri url, RetryConditionHeaderValue? retryAfter)
    {
        var wait = RetryAfter.Delay(retryAfter, time.GetUtcNow()) ?? options.Value.RetryBaseDelay;
        if (wait > options.Value.MaxRetryDelay)
            wait = options.Value.MaxRetryDelay;
        var until = time.GetTimestamp() + (long)(wait.TotalSeconds * time.TimestampFrequency);
        _notBefore.AddOrUpdate(url.IdnHost, until, (_, current) => current > until ? current : until);
    }

    private sealed record GateKey(string Host, int Limit);

    private sealed class Lease(SemaphoreSlim host, SemaphoreSlim overall) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1)
                return;
            overall.Release();
            host.Release();
        }
    }
}
