using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ReviewCadence.Functions.Tests.Infrastructure;

namespace ReviewCadence.Functions.Tests;

/// <summary>
/// The Functions app's <see cref="RequestGuardMiddleware"/> (the instance its real composition registers) in front of the
/// real HTTP functions: what a hostile page can make a visitor's browser send is refused before the function runs and
/// changes nothing; what a script or the app's own dashboard sends goes through. The Host header is the platform's.
/// </summary>
public sealed class RequestGuardMiddlewareTests : FunctionsAppTest
{
    private const string Review = """{"reviewer": "platform-cost-operator", "result": "pass", "notes": "re-read the pricing page"}""";
    private const string ReviewPath = "/api/runbooks/budget-gate/reviews";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Site.Page("/docs/pricing", Doc("Pricing", "Token-based billing applies to every model.", "Volume pricing is available on request."));
        await WriteCatalogAsync([("pricing", Site.Url("/docs/pricing"))], [("budget-gate", ["pricing"])],
            notify: "      - { type: webhook, url: \"" + Site.Url("/hook") + "\" }\n");
        await StartAppAsync();
    }

    private Task<HttpAnswer> PostReviewAsync(string body, Action<HttpRequest>? setup = null) =>
        CallAsync((api, r) => api.RecordReviewAsync(r, "budget-gate", default), "POST", ReviewPath, body: body, setup: setup, guarded: true);

    private Task<HttpAnswer> PostRemindersAsync(string? body = null, Action<HttpRequest>? setup = null) =>
        CallAsync((api, r) => api.RunRemindersAsync(r, default), "POST", "/api/reminders", body: body, setup: setup, guarded: true);

    private async Task<int> ReviewCountAsync()
    {
        var runbook = await CallAsync((api, r) => api.GetRunbookAsync(r, "budget-gate", default), "GET", "/api/runbooks/budget-gate");
        return runbook.Json.GetProperty("reviews").GetArrayLength();
    }

    private static void AssertRefused(HttpAnswer answer, int status, string title)
    {
        Assert.True(answer.Status == status, answer.ToString());
        Assert.False(answer.FunctionRan, "the function ran behind a refusal");
        Assert.StartsWith("application/problem+json", answer.ContentType);
        Assert.Equal(title, answer.Json.GetProperty("title").GetString());
    }

    [Fact]
    public void The_apps_composition_registers_the_guard()
    {
        Assert.NotNull(Host.Services.GetService<RequestGuardMiddleware>());
    }

    [Theory]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Origin", "http://reviewcadence.azurewebsites.net")] // same name, another scheme: another origin
    [InlineData("Origin", "null")] // a sandboxed frame or a file: page
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task A_state_changing_request_from_another_origin_is_refused_and_changes_nothing(string header, string value)
    {
        var review = await PostReviewAsync(Review, r => r.Headers[header] = value);
        AssertRefused(review, 403, "Cross-origin request refused");

        var reminders = await PostRemindersAsync(setup: r => r.Headers[header] = value);
        AssertRefused(reminders, 403, "Cross-origin request refused");

        Assert.Equal(0, await ReviewCountAsync());
        Assert.Equal(0, Site.RequestCount("/hook"));
    }

    [Theory]
    [InlineData("text/plain")] // what fetch(..., {mode: 'no-cors'}) and a form with enctype=text/plain send
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("text/plain; charset=utf-8; x=application/json")]
    public async Task A_simple_request_content_type_on_a_json_route_is_refused(string contentType)
    {
        var review = await PostReviewAsync(Review, r => r.ContentType = contentType);
        AssertRefused(review, 415, "Send JSON as application/json");
        Assert.Contains(contentType.Split(';')[0], review.Json.GetProperty("detail").GetString());

        var command = await PostRemindersAsync("{}", r => r.ContentType = contentType);
        AssertRefused(command, 415, "Send JSON as application/json");

        var noType = await PostReviewAsync(Review, r => r.ContentType = null);
        AssertRefused(noType, 415, "Send JSON as application/json");
        Assert.Equal(0, await ReviewCountAsync());
    }

    [Fact]
    public async Task Bodies_over_their_routes_limit_are_refused()
    {
        var notes = new string('n', 200_000);
        var review = await PostReviewAsync($$"""{"reviewer": "ops", "result": "pass", "notes": "{{notes}}"}""");
        AssertRefused(review, 413, "The body is too large");
        Assert.Contains("131,072 bytes", review.Json.GetProperty("detail").GetString());

        var command = await PostRemindersAsync($$"""{"padding": "{{new string('p', 2_000)}}"}""");
        AssertRefused(command, 413, "The body is too large");
        Assert.Contains("1,024 bytes", command.Json.GetProperty("detail").GetString());

        // A body without a Content-Length (chunked) passes the guard, and the function stops reading at the limit.
        var chunked = await PostReviewAsync($$"""{"reviewer": "ops", "result": "pass", "notes": "{{notes}}"}""", r => r.ContentLength = null);
        Assert.True(chunked.FunctionRan);
        Assert.Equal(413, chunked.Status);
        Assert.Equal(0, await ReviewCountAsync());
    }

    [Fact]
    public async Task Legitimate_requests_reach_their_function()
    {
        // A script (no Origin), the app's own dashboard (its own origin), a JSON type with a charset, 10,000 characters of notes.
        var script = await PostReviewAsync(Review);
        Assert.True(script.Status == 201 && script.FunctionRan, script.ToString());

        var dashboard = await PostReviewAsync(Review, r =>
        {
            r.Headers.Origin = "https://reviewcadence.azurewebsites.net";
            r.Headers["Sec-Fetch-Site"] = "same-origin";
            r.ContentType = "application/json; charset=utf-8";
        });
        Assert.True(dashboard.Status == 201 && dashboard.FunctionRan, dashboard.ToString());

        var longNotes = await PostReviewAsync($$"""{"reviewer": "ops", "result": "pass", "notes": "{{new string('n', 10_000)}}"}""");
        Assert.True(longNotes.Status == 201, longNotes.ToString());
        Assert.Equal(3, await ReviewCountAsync());

        // A command with no body at all, and reads from anywhere (cross-origin reads are the browser's CORS business).
        var dryRun = await CallAsync((api, r) => api.RunRemindersAsync(r, default), "POST", "/api/reminders", query: "?dryRun=true", guarded: true);
        Assert.True(dryRun.Status == 200 && dryRun.FunctionRan, dryRun.ToString());
        var read = await CallAsync((api, r) => Task.FromResult(api.Health(r)), "GET", "/api/health", setup: r => r.Headers.Origin = "https://evil.example", guarded: true);
        Assert.True(read.Status == 200 && read.FunctionRan, read.ToString());
    }

    [Fact]
    public async Task A_timer_or_queue_invocation_without_an_http_request_passes_through()
    {
        var ran = false;
        var (_, services) = Host.Invocation(typeof(HttpApi));
        await Host.Services.GetRequiredService<RequestGuardMiddleware>().Invoke(new FunctionsTestHost.InvocationContext(services), _ =>
        {
            ran = true;
            return Task.CompletedTask;
        });
        Assert.True(ran);
    }
}
