using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ReviewCadence.BrowserTests.Infrastructure;

/// <summary>
/// A real web site on <c>http://127.0.0.1:PORT</c> whose pages tests change between checks. GET answers the
/// page set for the path (404 otherwise), after its delay if one is set; POST is recorded and answered 200,
/// so the site also receives webhook reminders.
/// </summary>
public sealed class PageSite : IAsyncDisposable
{
    private WebApplication _app = null!;
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);

    private PageSite()
    {
    }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>path → HTML served for GET.</summary>
    public ConcurrentDictionary<string, string> Pages { get; } = new(StringComparer.Ordinal);

    /// <summary>path → how long GET waits before answering.</summary>
    public ConcurrentDictionary<string, TimeSpan> Delays { get; } = new(StringComparer.Ordinal);

    /// <summary>While true, every GET is cut off without an answer, as when the network is down.</summary>
    public bool Down { get; set; }

    /// <summary>Bodies POSTed to each path, in order.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<string>> Posts { get; } = new(StringComparer.Ordinal);

    public static async Task<PageSite> StartAsync()
    {
        var site = new PageSite();
        site._app = await LoopbackHost.StartAsync(site.ServeAsync);
        site.BaseUrl = LoopbackHost.BaseUrl(site._app);
        return site;
    }

    public Uri Url(string path) => new(BaseUrl, path);

    public int RequestCount(string path) => _requests.GetValueOrDefault(path);

    public IReadOnlyList<string> PostsTo(string path) => Posts.TryGetValue(path, out var bodies) ? [.. bodies] : [];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ServeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
        if (HttpMethods.IsPost(context.Request.Method))
        {
            using var reader = new StreamReader(context.Request.Body);
            Posts.GetOrAdd(path, _ => new ConcurrentQueue<string>()).Enqueue(await reader.ReadToEndAsync(context.RequestAborted));
            context.Response.StatusCode = 200;
            return;
        }
        if (Down)
        {
            context.Abort();
            return;
        }
        if (Delays.TryGetValue(path, out var delay))
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        if (!Pages.TryGetValue(path, out var html))
        {
            context.Response.StatusCode = 404;
            return;
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html, context.RequestAborted);
    }
}
