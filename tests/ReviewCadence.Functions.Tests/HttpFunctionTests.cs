using Microsoft.Azure.Functions.Worker;
using ReviewCadence.Functions.Tests.Infrastructure;
using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Functions.Tests;

/// <summary>
/// Each HTTP function of the app, called with a real HttpContext, its IActionResult executed, over a real Core on
/// SQLite reading a loopback site. Function keys (a 401 without one on every route but health and the dashboard)
/// are the Functions host's job, checked before the worker is called: not testable, nor tested, here; the routes'
/// auth levels are pinned in <see cref="FunctionMetadataTests"/>.
/// </summary>
public sealed class HttpFunctionTests : FunctionsAppTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Site.Page("/docs/pricing", Doc("Pricing", "Token-based billing applies to every model.", "Volume pricing is available on request."), etag: "\"v1\"");
        Site.Page("/docs/limits", Doc("Limits", "Each key may spend up to its monthly budget.", "Budgets reset on the first day of the month."), etag: "\"l1\"");
        await WriteCatalogAsync([("pricing", Site.Url("/docs/pricing")), ("limits", Site.Url("/docs/limits"))],
            [("budget-gate", ["pricing", "limits"]), ("limits-only", ["limits"])]);
        await StartAppAsync();
    }

    [Fact]
    public async Task A_source_new_then_changed_flags_its_runbook_and_a_recorded_review_clears_it()
    {
        var first = await CallAsync((api, r) => api.StartCheckAsync(r, default), "POST", "/api/checks");
        Assert.True(first.Status == 200, first.ToString());
        Assert.StartsWith("application/json", first.ContentType);
        Assert.All(first.Json.GetProperty("sources").EnumerateArray(), s => Assert.Equal("new", s.GetProperty("outcome").GetString()));
        Assert.Equal("current", Runbook(first, "budget-gate").GetProperty("status").GetString());

        Site.Page("/docs/pricing", Doc("Pricing", "Token-based billing applies to every model.", "Volume pricing was withdrawn."), etag: "\"v2\"");
        Clock.Advance(TimeSpan.FromDays(1));
        var second = await CallAsync((api, r) => api.StartCheckAsync(r, default), "POST", "/api/checks");

        Assert.Equal(200, second.Status);
        var outcomes = second.Json.GetProperty("sources").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("outcome").GetString());
        Assert.Equal("changed", outcomes["pricing"]);
        Assert.Equal("unchanged", outcomes["limits"]);
        var flagged = Runbook(second, "budget-gate");
        Assert.Equal("needs-review", flagged.GetProperty("status").GetString());
        var finding = Assert.Single(flagged.GetProperty("findings").EnumerateArray());
        Assert.Equal(("pricing", "changed"), (finding.GetProperty("source").GetString(), finding.GetProperty("kind").GetString()));
        Assert.Equal("current", Runbook(second, "limits-only").GetProperty("status").GetString());

        var list = await CallAsync((api, r) => api.ListRunbooksAsync(r, default), "GET", "/api/runbooks");
        Assert.Equal(200, list.Status);
        Assert.Equal("needs-review", Runbook(list, "budget-gate").GetProperty("status").GetString());

        var review = await CallAsync((api, r) => api.RecordReviewAsync(r, "budget-gate", default), "POST", "/api/runbooks/budget-gate/reviews",
            body: """{"reviewer": "platform-cost-operator", "result": "pass", "notes": "re-read the pricing page"}""");
        Assert.True(review.Status == 201, review.ToString());
        Assert.Equal("platform-cost-operator", review.Json.GetProperty("review").GetProperty("reviewer").GetString());
        Assert.Equal("current", review.Json.GetProperty("runbook").GetProperty("status").GetString());

        var detail = await CallAsync((api, r) => api.GetRunbookAsync(r, "budget-gate", default), "GET", "/api/runbooks/budget-gate");
        Assert.Equal(200, detail.Status);
        Assert.Equal("current", detail.Json.GetProperty("status").GetString());
        Assert.Equal(Clock.GetUtcNow().ToString("yyyy-MM-dd"), detail.Json.GetProperty("lastReviewed").GetString());
        Assert.Equal("re-read the pricing page", Assert.Single(detail.Json.GetProperty("reviews").EnumerateArray()).GetProperty("notes").GetString());

        var sources = await CallAsync((api, r) => api.ListSourcesAsync(r, default), "GET", "/api/sources");
        Assert.Equal(200, sources.Status);
        Assert.Equal(2, sources.Json.GetProperty("sources").GetArrayLength());
        var diff = await CallAsync((api, r) => api.GetSourceDiffAsync(r, "pricing", default), "GET", "/api/sources/pricing/diff");
        Assert.True(diff.Status == 200, diff.ToString());
        Assert.Contains("Volume pricing was withdrawn.", diff.Body);
    }

    [Fact]
    public async Task Unknown_runbooks_and_sources_are_404_problems()
    {
        foreach (var answer in new[]
        {
            await CallAsync((api, r) => api.GetRunbookAsync(r, "no-such-runbook", default), "GET", "/api/runbooks/no-such-runbook"),
            await CallAsync((api, r) => api.RecordReviewAsync(r, "no-such-runbook", default), "POST", "/api/runbooks/no-such-runbook/reviews", body: """{"reviewer": "x"}"""),
            await CallAsync((api, r) => api.GetSourceDiffAsync(r, "no-such-source", default), "GET", "/api/sources/no-such-source/diff"),
        })
        {
            Assert.Equal(404, answer.Status);
            AssertProblem(answer, 404);
            Assert.Contains("no-such-", answer.Json.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task Bad_input_is_a_400_problem_that_says_what_is_wrong()
    {
        var notJson = await CallAsync((api, r) => api.RecordReviewAsync(r, "budget-gate", default), "POST", "/api/runbooks/budget-gate/reviews", body: "reviewer=me");
        AssertProblem(notJson, 400);
        Assert.Equal("The body is not valid JSON", notJson.Json.GetProperty("title").GetString());

        var noReviewer = await CallAsync((api, r) => api.RecordReviewAsync(r, "budget-gate", default), "POST", "/api/runbooks/budget-gate/reviews", body: """{"result": "pass"}""");
        AssertProblem(noReviewer, 400);
        Assert.True(noReviewer.Json.GetProperty("errors").TryGetProperty("reviewer", out _), noReviewer.ToString());

        var badResult = await CallAsync((api, r) => api.RecordReviewAsync(r, "budget-gate", default), "POST", "/api/runbooks/budget-gate/reviews", body: """{"reviewer": "ops", "result": "maybe"}""");
        AssertProblem(badResult, 400);
        Assert.True(badResult.Json.GetProperty("errors").TryGetProperty("result", out _), badResult.ToString());

        var unknownSource = await CallAsync((api, r) => api.StartCheckAsync(r, default), "POST", "/api/checks", query: "?source=nope");
        AssertProblem(unknownSource, 400);
        Assert.Contains("nope", unknownSource.Json.GetProperty("detail").GetString());

        var badDryRun = await CallAsync((api, r) => api.RunRemindersAsync(r, default), "POST", "/api/reminders", query: "?dryRun=maybe");
        AssertProblem(badDryRun, 400);
        Assert.Contains("true or false", badDryRun.Json.GetProperty("detail").GetString());

        // Nothing was recorded or checked by any of them.
        var detail = await CallAsync((api, r) => api.GetRunbookAsync(r, "budget-gate", default), "GET", "/api/runbooks/budget-gate");
        Assert.Empty(detail.Json.GetProperty("reviews").EnumerateArray());
        Assert.Equal(0, Site.RequestCount("/docs/pricing"));
    }

    [Fact]
    public async Task A_check_started_while_a_run_holds_the_lease_is_a_409_and_the_run_goes_on()
    {
        Site.Respond("/docs/limits", TestResponse.Html(Doc("Limits", "Each key may spend up to its monthly budget.", "Budgets reset monthly.")) with { Delay = TimeSpan.FromSeconds(2) });
        var running = CallAsync((api, r) => api.StartCheckAsync(r, default), "POST", "/api/checks");
        await WaitUntilAsync(() => Site.RequestCount("/docs/limits") > 0);

        var refused = await CallAsync((api, r) => api.StartCheckAsync(r, default), "POST", "/api/checks", query: "?source=pricing");

        AssertProblem(refused, 409);
        Assert.Equal("A check is already running", refused.Json.GetProperty("title").GetString());
        var done = await running;
        Assert.Equal(200, done.Status);
        Assert.Equal(2, done.Json.GetProperty("sources").GetArrayLength());
        // The lease was released: the next check runs.
        Assert.Equal(200, (await CallAsync((api, r) => api.StartCheckAsync(r, default), "POST", "/api/checks", query: "?source=pricing")).Status);
    }

    [Fact]
    public async Task Reminders_run_by_hand_answer_as_remind_json()
    {
        var preview = await CallAsync((api, r) => api.RunRemindersAsync(r, default), "POST", "/api/reminders", query: "?dryRun=true");

        Assert.True(preview.Status == 200, preview.ToString());
        Assert.True(preview.Json.GetProperty("dryRun").GetBoolean());
        Assert.Empty(preview.Json.GetProperty("sent").EnumerateArray()); // every runbook is current
        Assert.Empty(preview.Json.GetProperty("failed").EnumerateArray());
    }

    [Fact]
    public async Task Health_and_the_dashboard_page_answer_without_reading_the_store()
    {
        var health = await CallAsync((api, r) => api.Health(r), "GET", "/api/health");
        Assert.Equal(200, health.Status);
        Assert.Equal("ok", health.Json.GetProperty("status").GetString());

        var page = await CallAsync((api, r) => api.Dashboard(r), "GET", "/api/dashboard");
        Assert.Equal(200, page.Status);
        Assert.StartsWith("text/html", page.ContentType);
        Assert.Contains("<html", page.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("script-src", page.Headers["Content-Security-Policy"].ToString());
    }

    [Fact]
    public void Every_http_route_but_health_and_the_dashboard_asks_the_host_for_a_function_key()
    {
        var levels = typeof(HttpApi).GetMethods()
            .Select(m => (Function: m.GetCustomAttributes(typeof(FunctionAttribute), false).OfType<FunctionAttribute>().SingleOrDefault(),
                Trigger: m.GetParameters().SelectMany(p => p.GetCustomAttributes(typeof(HttpTriggerAttribute), false).OfType<HttpTriggerAttribute>()).SingleOrDefault()))
            .Where(f => f.Function is not null)
            .ToDictionary(f => f.Function!.Name, f => f.Trigger!.AuthLevel);

        Assert.All(levels, level => Assert.Equal(level.Key is "Health" or "Dashboard" ? AuthorizationLevel.Anonymous : AuthorizationLevel.Function, level.Value));
    }

    private static System.Text.Json.JsonElement Runbook(HttpAnswer answer, string id) =>
        answer.Json.GetProperty("runbooks").EnumerateArray().Single(r => r.GetProperty("id").GetString() == id);

    private static void AssertProblem(HttpAnswer answer, int status)
    {
        Assert.True(answer.Status == status, answer.ToString());
        Assert.StartsWith("application/problem+json", answer.ContentType);
        Assert.Equal(status, answer.Json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(answer.Json.GetProperty("detail").GetString()));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 20)
        {
            Assert.True(waited < 10_000, "timed out waiting for the first run to fetch");
            await Task.Delay(20);
        }
    }
}
