using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ReviewCadence.Catalog;
using ReviewCadence.Checking;
using ReviewCadence.Checking.Fetching;
using ReviewCadence.Checking.Rendering;
using ReviewCadence.Extraction;
using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Tests.Fetching;

/// <summary>
/// <c>render: browser</c> with Debian's real Chromium against a loopback site whose content a script writes: the
/// rendered DOM is what gets extracted, and every request the page makes passes the same guard, gates and caps.
/// </summary>
public sealed class BrowserPageFetcherTests : FetchTestBase
{
    /// <summary>Where Chromium is; Debian's package by default (tests never download a browser).</summary>
    internal static string Chromium =>
        Environment.GetEnvironmentVariable("REVIEWCADENCE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static CatalogSettings Browser(CatalogSettings settings) =>
        File.Exists(Chromium)
            ? settings with { Browser = new BrowserSettings { ExecutablePath = Chromium } }
            : throw new InvalidOperationException($"Chromium is not at {Chromium}: install it (apt-get install -y chromium) or set REVIEWCADENCE_CHROMIUM");

    private static readonly CatalogSettings Rendering = Browser(Loopback with { TimeoutSeconds = 15, Retries = 0 });

    internal const string Shell = """
        <!doctype html><html><head><title>Status board</title></head>
        <body><div id="root"></div><noscript>You need to enable JavaScript to run this app.</noscript>
        <script src="/app.js"></script></body></html>
        """;

    /// <summary>Writes the page from <c>/api/status</c>, the way single-page apps do.</summary>
    internal const string AppScript = """
        fetch('/api/status').then(r => r.json()).then(d => {
          document.getElementById('root').innerHTML =
            '<main><h1>Status board</h1><h2>Regions</h2><p>' + d.text + '</p></main>';
        });
        """;

    internal static string Status(string port) =>
        $$"""{"text": "The eu-west region serves traffic on port {{port}} with TLS 1.3 only; every other region follows it within a day."}""";

    private void ServeApp(string port = "8443")
    {
        Site.Page("/app", Shell);
        Site.Page("/app.js", AppScript, "text/javascript");
        Site.Page("/api/status", Status(port), "application/json");
    }

    /// <summary>A safety net for renders: Chromium's cold start on a loaded machine is part of each test's first page.</summary>
    private CancellationToken RenderTimeout { get; } = new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    private Task<FetchResult> RenderAsync(string path, CatalogSettings? settings = null) =>
        Fetcher.FetchAsync(new FetchRequest(Site.Url(path), settings ?? Rendering, Render: SourceRender.Browser), RenderTimeout);

    private static ExtractedContent Extract(FetchResult result)
    {
        using var body = result.Body!;
        return new ContentExtractor().Extract(body.Memory, result.ContentType, result.FinalUrl, ExtractionRules.None);
    }

    [Fact]
    public async Task The_dom_a_script_writes_is_the_content()
    {
        ServeApp();

        var result = await RenderAsync("/app");

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.True(result.RenderedInBrowser);
        var content = Extract(result);
        Assert.False(content.Thin, content.Text);
        Assert.Equal("# Status board\n## Regions\nThe eu-west region serves traffic on port 8443 with TLS 1.3 only; every other region follows it within a day.", content.Text);
        // The document was fetched once, by the HTTP fetcher, and answered to the browser from that body.
        Assert.Equal(1, Site.RequestCount("/app"));
        Assert.Equal(CatalogSettings.DefaultUserAgent, Site.LastRequestHeaders("/api/status")["User-Agent"]);
    }

    [Fact]
    public async Task Without_a_browser_the_same_page_is_an_empty_shell_that_says_it_needs_one()
    {
        ServeApp();

        var plain = await Fetcher.FetchAsync(new FetchRequest(Site.Url("/app"), Loopback), Timeout);
        var content = Extract(plain);

        Assert.False(plain.RenderedInBrowser);
        Assert.True(content.Thin);
        Assert.True(content.NeedsBrowser);
        var verdict = SourceClassifier.Classify(null, plain, content, Loopback);
        Assert.Contains("render: browser", verdict.Detail);
        Assert.Equal(0, Site.RequestCount("/api/status"));
    }

    [Fact]
    public async Task Redirects_are_followed_and_a_move_reported_before_rendering()
    {
        ServeApp();
        Site.Redirect("/old-app", "/app", 301);

        var result = await RenderAsync("/old-app");

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Equal(Site.Url("/app"), result.MovedTo);
        Assert.Contains("port 8443", Extract(result).Text);
    }

    [Fact]
    public async Task A_404_is_broken_without_starting_a_render()
    {
        var result = await RenderAsync("/missing");

        Assert.Equal(FetchStatus.NotFound, result.Status);
        Assert.False(result.RenderedInBrowser);
    }

    [Fact]
    public async Task A_network_that_never_goes_idle_is_waited_for_no_longer_than_the_timeout()
    {
        Site.Page("/live", Shell.Replace("/app.js", "/live.js"));
        Site.Page("/live.js", AppScript + "\nsetInterval(() => fetch('/poll').catch(() => {}), 200);", "text/javascript");
        Site.Page("/api/status", Status("8443"), "application/json");
        // Each poll hangs far longer than the render may take: waiting for any of them would show.
        Site.Respond("/poll", new TestResponse { Body = "{}", ContentType = "application/json", Delay = TimeSpan.FromMinutes(3) });

        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = await RenderAsync("/live", Rendering with { TimeoutSeconds = 3 });

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Contains("port 8443", Extract(result).Text);
        // Generous for a loaded machine (Chromium starts within this too); far below one poll's 3 minutes.
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(90), $"took {started.Elapsed}");
    }

