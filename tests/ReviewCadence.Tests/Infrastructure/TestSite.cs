using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using ReviewCadence.Checking.Fetching;

namespace ReviewCadence.Tests.Infrastructure;

/// <summary>
/// A real web site on <c>http://127.0.0.1:PORT</c> whose paths tests program and re-program:
/// pages (with real conditional-request handling), status codes, redirects, sequences of
/// responses, delays, dropped connections, huge streamed bodies, gzip. It counts what it served.
/// Unknown paths answer 404.
/// </summary>
/// <example><code>
/// await using var site = await TestSite.StartAsync();
/// site.Page("/docs/a", "&lt;h1&gt;A&lt;/h1&gt;", etag: "\"v1\"");
/// site.Sequence("/flaky", TestResponse.WithStatus(500), TestResponse.Html("ok"));
/// var result = await fetcher.FetchAsync(new FetchRequest(site.Url("/docs/a"), settings), ct);
/// Assert.Equal(1, site.RequestCount("/docs/a"));
/// </code></example>
public sealed class TestSite : IAsyncDisposable
{
    private WebApplication _app = null!;
    private readonly ConcurrentDictionary<string, Route> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PathCounters> _counters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, InFlight> _inFlightByHost = new(StringComparer.OrdinalIgnoreCase);
    private readonly InFlight _inFlight = new();

    private TestSite()
    {
    }

    /// <summary><c>http://127.0.0.1:PORT/</c></summary>
    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<TestSite> StartAsync()
    {
        var site = new TestSite();
        site._app = await LoopbackHost.StartAsync(site.ServeAsync);
        site.BaseUrl = LoopbackHost.BaseUrl(site._app);
        return site;
    }

    /// <summary>An address on loopback where nothing listens (connection refused).</summary>
    public static Uri UnusedPortUrl(string path = "/") => new($"http://127.0.0.1:{FreeTcpPort.Find()}{path}");

    /// <summary>The absolute URL of a path (query allowed) on this site; <paramref name="host"/> may be "localhost".</summary>
    public Uri Url(string path, string host = "127.0.0.1") => new($"http://{host}:{BaseUrl.Port}{path}");

    /// <summary>A 200 page; with an ETag or Last-Modified it answers matching conditional requests with 304.</summary>
    public TestSite Page(string path, string content, string? contentType = "text/html; charset=utf-8", string? etag = null, DateTimeOffset? lastModified = null) =>
        Respond(path, new TestResponse { Body = content, ContentType = contentType, ETag = etag, LastModified = lastModified });

    /// <summary>A bare status (with an optional Retry-After value: seconds or an HTTP date).</summary>
    public TestSite Status(string path, int status, string? retryAfter = null) =>
        Respond(path, TestResponse.WithStatus(status, retryAfter));

    /// <summary>A redirect; <paramref name="location"/> may be relative ("/new") or absolute.</summary>
    public TestSite Redirect(string path, string location, int status = 301) =>
        Respond(path, TestResponse.RedirectTo(location, status));

    /// <summary>Answers requests in turn with these responses; the last one repeats.</summary>
    public TestSite Sequence(string path, params TestResponse[] responses)
    {
        ArgumentOutOfRangeException.ThrowIfZero(responses.Length);
        _routes[path] = new Route(responses);
        return this;
    }

    /// <summary>Any single behaviour (delays, drops, large or gzip bodies, headers): see <see cref="TestResponse"/>.</summary>
    public TestSite Respond(string path, TestResponse response) => Sequence(path, response);

    /// <summary>Requests received for the path (any method, any host name).</summary>
    public int RequestCount(string path) => Counters(path).Requests;

    /// <summary>2xx responses whose body was sent completely.</summary>
    public int FullResponseCount(string path) => Counters(path).FullResponses;

    /// <summary>304 answers to conditional requests.</summary>
    public int NotModifiedCount(string path) => Counters(path).NotModified;

    /// <summary>
    /// Body bytes the client accepted for the path, including bodies cut short (gzip bodies: bytes
    /// before compression). Bytes a client left unread may still sit in socket buffers (a few MB).
    /// </summary>
    public long BytesServed(string path) => Interlocked.Read(ref Counters(path).Bytes);

    /// <summary>The headers of the last request for the path (empty when none came).</summary>
    public IReadOnlyDictionary<string, string> LastRequestHeaders(string path) => Counters(path).LastHeaders;

