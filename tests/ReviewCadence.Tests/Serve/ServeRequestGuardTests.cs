using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ReviewCadence.Cli.Serve;
using ReviewCadence.Storage;

namespace ReviewCadence.Tests.Serve;

/// <summary>
/// What a hostile page can do to <c>serve</c> through a visitor's browser: DNS rebinding (a foreign Host), cross-site
/// writes (a foreign Origin, <c>no-cors</c> simple requests), and oversized bodies. Keyless and keyed alike.
/// </summary>
public sealed class ServeRequestGuardTests : IAsyncLifetime
{
    private const string Key = "guard-key-81a2";
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-guard-").FullName;
    private WebApplication _keyless = null!;
    private WebApplication _keyed = null!;
    private Uri _keylessUrl = null!;
    private Uri _keyedUrl = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        var catalog = Path.Combine(_dir, "catalog.yaml");
        await File.WriteAllTextAsync(catalog, """
            sources:
              - id: a
                url: https://example.com/a
            owners:
              - id: ops
                notify:
                  - { type: webhook, url: "https://hooks.example.com/never-called" }
            runbooks:
              - id: r2
                title: R2
                owner: ops
                lastReviewed: 2026-01-01
                sources: [a]
            """);
        _keyless = ServeApp.Build(new ServeApp.ServeSettings(catalog, Path.Combine(_dir, "keyless.db"), "http://127.0.0.1:0", null));
        _keyed = ServeApp.Build(new ServeApp.ServeSettings(catalog, Path.Combine(_dir, "keyed.db"), "http://127.0.0.1:0", Key));
        await _keyless.StartAsync();
        await _keyed.StartAsync();
        _keylessUrl = LoopbackHost.BaseUrl(_keyless);
        _keyedUrl = LoopbackHost.BaseUrl(_keyed);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        foreach (var app in new[] { _keyless, _keyed })
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<HttpResponseMessage> Send(bool keyed, HttpMethod method, string path, string? body = null, string? contentType = null, Action<HttpRequestMessage>? headers = null)
    {
        var request = new HttpRequestMessage(method, new Uri(keyed ? _keyedUrl : _keylessUrl, path));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
        }
        if (keyed)
        {
            request.Headers.Add(ServeApp.KeyHeader, Key);
        }
        headers?.Invoke(request);
        return await _http.SendAsync(request);
    }

    private async Task<int> ReviewCount(bool keyed) =>
        (await (keyed ? _keyed : _keyless).Services.GetRequiredService<IReviewStore>().GetReviewsAsync("r2", CancellationToken.None)).Count;

    private const string ReviewBody = """{"reviewer": "attacker", "result": "pass", "notes": "cleared from another site"}""";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_foreign_host_name_is_refused_so_dns_rebinding_reads_nothing(bool keyed)
    {
        using var rebinding = await Send(keyed, HttpMethod.Get, "/api/runbooks", headers: r => r.Headers.Host = "attacker.example:" + (keyed ? _keyedUrl : _keylessUrl).Port);
        Assert.Equal(HttpStatusCode.BadRequest, rebinding.StatusCode);
        Assert.DoesNotContain("r2", await rebinding.Content.ReadAsStringAsync());

        foreach (var host in new[] { "127.0.0.1", "localhost" })
        {
            using var own = await Send(keyed, HttpMethod.Get, "/api/runbooks", headers: r => r.Headers.Host = $"{host}:{(keyed ? _keyedUrl : _keylessUrl).Port}");
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }
    }

    [Theory]
    [InlineData(false, "text/plain")]
    [InlineData(false, "application/x-www-form-urlencoded")]
    [InlineData(false, "multipart/form-data; boundary=x")]
    [InlineData(true, "text/plain")]
    [InlineData(false, null)]
    public async Task A_review_sent_as_a_simple_request_body_is_refused_and_not_recorded(bool keyed, string? contentType)
    {
        using var response = await Send(keyed, HttpMethod.Post, "/api/runbooks/r2/reviews", ReviewBody, contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(0, await ReviewCount(keyed));
    }

    [Theory]
    [InlineData(false, "/api/runbooks/r2/reviews")]
    [InlineData(false, "/api/reminders")]
    [InlineData(false, "/api/checks")]
    [InlineData(true, "/api/runbooks/r2/reviews")]
    [InlineData(true, "/api/reminders")]
    public async Task A_write_from_another_origin_is_refused(bool keyed, string path)
    {
        using var foreign = await Send(keyed, HttpMethod.Post, path, ReviewBody, "application/json", r => r.Headers.Add("Origin", "https://attacker.example"));
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);

        using var crossSite = await Send(keyed, HttpMethod.Post, path, ReviewBody, "application/json", r => r.Headers.Add("Sec-Fetch-Site", "cross-site"));
        Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);

        using var nullOrigin = await Send(keyed, HttpMethod.Post, path, ReviewBody, "application/json", r => r.Headers.Add("Origin", "null"));
        Assert.Equal(HttpStatusCode.Forbidden, nullOrigin.StatusCode);

        Assert.Equal(0, await ReviewCount(keyed));
        var deliveries = await (keyed ? _keyed : _keyless).Services.GetRequiredService<IReviewStore>().GetDeliveriesAsync(null, CancellationToken.None);
        Assert.Empty(deliveries);
    }

    [Fact]
    public async Task A_reminder_run_posted_as_text_plain_sends_nothing()
    {
        using var response = await Send(false, HttpMethod.Post, "/api/reminders", "x", "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Empty(await _keyless.Services.GetRequiredService<IReviewStore>().GetDeliveriesAsync(null, CancellationToken.None));
    }

    [Fact]
    public async Task The_dashboards_own_requests_still_work()
    {
        var origin = $"http://127.0.0.1:{_keylessUrl.Port}";
        using var review = await Send(false, HttpMethod.Post, "/api/runbooks/r2/reviews", """{"reviewer": "ops", "result": "pass"}""", "application/json; charset=utf-8",
            r => { r.Headers.Add("Origin", origin); r.Headers.Add("Sec-Fetch-Site", "same-origin"); });
        Assert.Equal(HttpStatusCode.Created, review.StatusCode);
        using var dryRun = await Send(false, HttpMethod.Post, "/api/reminders?dryRun=true", headers: r => r.Headers.Add("Origin", origin));
        Assert.Equal(HttpStatusCode.OK, dryRun.StatusCode);
        Assert.Equal(1, await ReviewCount(false));
    }

    [Fact]
    public async Task Bodies_over_the_routes_limit_are_413_and_not_recorded()
    {
        var huge = $$"""{"reviewer": "ops", "notes": "{{new string('n', 200_000)}}"}""";
        using var review = await Send(false, HttpMethod.Post, "/api/runbooks/r2/reviews", huge, "application/json");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, review.StatusCode);

        // Chunked (no Content-Length): the bounded read stops it all the same.
        var chunked = new HttpRequestMessage(HttpMethod.Post, new Uri(_keylessUrl, "/api/runbooks/r2/reviews"))
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge))),
        };
        chunked.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        using var chunkedResponse = await _http.SendAsync(chunked);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunkedResponse.StatusCode);

        using var command = await Send(false, HttpMethod.Post, "/api/checks", $$"""{"pad": "{{new string('p', 5000)}}"}""", "application/json");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, command.StatusCode);
        Assert.Equal(0, await ReviewCount(false));
    }
}