    [Fact]
    public async Task A_rendered_page_over_the_size_cap_fails_the_source()
    {
        Site.Page("/huge", Shell.Replace("/app.js", "/huge.js"));
        Site.Page("/huge.js", "document.getElementById('root').textContent = 'x'.repeat(300000);", "text/javascript");

        var result = await RenderAsync("/huge", Rendering with { MaxPageBytes = 100_000 });

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Contains("larger than 100000 bytes", result.Detail);
    }

    [Fact]
    public async Task The_pages_requests_share_the_hosts_politeness_gate()
    {
        Site.Page("/fanout", Shell.Replace("/app.js", "/fanout.js"));
        Site.Page("/fanout.js", """
            Promise.all([1,2,3,4,5,6].map(i => fetch('/slow?' + i).then(r => r.text())))
              .then(parts => { document.getElementById('root').innerHTML = '<main><h1>Parts</h1><p>' + parts.join(' ') + '</p></main>'; });
            """, "text/javascript");
        Site.Respond("/slow", new TestResponse { Body = "Every part of this answer arrived through the gate, one request at a time.", ContentType = "text/plain", Delay = TimeSpan.FromMilliseconds(150) });

        var result = await RenderAsync("/fanout", Rendering with { PerHostConcurrency = 1 });

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Contains("arrived through the gate", Extract(result).Text);
        Assert.Equal(1, Site.MaxConcurrentRequests());
    }

    [Fact]
    public async Task Requests_the_page_makes_to_private_addresses_are_refused_by_the_network_guard()
    {
        // The document stands in for a public page (fetched by the HTTP fetcher, a seam here); its script then tries
        // to read a loopback address, which the guarded client refuses: the request never reaches the site.
        Site.Page("/secret", "internal admin page");
        var page = $$"""
            <!doctype html><html><head><title>Public page</title></head><body><div id="root"></div>
            <script>
              fetch('{{Site.Url("/secret")}}').then(r => r.text()).then(t => show('read: ' + t), () => show('the request was blocked'));
              function show(what) {
                document.getElementById('root').innerHTML = '<main><h1>Public page</h1><p>This public page tried to read an internal address, and ' + what + '.</p></main>';
              }
            </script></body></html>
            """;
        var provider = new ServiceCollection().AddPageFetching().BuildServiceProvider();
        await using var _ = provider;
        var fetcher = new BrowserPageFetcher(
            new FixedDocument(new Uri("https://public.example/page"), page),
            provider.GetRequiredService<ChromiumBrowsers>,
            provider.GetRequiredService<IHttpClientFactory>(),
            provider.GetRequiredService<HostGates>(),
            NullLogger<BrowserPageFetcher>.Instance);

        var result = await fetcher.FetchAsync(
            new FetchRequest(new Uri("https://public.example/page"), Rendering with { AllowPrivateNetworks = false }, Render: SourceRender.Browser), RenderTimeout);

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Contains("and the request was blocked.", Extract(result).Text);
        Assert.Equal(0, Site.RequestCount("/secret"));
        Assert.Contains("refused", result.Detail);
    }

    [Fact]
    public async Task A_browser_that_cannot_start_fails_the_source_and_names_the_setting()
    {
        ServeApp();

        var result = await RenderAsync("/app", Loopback with { Browser = new BrowserSettings { ExecutablePath = "/nonexistent/chromium" } });

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.False(result.NetworkFailure);
        Assert.Contains("settings.browser.executablePath /nonexistent/chromium does not exist", result.Detail);
    }

    /// <summary>The HTTP fetcher's part, for a document that must not come from loopback.</summary>
    private sealed class FixedDocument(Uri url, string html) : IPageFetcher
    {
        public Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken) => Task.FromResult(new FetchResult
        {
            Status = FetchStatus.Ok,
            HttpStatus = 200,
            FinalUrl = url,
            ContentType = "text/html; charset=utf-8",
            Body = PageBody.FromText(html),
        });
    }
}
