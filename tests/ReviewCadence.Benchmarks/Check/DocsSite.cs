using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ReviewCadence.Benchmarks.Check;

/// <summary>
/// The benchmark's documentation site on <c>http://127.0.0.1:PORT</c>: <see cref="DocsPages"/> at
/// <c>/docs/guides/page-NNNNN</c>, with ETag/Last-Modified and real conditional answers (304) when
/// validators are on, and none when they are off. It counts requests, 304s and body bytes sent.
/// Runs in the parent benchmark process, so its CPU and memory are not the checker's.
/// Control routes (the child process drives the phases): <c>POST /_bench/validators/{on|off}</c>,
/// <c>POST /_bench/change?percent=5&amp;round=1</c>, <c>GET /_bench/stats</c>.
/// </summary>
internal sealed class DocsSite : IAsyncDisposable
{
    private static readonly DateTimeOffset FirstModified = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private WebApplication _app = null!;
    private readonly DocsPages _pages;
    private readonly int[] _revisions;
    private volatile bool _validators = true;
    private long _requests, _notModified, _fullResponses, _bytes;

    private DocsSite(DocsPages pages, int pageCount)
    {
        _pages = pages;
        _revisions = new int[pageCount];
    }

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<DocsSite> StartAsync(int pageCount, int seed, PageShape? shape = null)
    {
        var site = new DocsSite(new DocsPages(seed, shape ?? PageShape.Large), pageCount);
        site._app = await LoopbackHost.StartAsync(site.ServeAsync, kestrel => kestrel.Limits.MaxConcurrentConnections = null);
        site.BaseUrl = LoopbackHost.BaseUrl(site._app);
        return site;
    }

    public Uri PageUrl(int page) => new(BaseUrl, DocsPages.PathOf(page));

    /// <summary>The ETag the page has now (what a client that holds its current version sends back).</summary>
    public string ETagOf(int page) => $"\"p{page}-r{Volatile.Read(ref _revisions[page])}\"";

    /// <summary>What the site served so far, and the CPU time its process (the benchmark's parent) has used.</summary>
    public SiteStats Stats()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return new(Interlocked.Read(ref _requests), Interlocked.Read(ref _fullResponses), Interlocked.Read(ref _notModified),
            Interlocked.Read(ref _bytes), self.TotalProcessorTime.TotalSeconds);
    }

    public void SetValidators(bool on) => _validators = on;

    /// <summary>Edits the content of <paramref name="percent"/> % of the pages (a different set each round).</summary>
    public int Change(int percent, int round)
    {
        var random = new Random(unchecked((percent * 1_000_003 + round) * 1_000_003 + _revisions.Length));
        var changed = 0;
        foreach (var page in Enumerable.Range(0, _revisions.Length).OrderBy(_ => random.Next()).Take(_revisions.Length * percent / 100))
        {
            Interlocked.Increment(ref _revisions[page]);
            changed++;
        }
        return changed;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ServeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.StartsWith("/_bench/", StringComparison.Ordinal))
        {
            await ControlAsync(context, path);
            return;
        }
        if (!DocsPages.TryParsePath(path, out var page) || page >= _revisions.Length)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        Interlocked.Increment(ref _requests);
        var revision = Volatile.Read(ref _revisions[page]);
        var response = context.Response;
        if (_validators)
        {
            var etag = $"\"p{page}-r{revision}\"";
            var lastModified = FirstModified.AddDays(revision);
            response.Headers.ETag = etag;
            response.Headers.LastModified = lastModified.ToString("R", CultureInfo.InvariantCulture);
            if (IsNotModified(context.Request, etag, lastModified))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                Interlocked.Increment(ref _notModified);
                return;
            }
        }

        var parts = _pages.Render(page, revision).ToList();
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = parts.Sum(p => (long)p.Length);
        foreach (var part in parts)
            await response.Body.WriteAsync(part, context.RequestAborted);
        Interlocked.Add(ref _bytes, response.ContentLength.Value);
        Interlocked.Increment(ref _fullResponses);
    }

    private static bool IsNotModified(HttpRequest request, string etag, DateTimeOffset lastModified)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Length > 0)
            return ifNoneMatch.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*");
        return DateTimeOffset.TryParse(request.Headers.IfModifiedSince.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since)
            && lastModified.ToUnixTimeSeconds() <= since.ToUnixTimeSeconds();
    }

    private async Task ControlAsync(HttpContext context, string path)
    {
        switch (path)
        {
            case "/_bench/validators/on":
                SetValidators(true);
                break;
            case "/_bench/validators/off":
                SetValidators(false);
                break;
            case "/_bench/change":
                var changed = Change(int.Parse(context.Request.Query["percent"]!, CultureInfo.InvariantCulture),
                    int.Parse(context.Request.Query["round"]!, CultureInfo.InvariantCulture));
                await context.Response.WriteAsJsonAsync(new { changed });
                return;
            case "/_bench/stats":
                await context.Response.WriteAsync(JsonSerializer.Serialize(Stats()));
                return;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
        }
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }
}

/// <summary>What the site served: page requests, full 200 answers, 304 answers, body bytes; and the CPU time of its process.</summary>
internal sealed record SiteStats(long Requests, long FullResponses, long NotModified, long Bytes, double CpuSeconds)
{
    public SiteStats Since(SiteStats before) =>
        new(Requests - before.Requests, FullResponses - before.FullResponses, NotModified - before.NotModified, Bytes - before.Bytes,
            CpuSeconds - before.CpuSeconds);
}
