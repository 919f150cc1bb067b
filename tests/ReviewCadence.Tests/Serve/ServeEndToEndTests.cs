using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ReviewCadence.Checking;
using ReviewCadence.Cli.Serve;
using ReviewCadence.Storage;
using ReviewCadence.Tests.EndToEnd;
using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Tests.Serve;

/// <summary><c>reviewcadence serve</c> over real HTTP on loopback: every route, auth, and the error paths.</summary>
public sealed class ServeEndToEndTests : IAsyncLifetime
{
    private const string Key = "test-key-4f1c";
    private readonly FixedClock _clock = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-serve-").FullName;
    private TestSite _site = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _site = await TestSite.StartAsync();
        _site.Page("/docs/pricing", TestPages.Doc("Pricing", "Token-based billing applies to models with unified official pricing.", "Per-call billing applies to models without official APIs."));
        _site.Page("/docs/help", TestPages.Doc("Help center", "Contact support for abnormal charges and recharge questions.", "Maintenance notes are posted here."));
        var catalog = Path.Combine(_dir, "catalog.yaml");
        await File.WriteAllTextAsync(catalog, $"""
            settings:
              allowPrivateNetworks: true
              retries: 0
            sources:
              - id: pricing
                url: {_site.Url("/docs/pricing")}
              - id: help
                url: {_site.Url("/docs/help")}
            owners:
              - id: ops
            runbooks:
              - id: budget-gate
                title: Token budget quality gate
                owner: ops
                lastReviewed: 2026-11-01
                sources: [pricing]
              - id: support-path
                title: Support path
                owner: ops
                lastReviewed: 2026-11-01
                sources: [help]
            """);
        _app = ServeApp.Build(new ServeApp.ServeSettings(catalog, Path.Combine(_dir, "state.db"), "http://127.0.0.1:0", Key),
            // The runbooks' cadence is read on a fixed day, so the statuses do not depend on when the suite runs.
            services => services.AddSingleton<TimeProvider>(_clock).AddSingleton(new LeaseClock(_clock)));
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = LoopbackHost.BaseUrl(_app) };
        _http.DefaultRequestHeaders.Add(ServeApp.KeyHeader, Key);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _site.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> Send(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static string StatusOf(JsonElement runbooks, string id) =>
        runbooks.GetProperty("runbooks").EnumerateArray().Single(r => r.GetProperty("id").GetString() == id).GetProperty("status").GetString()!;

    [Fact]
    public async Task A_manual_check_flags_a_runbook_and_a_review_clears_it()
    {
        var (status, first) = await Send(HttpMethod.Post, "/api/checks");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.All(first.GetProperty("sources").EnumerateArray(), s => Assert.Equal("new", s.GetProperty("outcome").GetString()));

        _site.Page("/docs/pricing", TestPages.Doc("Pricing", "Token-based billing applies to every model from December.", "Per-call billing applies to models without official APIs."));
        var (_, second) = await Send(HttpMethod.Post, "/api/checks?source=pricing");
        Assert.Equal("changed", second.GetProperty("sources")[0].GetProperty("outcome").GetString());
        Assert.Equal(1, second.GetProperty("sources").GetArrayLength());

        var (_, runbooks) = await Send(HttpMethod.Get, "/api/runbooks");
        Assert.Equal("needs-review", StatusOf(runbooks, "budget-gate"));
        Assert.Equal("current", StatusOf(runbooks, "support-path"));

        var (diffStatus, diff) = await Send(HttpMethod.Get, "/api/sources/pricing/diff");
        Assert.Equal(HttpStatusCode.OK, diffStatus);
        Assert.True(diff.GetProperty("hasChange").GetBoolean());
        Assert.Contains("+", diff.GetProperty("diff").GetString());
        Assert.Contains("December", diff.GetProperty("diff").GetString());

        var (_, sources) = await Send(HttpMethod.Get, "/api/sources");
        var pricing = sources.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "pricing");
        Assert.Equal("changed", pricing.GetProperty("lastOutcome").GetString());
        Assert.Equal(200, pricing.GetProperty("httpStatus").GetInt32());
        Assert.Equal(["budget-gate"], pricing.GetProperty("citedBy").EnumerateArray().Select(e => e.GetString()));

        var (reviewStatus, review) = await Send(HttpMethod.Post, "/api/runbooks/budget-gate/reviews", new { reviewer = "platform-cost-operator", result = "pass", notes = "checked new billing" });
        Assert.Equal(HttpStatusCode.Created, reviewStatus);
        Assert.Equal("current", review.GetProperty("runbook").GetProperty("status").GetString());

        var (_, detail) = await Send(HttpMethod.Get, "/api/runbooks/budget-gate");
        Assert.Equal("current", detail.GetProperty("status").GetString());
        var history = Assert.Single(detail.GetProperty("reviews").EnumerateArray());
        Assert.Equal("platform-cost-operator", history.GetProperty("reviewer").GetString());
        Assert.Equal("checked new billing", history.GetProperty("notes").GetString());
    }

    [Fact]
    public async Task Sources_say_how_the_last_check_ended_null_before_the_first()
    {
        var (_, before) = await Send(HttpMethod.Get, "/api/sources");
        Assert.Equal(JsonValueKind.Null, before.GetProperty("lastCheck").ValueKind);

        await Send(HttpMethod.Post, "/api/checks");
        _site.Page("/docs/pricing", TestPages.Doc("Pricing", "Token-based billing applies to every model from December.", "Per-call billing applies to models without official APIs."));
        var (_, run) = await Send(HttpMethod.Post, "/api/checks");

        var (_, sources) = await Send(HttpMethod.Get, "/api/sources");
        var last = sources.GetProperty("lastCheck");
        Assert.Equal(run.GetProperty("runId").GetString(), last.GetProperty("runId").GetString());
        Assert.Equal(run.GetProperty("startedAt").GetDateTimeOffset(), last.GetProperty("startedAt").GetDateTimeOffset());
        Assert.True(last.GetProperty("finishedAt").GetDateTimeOffset() >= last.GetProperty("startedAt").GetDateTimeOffset());
        Assert.True(last.GetProperty("conclusive").GetBoolean());
        Assert.Equal(2, last.GetProperty("sourceCount").GetInt32());
        Assert.Equal(1, last.GetProperty("outcomes").GetProperty("changed").GetInt32());
        Assert.Equal(1, last.GetProperty("outcomes").GetProperty("unchanged").GetInt32());
        Assert.False(last.GetProperty("outcomes").TryGetProperty("new", out _));
        Assert.Equal(["budget-gate"], last.GetProperty("needsReview").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("GET", "/api/runbooks")]
    [InlineData("GET", "/api/runbooks/budget-gate")]
    [InlineData("POST", "/api/checks")]
    [InlineData("POST", "/api/runbooks/budget-gate/reviews")]
    [InlineData("POST", "/api/reminders?dryRun=true")]
    [InlineData("GET", "/api/sources")]
    [InlineData("GET", "/api/sources/pricing/diff")]
    public async Task Every_data_route_needs_the_key(string method, string path)
    {
        using var anonymous = new HttpClient { BaseAddress = _http.BaseAddress };
        using var none = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);

        using var wrong = new HttpRequestMessage(new HttpMethod(method), path);
        wrong.Headers.Add(ServeApp.KeyHeader, "wrong-key");
        using var wrongResponse = await anonymous.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
        Assert.Equal("application/problem+json", wrongResponse.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Health_is_anonymous()
    {
        using var anonymous = new HttpClient { BaseAddress = _http.BaseAddress };
        using var response = await anonymous.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_runbook_and_source_are_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Get, "/api/runbooks/nope")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Post, "/api/runbooks/nope/reviews", new { reviewer = "x" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Get, "/api/sources/nope/diff")).Status);
    }

    [Fact]
    public async Task Bad_requests_are_400_with_a_problem_naming_the_field()
    {
        var (status, body) = await Send(HttpMethod.Post, "/api/runbooks/budget-gate/reviews", new { reviewer = "", result = "pass" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("reviewer", out _));

        (status, body) = await Send(HttpMethod.Post, "/api/runbooks/budget-gate/reviews", new { reviewer = "ops", result = "maybe" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("result", out _));

        using var notJson = new HttpRequestMessage(HttpMethod.Post, "/api/runbooks/budget-gate/reviews") { Content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json") };
        using var notJsonResponse = await _http.SendAsync(notJson);
        Assert.Equal(HttpStatusCode.BadRequest, notJsonResponse.StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest, (await Send(HttpMethod.Post, "/api/reminders?dryRun=perhaps")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(HttpMethod.Post, "/api/checks?source=nope")).Status);
    }

    [Fact]
    public async Task A_check_while_one_runs_is_409()
    {
        var store = _app.Services.GetRequiredService<IReviewStore>();
        var lease = await store.TryAcquireLeaseAsync(CheckRunner.LeaseName, "another-run", _clock.GetUtcNow(), TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.NotNull(lease);
        try
        {
            var (status, body) = await Send(HttpMethod.Post, "/api/checks");
            Assert.Equal(HttpStatusCode.Conflict, status);
            Assert.Contains("already running", body.GetProperty("detail").GetString());
            Assert.Contains("reviewcadence unlock --check", body.GetProperty("detail").GetString());
        }
        finally
        {
            await store.ReleaseLeaseAsync(lease!, CancellationToken.None);
        }
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Post, "/api/checks")).Status);
    }

    [Fact]
    public async Task Reminders_dry_run_reports_without_recording()
    {
        await Send(HttpMethod.Post, "/api/checks");
        var (status, body) = await Send(HttpMethod.Post, "/api/reminders?dryRun=true");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("dryRun").GetBoolean());
        var store = _app.Services.GetRequiredService<IReviewStore>();
        Assert.Empty(await store.GetDeliveriesAsync(null, CancellationToken.None));
    }

    [Fact]
    public void Without_a_key_serve_refuses_to_listen_beyond_loopback()
    {
        var ex = Assert.Throws<ArgumentException>(() => ServeApp.Build(new ServeApp.ServeSettings("catalog.yaml", null, "http://0.0.0.0:7071", null)));
        Assert.Contains("loopback", ex.Message);
    }
}