    /// <summary>
    /// The most requests this site was handling at once, for one host name ("127.0.0.1",
    /// "localhost") or overall. A request counts from arrival until its body starts, so the
    /// client has it in flight for at least that long.
    /// </summary>
    public int MaxConcurrentRequests(string? host = null) =>
        host is null ? _inFlight.Max : _inFlightByHost.TryGetValue(host, out var counter) ? counter.Max : 0;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private PathCounters Counters(string path) => _counters.GetOrAdd(path, _ => new PathCounters());

    private async Task ServeAsync(HttpContext context)
    {
        var path = context.Request.Path.HasValue ? context.Request.Path.Value! : "/";
        var counters = Counters(path);
        Interlocked.Increment(ref counters.RequestCount);
        counters.LastHeaders = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);

        var response = _routes.TryGetValue(path, out var route) ? route.Next() : TestResponse.WithStatus(404) with { Body = "Not Found", ContentType = "text/plain" };
        using (_inFlight.Enter())
        using (_inFlightByHost.GetOrAdd(context.Request.Host.Host, _ => new InFlight()).Enter())
        {
            if (response.Delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(response.Delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            WriteHeaders(context, response);
            if (IsNotModified(context.Request, response))
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                Interlocked.Increment(ref counters.NotModifiedCount);
                return;
            }
        }

        try
        {
            if (await WriteBodyAsync(context, response, counters) && response.Status is >= 200 and < 300)
                Interlocked.Increment(ref counters.FullResponseCount);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ConnectionResetException)
        {
            // The client went away mid-body (a size cap, a timeout): nothing to do.
        }
    }

    private static void WriteHeaders(HttpContext context, TestResponse response)
    {
        var headers = context.Response.Headers;
        context.Response.StatusCode = response.Status;
        if (response.Location is not null)
            headers.Location = response.Location;
        if (response.RetryAfter is not null)
            headers.RetryAfter = response.RetryAfter;
        if (response.ETag is not null)
            headers.ETag = response.ETag;
        if (response.LastModified is { } lastModified)
            headers.LastModified = lastModified.ToString("R");
        foreach (var (name, value) in response.Headers)
            headers[name] = value;
    }

