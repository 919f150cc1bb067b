using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using ReviewCadence.Api;
using ReviewCadence.BrowserTests.Infrastructure;
using ReviewCadence.Cli.Serve;

namespace ReviewCadence.BrowserTests;

/// <summary>The page response itself: one self-contained document whose CSP hashes match what it inlines.</summary>
public sealed partial class DashboardPageResponseTests
{
    private static readonly ApiResponse Page = BuildPage();

    private static ApiResponse BuildPage()
    {
        // Building serve (not starting it) gives the API exactly as both hosts resolve it.
        using var app = ServeApp.Build(new ServeApp.ServeSettings(Path.Combine(Path.GetTempPath(), "no-catalog-needed.yaml"), null, "http://127.0.0.1:0", null));
        return app.Services.GetRequiredService<ReviewCadenceApi>().DashboardPage();
    }

    private static Dictionary<string, string[]> Policy() =>
        Page.Headers["Content-Security-Policy"].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(parts => parts[0], parts => parts[1..]);

    private static string Hash(string content) => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(content)))}'";

    [Fact]
    public void The_policy_hashes_are_those_of_the_one_inline_script_and_the_one_inline_style()
    {
        Assert.Equal(1, Regex.Count(Page.Body, "(?i)<script"));
        Assert.Equal(1, Regex.Count(Page.Body, "(?i)<style"));
        var scripts = ScriptBlock().Matches(Page.Body);
        var styles = StyleBlock().Matches(Page.Body);
        var script = Assert.Single(scripts).Groups[1].Value;
        var style = Assert.Single(styles).Groups[1].Value;
        Assert.True(script.Length > 1000, "the script was not inlined");
        Assert.True(style.Length > 1000, "the style sheet was not inlined");

        var policy = Policy();
        Assert.Equal(["'self'", Hash(script)], policy["script-src"]);
        Assert.Equal(["'self'", Hash(style)], policy["style-src"]);
    }

    [Fact]
    public void The_policy_allows_nothing_else()
    {
        var policy = Policy();
        Assert.Equal(["'none'"], policy["default-src"]);
        Assert.Equal(["'self'"], policy["connect-src"]);
        Assert.Equal(["'self'", "data:"], policy["img-src"]);
        Assert.Equal(["'none'"], policy["base-uri"]);
        Assert.Equal(["'none'"], policy["form-action"]);
        Assert.Equal(["'none'"], policy["frame-ancestors"]);
        Assert.Equal(
            ["base-uri", "connect-src", "default-src", "form-action", "frame-ancestors", "img-src", "script-src", "style-src"],
            policy.Keys.Order());
        Assert.DoesNotContain("unsafe", Page.Headers["Content-Security-Policy"]);
    }

    [Fact]
    public void The_response_is_html_with_nosniff_and_no_referrer()
    {
        Assert.Equal(200, Page.StatusCode);
        Assert.Equal("text/html; charset=utf-8", Page.ContentType);
        Assert.Equal("nosniff", Page.Headers["X-Content-Type-Options"]);
        Assert.Equal("no-referrer", Page.Headers["Referrer-Policy"]);
        Assert.StartsWith("<!doctype html>", Page.Body);
    }

    [Fact]
    public void The_page_loads_nothing_from_elsewhere_and_has_nothing_the_policy_would_block()
    {
        Assert.DoesNotMatch(@"(?i)<(script|link|img|iframe)[^>]*\s(src|href)\s*=\s*[""']?(https?:)?//", Page.Body);
        Assert.DoesNotMatch(@"(?i)<link[^>]*rel\s*=\s*[""']?stylesheet", Page.Body);
        // Inline handlers and style attributes are not covered by the hashes: the browser would refuse them.
        Assert.DoesNotMatch(@"(?i)<[a-z][^>]*\son[a-z]+\s*=", Page.Body);
        Assert.DoesNotMatch(@"(?i)<[a-z][^>]*\sstyle\s*=", Page.Body);
    }

    [Fact]
    public void The_script_builds_the_page_from_text_never_from_markup()
    {
        var script = ScriptBlock().Match(Page.Body).Groups[1].Value;
        foreach (var sink in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "DOMParser", "createContextualFragment" })
        {
            Assert.DoesNotContain(sink, script);
        }
        Assert.Contains("textContent", script);
    }

    [Fact]
    public async Task Serve_answers_the_page_anonymously_at_both_routes_while_the_api_needs_the_key()
    {
        await using var host = await DashboardHost.StartAsync(apiKey: "k3y-for-browser-tests");
        using var anonymous = new HttpClient { BaseAddress = host.BaseUrl };

        foreach (var path in new[] { "/", "/api/dashboard" })
        {
            using var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(Page.Headers["Content-Security-Policy"], string.Join(",", response.Headers.GetValues("Content-Security-Policy")));
            Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("no-referrer", string.Join(",", response.Headers.GetValues("Referrer-Policy")));
            Assert.Equal(Page.Body, await response.Content.ReadAsStringAsync());
        }
        using var refused = await anonymous.GetAsync("/api/runbooks");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var allowed = await host.Api.GetAsync("/api/runbooks");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [GeneratedRegex(@"<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ScriptBlock();

    [GeneratedRegex(@"<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleBlock();
}
