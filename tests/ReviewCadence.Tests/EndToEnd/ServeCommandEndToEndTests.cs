using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReviewCadence.Testing;
using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Tests.EndToEnd;

/// <summary>
/// <c>reviewcadence serve</c> as a user starts it (the command, not <c>ServeApp</c>): it listens, answers the HTTP API
/// (runbooks, sources, a check, a review, history, diff, reminders, the problem bodies) and the dashboard page, and
/// stops when asked. In-process here (<see cref="InProcessServeCommandEndToEndTests"/>, stopped as Ctrl+C stops it);
/// the published executable, stopped by SIGTERM, in <see cref="PublishedCliServeEndToEndTests"/>. The runbooks were
/// never reviewed, so their status before the review (overdue, no due date) is the same on any day.
/// </summary>
public abstract class ServeCommandEndToEndTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-serve-cli-").FullName;
    private TestSite _site = null!;

    private string CatalogPath => Path.Combine(_dir, "catalog.yaml");

    /// <summary>A running <c>serve</c>: whether it has ended, and how to stop it (its result once it has).</summary>
    private protected sealed record Serving(Func<bool> HasExited, Func<Task<CliRunner.Result>> StopAsync);

    /// <summary>Starts <c>reviewcadence</c> with <paramref name="args"/> and returns at once.</summary>
    private protected abstract Serving Start(params string[] args);

    public async Task InitializeAsync()
    {
        _site = await TestSite.StartAsync();
        _site.Page("/docs/pricing", TestPages.Doc("Pricing", "Token-based billing applies to models with unified official pricing.", "Per-call billing applies to models without official APIs."));
        _site.Page("/docs/help", TestPages.Doc("Help center", "Contact support for abnormal charges and recharge questions.", "Maintenance notes are posted here."));
        await File.WriteAllTextAsync(CatalogPath, $"""
            settings:
              allowPrivateNetworks: true
              retries: 0
              timeoutSeconds: 5
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
                sources: [pricing]
              - id: support-path
                title: Support path
                owner: ops
                sources: [help]
            """);
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        TempFolder.Delete(_dir);
    }

    [Fact]
    public async Task Serve_answers_the_api_and_the_dashboard_and_stops_cleanly_when_asked()
    {
        var port = FreeTcpPort.Find();
        var urls = $"http://127.0.0.1:{port}";
        var serving = Start("serve", "--catalog", CatalogPath, "--store", Path.Combine(_dir, "state.db"), "--urls", urls);
        CliRunner.Result? stopped = null;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(urls), Timeout = TimeSpan.FromSeconds(30) };
            await WaitUntilHealthyAsync(http, serving);

            var (_, before) = await SendAsync(http, HttpMethod.Get, "/api/runbooks");
            var gate = Runbook(before, "budget-gate");
            Assert.Equal("overdue", gate.GetProperty("status").GetString());
            Assert.True(gate.GetProperty("overdue").GetBoolean());
            Assert.Equal(JsonValueKind.Null, gate.GetProperty("daysOverdue").ValueKind);
            Assert.Equal(["budget-gate", "support-path"], before.GetProperty("runbooks").EnumerateArray().Select(r => r.GetProperty("id").GetString()).Order());
            var (_, unchecked_) = await SendAsync(http, HttpMethod.Get, "/api/sources");
            Assert.Equal(JsonValueKind.Null, unchecked_.GetProperty("lastCheck").ValueKind);

            var (checkStatus, check) = await SendAsync(http, HttpMethod.Post, "/api/checks");
            Assert.Equal(HttpStatusCode.OK, checkStatus);
            Assert.True(check.GetProperty("conclusive").GetBoolean());
            Assert.All(check.GetProperty("sources").EnumerateArray(), s => Assert.Equal("new", s.GetProperty("outcome").GetString()));

            var (_, sources) = await SendAsync(http, HttpMethod.Get, "/api/sources");
            var pricing = sources.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "pricing");
            Assert.Equal("new", pricing.GetProperty("lastOutcome").GetString());
            Assert.Equal(200, pricing.GetProperty("httpStatus").GetInt32());
            Assert.Equal(["budget-gate"], pricing.GetProperty("citedBy").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(check.GetProperty("runId").GetString(), sources.GetProperty("lastCheck").GetProperty("runId").GetString());
            Assert.Equal(2, sources.GetProperty("lastCheck").GetProperty("outcomes").GetProperty("new").GetInt32());

            var (_, history) = await SendAsync(http, HttpMethod.Get, "/api/sources/pricing/history");
            Assert.Equal(1, Assert.Single(history.GetProperty("versions").EnumerateArray()).GetProperty("version").GetInt32());
            var (_, diff) = await SendAsync(http, HttpMethod.Get, "/api/sources/pricing/diff");
            Assert.False(diff.GetProperty("hasChange").GetBoolean());

            var (reviewStatus, review) = await SendAsync(http, HttpMethod.Post, "/api/runbooks/budget-gate/reviews",
                new { reviewer = "platform-cost-operator", result = "pass", notes = "checked the billing page" });
            Assert.Equal(HttpStatusCode.Created, reviewStatus);
            Assert.Equal("budget-gate", review.GetProperty("runbook").GetProperty("id").GetString());
            var (_, detail) = await SendAsync(http, HttpMethod.Get, "/api/runbooks/budget-gate");
            var recorded = Assert.Single(detail.GetProperty("reviews").EnumerateArray());
            Assert.Equal("platform-cost-operator", recorded.GetProperty("reviewer").GetString());
            Assert.Equal("checked the billing page", recorded.GetProperty("notes").GetString());

            var (remindStatus, remind) = await SendAsync(http, HttpMethod.Post, "/api/reminders?dryRun=true");
            Assert.Equal(HttpStatusCode.OK, remindStatus);
            Assert.True(remind.GetProperty("dryRun").GetBoolean());

            // The problem bodies: ProblemDetails and its validation form are serialized too.
            var (missingStatus, missing) = await SendAsync(http, HttpMethod.Get, "/api/runbooks/nope");
            Assert.Equal(HttpStatusCode.NotFound, missingStatus);
            Assert.Equal(404, missing.GetProperty("status").GetInt32());
            var (badStatus, bad) = await SendAsync(http, HttpMethod.Post, "/api/runbooks/budget-gate/reviews", new { reviewer = "", result = "pass" });
            Assert.Equal(HttpStatusCode.BadRequest, badStatus);
            Assert.True(bad.GetProperty("errors").TryGetProperty("reviewer", out _), bad.ToString());

            foreach (var page in new[] { "/", "/api/dashboard" })
            {
                using var response = await http.GetAsync(page);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
                var html = await response.Content.ReadAsStringAsync();
                Assert.Contains("<title>ReviewCadence: runbook reviews</title>", html);
                // Its script and styles are embedded resources, inlined into the page.
                Assert.Contains("api('GET', 'runbooks')", html);
                Assert.DoesNotContain("/*inline:", html);
            }
        }
        finally
        {
            stopped = await serving.StopAsync();
        }

        Assert.True(stopped.ExitCode == 0, stopped.ToString());
        Assert.Contains($"Serving on {urls}", stopped.Stdout);
        Assert.DoesNotContain("error", stopped.Stderr, StringComparison.OrdinalIgnoreCase);
        using var after = new HttpClient { BaseAddress = new Uri(urls), Timeout = TimeSpan.FromSeconds(5) };
        await Assert.ThrowsAsync<HttpRequestException>(() => after.GetAsync("/api/health"));
    }

    private static JsonElement Runbook(JsonElement runbooks, string id) =>
        runbooks.GetProperty("runbooks").EnumerateArray().Single(r => r.GetProperty("id").GetString() == id);

    private static async Task WaitUntilHealthyAsync(HttpClient http, Serving serving)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (serving.HasExited())
            {
                Assert.Fail($"serve ended before it listened:\n{await serving.StopAsync()}");
            }
            try
            {
                using var response = await http.GetAsync("/api/health", deadline.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100, deadline.Token);
        }
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient http, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{method} {path}: HTTP {(int)response.StatusCode}, not JSON: {text}", ex);
        }
    }
}

/// <summary>The command in this process, stopped as Ctrl+C stops it (its cancellation token).</summary>
public sealed class InProcessServeCommandEndToEndTests : ServeCommandEndToEndTests
{
    private protected override Serving Start(params string[] args)
    {
        var stop = new CancellationTokenSource();
        var run = CliRunner.RunInProcessAsync(stop.Token, args);
        return new Serving(() => run.IsCompleted, async () =>
        {
            await stop.CancelAsync();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var result = await run.WaitAsync(grace.Token);
            stop.Dispose();
            return result;
        });
    }
}
