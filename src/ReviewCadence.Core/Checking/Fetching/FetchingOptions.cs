namespace ReviewCadence.Checking.Fetching;

/// <summary>
/// How the page fetcher paces retries and protects a run from dead hosts. The per-catalog limits
/// (timeout, retries, concurrency, size, user agent) come with each request in <see cref="FetchRequest.Settings"/>.
/// Each setting's allowed range is in <see cref="FetchingOptionsValidator"/>.
/// </summary>
internal sealed class FetchingOptions
{
    /// <summary>The first retry's delay; each further retry doubles it, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest wait before a retry. A host that asks (Retry-After) for a longer wait is not
    /// retried this run: the source fails with the status and the requested wait.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most time one source may take (its redirects, attempts and waits, not its queueing).</summary>
    public TimeSpan SourceBudget { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Consecutive failed attempts to one host before its circuit opens and its requests fail at once.</summary>
    public int BreakAfterFailures { get; set; } = 6;

    /// <summary>How long an open circuit stays open before one trial request is let through.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Redirects followed before giving up.</summary>
    public int MaxRedirects { get; set; } = 10;
}
