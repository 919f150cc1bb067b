using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReviewCadence.Cli.Serve;

namespace ReviewCadence.BrowserTests.Infrastructure;

/// <summary>
/// <c>reviewcadence serve</c> on loopback over a SQLite store, with a catalog whose sources are pages of a
/// <see cref="PageSite"/>: three runbooks (current, overdue, due-soon today), two owners with webhook channels
/// on the same site. Tests change the pages and drive the dashboard.
/// </summary>
public sealed class DashboardHost : IAsyncDisposable
{
    public const string PricingPath = "/docs/pricing";
    public const string HelpPath = "/docs/help";
    public const string AllocationPath = "/framework/allocation";
    public const string PlatformHookPath = "/hooks/platform";
    public const string FinopsHookPath = "/hooks/finops";

    private readonly string _dir;
    private readonly WebApplication _serve;

    private DashboardHost(string dir, PageSite site, WebApplication serve, Uri baseUrl, string? apiKey, int numbered)
    {
        RunbookCount = 3 + numbered;
        _dir = dir;
        Site = site;
        _serve = serve;
        BaseUrl = baseUrl;
        ApiKey = apiKey;
        Api = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            Api.DefaultRequestHeaders.Add(ServeApp.KeyHeader, apiKey);
        }
    }

    public PageSite Site { get; }

    /// <summary>serve's address, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUrl { get; }

    public string? ApiKey { get; }

    /// <summary>How many runbooks the catalog has: the three named ones and the numbered ones.</summary>
    public int RunbookCount { get; }

    /// <summary>A client of serve's API that sends the key (when there is one).</summary>
    public HttpClient Api { get; }

    /// <summary>serve's "now" (a fixed clock): statuses never depend on the day the tests run, and serve's
    /// timers never come due during a test.</summary>
    public static readonly FixedClock Clock = new();

    public static DateOnly Today => Clock.Today;

    /// <param name="apiKey">serve's API key; null serves the API without one (loopback only).</param>
    /// <param name="pricingTitle">The pricing source's catalog title.</param>
    /// <param name="numbered">
    /// Adds runbooks "Runbook 1" … "Runbook N" (ids <c>runbook-1</c> …, owner platform-cost-operator, reviewed yesterday), each
    /// citing its own source "Reference page I" (id <c>page-I</c>, served at <see cref="NumberedPath"/>), for natural order and bigger views.
    /// </param>
    /// <param name="budgetGateSources">The <c>sources</c> of runbook budget-gate, as catalog YAML (a flow sequence).</param>
    public static async Task<DashboardHost> StartAsync(string? apiKey = null, string pricingTitle = "Pricing documentation", int numbered = 0, string budgetGateSources = "[pricing, help]")
    {
        var dir = Directory.CreateTempSubdirectory("rc-dashboard-").FullName;
        var site = await PageSite.StartAsync();
        site.Pages[PricingPath] = Doc("Pricing", "Token-based billing applies to models with unified official pricing.", "Per-call billing applies to models without official APIs.");
        site.Pages[HelpPath] = Doc("Help center", "Contact support for abnormal charges.", "Maintenance notes are posted here.");
        site.Pages[AllocationPath] = Doc("Allocation", "Every cost line has a responsible owner.", "Shared costs are split by a documented rule.");

        for (var i = 1; i <= numbered; i++)
        {
            site.Pages[NumberedPath(i)] = Doc($"Reference page {i}", $"Step {i} of the procedure applies to every region.", "Escalate to the owner when it fails.");
        }
        var numberedSources = string.Concat(Enumerable.Range(1, numbered).Select(i => $"\n  - id: page-{i}\n    url: {site.Url(NumberedPath(i))}\n    title: Reference page {i}"));
        var numberedRunbooks = string.Concat(Enumerable.Range(1, numbered).Select(i =>
            $"\n  - id: runbook-{i}\n    title: Runbook {i}\n    owner: platform-cost-operator\n    cadenceDays: 30\n    lastReviewed: {Today.AddDays(-1):yyyy-MM-dd}\n    sources: [page-{i}]"));

        var catalogPath = Path.Combine(dir, "catalog.yaml");
        await File.WriteAllTextAsync(catalogPath, $"""
            settings:
              allowPrivateNetworks: true
              retries: 0
              timeoutSeconds: 10
            reminders:
              dueSoonDays: 7
              repeatEveryDays: 3
            sources:
              - id: pricing
                url: {site.Url(PricingPath)}
                title: {JsonSerializer.Serialize(pricingTitle)}
              - id: help
                url: {site.Url(HelpPath)}
              - id: allocation
                url: {site.Url(AllocationPath)}
                title: FinOps allocation{numberedSources}
            owners:
              - id: platform-cost-operator
                notify:
                  - {"{"} type: webhook, url: "{site.Url(PlatformHookPath)}" {"}"}
              - id: finops-budget-owner
                notify:
                  - {"{"} type: webhook, url: "{site.Url(FinopsHookPath)}" {"}"}
            runbooks:
              - id: budget-gate
                title: Token budget quality gate
                owner: platform-cost-operator
                cadenceDays: 30
                lastReviewed: {Today.AddDays(-3):yyyy-MM-dd}
                document: https://docs.example.com/runbooks/budget-gate.md
                sources: {budgetGateSources}
              - id: cost-handoff
                title: Cost allocation handoff
                owner: finops-budget-owner
                cadenceDays: 30
                lastReviewed: {Today.AddDays(-40):yyyy-MM-dd}
                document: "javascript:alert(document.domain)"
                sources: [allocation]
              - id: error-review
                title: CometAPI error cost review
                owner: platform-cost-operator
                cadenceDays: 30
                lastReviewed: {Today.AddDays(-26):yyyy-MM-dd}
                document: docs/runbooks/error-review.md
                sources: [help]{numberedRunbooks}
            """);

        var serve = ServeApp.Build(
            new ServeApp.ServeSettings(catalogPath, Path.Combine(dir, "state.db"), "http://127.0.0.1:0", apiKey),
            services => services
                .AddLogging(logging => logging.ClearProviders())
                .AddSingleton<TimeProvider>(Clock));
        await serve.StartAsync();
        return new DashboardHost(dir, site, serve, LoopbackHost.BaseUrl(serve), apiKey, numbered);
    }

    public static string NumberedPath(int i) => $"/reference/page-{i}";

    /// <summary>A documentation page: a title, a heading and two paragraphs amid page chrome. Text is used as given (HTML).</summary>
    public static string Doc(string heading, string first, string second) => $"""
        <!doctype html>
        <html><head><title>{heading}</title></head>
        <body>
          <nav><a href="/">Home</a> <a href="/docs">Docs</a></nav>
          <main><article><h1>{heading}</h1><p>{first}</p><p>{second}</p></article></main>
          <footer>Copyright Example</footer>
        </body></html>
        """;

    /// <summary>Runs a check through the API (as a script would) and returns its report.</summary>
    public async Task<JsonElement> CheckAsync()
    {
        using var response = await Api.PostAsync("api/checks", null);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A runbook's status as the API reports it.</summary>
    public async Task<string> RunbookStatusAsync(string id)
    {
        var runbook = await Api.GetFromJsonAsync<JsonElement>($"api/runbooks/{id}");
        return runbook.GetProperty("status").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await _serve.StopAsync();
        await _serve.DisposeAsync();
        await Site.DisposeAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // SQLite's pool may still hold the file for a moment; the temp folder is disposable.
        }
    }
}
