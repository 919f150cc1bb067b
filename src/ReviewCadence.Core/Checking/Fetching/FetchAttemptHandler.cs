using System.Net;
using System.Net.Http.Headers;
using ReviewCadence.Catalog;

namespace ReviewCadence.Checking.Fetching;

/// <summary>
/// The innermost handler of the fetch clients, so it runs once per attempt under the attempt's
/// timeout: counts attempts, tells the host's gate about Retry-After, and reads a success body as a
/// stream with the size cap, so a body dropped half-way is a transient failure the retry policy sees.
/// </summary>
internal sealed class FetchAttemptHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var hop = FetchHop.Of(request);
        hop.CountAttempt();
        var response = await base.SendAsync(request, cancellationToken);
        hop.Observe(response);
        if (!response.IsSuccessStatusCode)
            return response;
        try
        {
            response.Content = await ReadCappedAsync(response.Content, hop.Settings.MaxPageBytes, cancellationToken);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static async Task<BufferedBody> ReadCappedAsync(HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        if (declared > maxBytes)
            throw new PageTooLargeException(maxBytes);

        PageBody page;
        try
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken);
            page = await PageBody.ReadAsync(stream, declared, maxBytes, cancellationToken);
        }
        catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "The connection closed while the body was read.", ex);
        }

        var body = new BufferedBody(page);
        foreach (var header in content.Headers.NonValidated)
        {
            if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                body.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        content.Dispose();
        return body;
    }
}

/// <summary>
/// A success body already read (within the cap). It owns the page's pooled buffer until the fetcher takes it;
/// a response disposed before that (a soft 404, a failure) gives the buffer back.
/// </summary>
internal sealed class BufferedBody(PageBody page) : HttpContent
{
    private PageBody? _page = page;

    private PageBody Page => Volatile.Read(ref _page) ?? throw new InvalidOperationException("the body was already taken");

    public ReadOnlySpan<byte> Span => Page.Span;

    /// <summary>Hands the body over: the caller now owns (and disposes) it.</summary>
    public PageBody Take() => Interlocked.Exchange(ref _page, null) ?? throw new InvalidOperationException("the body was already taken");

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(Page.Memory).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = Volatile.Read(ref _page)?.Length ?? 0;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            Interlocked.Exchange(ref _page, null)?.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>The body passed <see cref="CatalogSettings.MaxPageBytes"/>; not transient.</summary>
internal sealed class PageTooLargeException(long maxBytes) : Exception($"larger than {maxBytes} bytes");

/// <summary>
/// One request of a redirect chain, attached to its <see cref="HttpRequestMessage"/> so the policy
/// selector and the attempt handler see the catalog settings and report back what happened.
/// </summary>
internal sealed class FetchHop(CatalogSettings settings, Action<RetryConditionHeaderValue?> hostAskedToSlowDown)
{
    private static readonly HttpRequestOptionsKey<FetchHop> Key = new("ReviewCadence.FetchHop");
    private int _attempts;
    private int _lastStatus;

    public CatalogSettings Settings { get; } = settings;
    public int Attempts => Volatile.Read(ref _attempts);
    /// <summary>The status of the last response any attempt got, if one did.</summary>
    public int? LastStatus => Volatile.Read(ref _lastStatus) is var status and > 0 ? status : null;

    public void AttachTo(HttpRequestMessage request) => request.Options.Set(Key, this);

    public static FetchHop Of(HttpRequestMessage request) =>
        request.Options.TryGetValue(Key, out var hop)
            ? hop
            : throw new InvalidOperationException("The page-fetch HTTP clients serve HttpPageFetcher only; the request carries no FetchHop.");

    public void CountAttempt() => Interlocked.Increment(ref _attempts);

    public void Observe(HttpResponseMessage response)
    {
        Volatile.Write(ref _lastStatus, (int)response.StatusCode);
        if (response.StatusCode == HttpStatusCode.TooManyRequests
            || (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null))
            hostAskedToSlowDown(response.Headers.RetryAfter);
    }
}