    private static bool IsNotModified(HttpRequest request, TestResponse response)
    {
        if (response.Status != 200)
            return false;
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Length > 0)
            return response.ETag is not null && ifNoneMatch.Split(',').Select(t => t.Trim()).Any(t => t == "*" || t == response.ETag);
        return response.LastModified is { } lastModified
            && DateTimeOffset.TryParse(request.Headers.IfModifiedSince.ToString(), out var since)
            && lastModified.ToUnixTimeSeconds() <= since.ToUnixTimeSeconds();
    }

    /// <summary>Returns true when the whole body was written.</summary>
    private static async Task<bool> WriteBodyAsync(HttpContext context, TestResponse response, PathCounters counters)
    {
        var aborted = context.RequestAborted;
        if (response.GeneratedBytes is { } total)
        {
            if (response.ContentType is not null)
                context.Response.ContentType = response.ContentType;
            if (response.Gzip)
                context.Response.Headers.ContentEncoding = "gzip";
            else if (response.AnnounceLength)
                context.Response.ContentLength = total;
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'a');
            if (response.Gzip)
            {
                await using var gzip = new GZipStream(context.Response.Body, CompressionLevel.Fastest, leaveOpen: true);
                for (long sent = 0; sent < total && !aborted.IsCancellationRequested; sent += chunk.Length)
                {
                    var count = (int)Math.Min(chunk.Length, total - sent);
                    await gzip.WriteAsync(chunk.AsMemory(0, count), aborted);
                    Interlocked.Add(ref counters.Bytes, count);
                    if ((sent + count) % (1024 * 1024) == 0)
                        await Task.Delay(5, aborted);
                }
                return !aborted.IsCancellationRequested;
            }
            for (long sent = 0; sent < total && !aborted.IsCancellationRequested; sent += chunk.Length)
            {
                var count = (int)Math.Min(chunk.Length, total - sent);
                var flushed = await context.Response.BodyWriter.WriteAsync(chunk.AsMemory(0, count), aborted);
                if (flushed.IsCompleted || flushed.IsCanceled)
                    return false;
                Interlocked.Add(ref counters.Bytes, count);
                // Kestrel accepts (and drops) writes for a while after the client has gone, until it
                // signals RequestAborted; a pause per megabyte lets that signal arrive, so the count
                // stays close to what the client took.
                if ((sent + count) % (1024 * 1024) == 0)
                    await Task.Delay(5, aborted);
            }
            return !aborted.IsCancellationRequested;
        }

        if (response.Body is null)
            return true;
        var bytes = Encoding.UTF8.GetBytes(response.Body);
        var wire = bytes;
        if (response.Gzip)
        {
            using var compressed = new MemoryStream();
            await using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal))
                gzip.Write(bytes);
            wire = compressed.ToArray();
            context.Response.Headers.ContentEncoding = "gzip";
        }
        if (response.ContentType is not null)
            context.Response.ContentType = response.ContentType;
        context.Response.ContentLength = wire.Length;

        if (response.DropAfterBytes is { } dropAt)
        {
            var partial = Math.Min(dropAt, wire.Length - 1);
            await context.Response.Body.WriteAsync(wire.AsMemory(0, partial), aborted);
            await context.Response.Body.FlushAsync(aborted);
            Interlocked.Add(ref counters.Bytes, partial);
            // Let the headers and the first bytes reach the client, so the drop happens mid-body.
            await Task.Delay(50, aborted);
            context.Abort();
            return false;
        }
        await context.Response.Body.WriteAsync(wire, aborted);
        Interlocked.Add(ref counters.Bytes, bytes.Length);
        return true;
    }

    private sealed class Route(TestResponse[] responses)
    {
        private int _served;

        public TestResponse Next() => responses[Math.Min(Interlocked.Increment(ref _served) - 1, responses.Length - 1)];
    }

    private sealed class PathCounters
    {
        public int RequestCount;
        public int FullResponseCount;
        public int NotModifiedCount;
        public long Bytes;
        public volatile IReadOnlyDictionary<string, string> LastHeaders = new Dictionary<string, string>();

        public int Requests => Volatile.Read(ref RequestCount);
        public int FullResponses => Volatile.Read(ref FullResponseCount);
        public int NotModified => Volatile.Read(ref NotModifiedCount);
    }

    private sealed class InFlight
    {
        private int _current;
        private int _max;

        public int Max => Volatile.Read(ref _max);

        public IDisposable Enter()
        {
            var now = Interlocked.Increment(ref _current);
            int seen;
            while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen)
            {
            }
            return new Exit(this);
        }

        private sealed class Exit(InFlight owner) : IDisposable
        {
            public void Dispose() => Interlocked.Decrement(ref owner._current);
        }
    }
}

/// <summary>One programmed answer of a <see cref="TestSite"/> path.</summary>
public sealed record TestResponse
{
    public int Status { get; init; } = 200;
    public string? Body { get; init; }
    public string? ContentType { get; init; } = "text/html; charset=utf-8";
    public string? ETag { get; init; }
    public DateTimeOffset? LastModified { get; init; }
    public string? Location { get; init; }
    /// <summary>The raw Retry-After value: "2" or an HTTP date.</summary>
    public string? RetryAfter { get; init; }
    /// <summary>Waits this long before answering (abandoned if the client goes away).</summary>
    public TimeSpan Delay { get; init; }
    /// <summary>Sends the body gzip-encoded (Content-Encoding: gzip).</summary>
    public bool Gzip { get; init; }
    /// <summary>Streams this many generated bytes instead of <see cref="Body"/>, never holding them in memory.</summary>
    public long? GeneratedBytes { get; init; }
    /// <summary>With <see cref="GeneratedBytes"/>: announce Content-Length (otherwise chunked).</summary>
    public bool AnnounceLength { get; init; }
    /// <summary>Announces the full length, writes this many body bytes, then drops the connection.</summary>
    public int? DropAfterBytes { get; init; }
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public static TestResponse Html(string html) => new() { Body = html };

    public static TestResponse WithStatus(int status, string? retryAfter = null) =>
        new() { Status = status, RetryAfter = retryAfter, Body = $"status {status}", ContentType = "text/plain" };

    public static TestResponse RedirectTo(string location, int status = 301) =>
        new() { Status = status, Location = location, ContentType = null };
}
