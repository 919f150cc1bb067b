using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using ReviewCadence.Cli.Serve;
using ReviewCadence.Tests.EndToEnd;
using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Tests.Serve;

/// <summary><c>GET /api/sources/{id}/history</c> and <c>…/diff?from=&amp;to=</c> over real HTTP on <c>serve</c>.</summary>
public sealed class HistoryApiTests : IAsyncLifetime
{
    private const string Key = "test-key-history";
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-history-api-").FullName;
    private TestSite _site = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _site = await TestSite.StartAsync();
        Edition(1);
        var catalog = Path.Combine(_dir, "catalog.yaml");
        await File.WriteAllTextAsync(catalog, $"""
            settings:
              allowPrivateNetworks: true
              retries: 0
            sources:
              - id: pricing
                url: {_site.Url("/docs/pricing")}
            owners:
              - id: ops
            runbooks:
              - id: budget-gate
                title: Token budget quality gate
                owner: ops
                lastReviewed: 2026-11-01
                sources: [pricing]
            """);
        _app = ServeApp.Build(new ServeApp.ServeSettings(catalog, Path.Combine(_dir, "state.db"), "http://127.0.0.1:0", Key));
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

    private void Edition(int n) => _site.Page("/docs/pricing", TestPages.Doc("Pricing", $"Edition {n}: per-call billing costs {n * 10} credits.", "Refunds are handled by support."));

    private async Task<(HttpStatusCode Status, JsonElement Body)> Get(string path)
    {
        using var response = await _http.GetAsync(path);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private async Task CheckAsync()
    {
        using var response = await _http.PostAsync("/api/checks", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task History_lists_versions_newest_first_and_diff_compares_any_two()
    {
        await CheckAsync();
        Edition(2);
        await CheckAsync();
        Edition(3);
        await CheckAsync();

        var (status, history) = await Get("/api/sources/pricing/history");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("pricing", history.GetProperty("source").GetString());
        Assert.Equal(_site.Url("/docs/pricing").ToString(), history.GetProperty("url").GetString());
        var versions = history.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal([3, 2, 1], versions.Select(v => v.GetProperty("version").GetInt32()));
        Assert.All(versions, v =>
        {
            Assert.True(v.GetProperty("lastSeen").GetDateTimeOffset() >= v.GetProperty("firstSeen").GetDateTimeOffset());
            Assert.False(string.IsNullOrEmpty(v.GetProperty("fingerprint").GetString()));
        });
        Assert.Equal("Pricing: 1 line changed", versions[0].GetProperty("summary").GetString());

        var (diffStatus, diff) = await Get("/api/sources/pricing/diff?from=1&to=3");
        Assert.Equal(HttpStatusCode.OK, diffStatus);
        Assert.Equal(1, diff.GetProperty("fromVersion").GetInt32());
        Assert.Equal(3, diff.GetProperty("toVersion").GetInt32());
        Assert.True(diff.GetProperty("hasChange").GetBoolean());
        Assert.Contains("-Edition 1: per-call billing costs 10 credits.", diff.GetProperty("diff").GetString());
        Assert.Contains("+Edition 3: per-call billing costs 30 credits.", diff.GetProperty("diff").GetString());
        var lines = diff.GetProperty("hunks").GetProperty("hunks").EnumerateArray().SelectMany(h => h.GetProperty("lines").EnumerateArray()).ToList();
        Assert.Contains(lines, l => l.GetProperty("kind").GetString() == "removed" && l.GetProperty("text").GetString()!.Contains("Edition 1"));

        var (_, reverse) = await Get("/api/sources/pricing/diff?from=3&to=2");
        Assert.Contains("+Edition 2", reverse.GetProperty("diff").GetString());

        var (_, last) = await Get("/api/sources/pricing/diff");
        Assert.Equal(2, last.GetProperty("fromVersion").GetInt32());
        Assert.Equal(3, last.GetProperty("toVersion").GetInt32());
    }

    [Theory]
    [InlineData("/api/sources/nope/history", HttpStatusCode.NotFound, "Unknown source")]
    [InlineData("/api/sources/nope/diff?from=1", HttpStatusCode.NotFound, "Unknown source")]
    [InlineData("/api/sources/pricing/diff?from=two", HttpStatusCode.BadRequest, "Bad from")]
    [InlineData("/api/sources/pricing/diff?to=0", HttpStatusCode.BadRequest, "Bad to")]
    [InlineData("/api/sources/pricing/diff?from=99", HttpStatusCode.NotFound, "Unknown version")]
    public async Task Unknown_sources_and_versions_are_problems(string path, HttpStatusCode expected, string title)
    {
        await CheckAsync();

        var (status, problem) = await Get(path);

        Assert.Equal(expected, status);
        Assert.Equal(title, problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_history_route_needs_the_key()
    {
        using var anonymous = new HttpClient { BaseAddress = _http.BaseAddress };
        using var response = await anonymous.GetAsync("/api/sources/pricing/history");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
