using Microsoft.Playwright;
using ReviewCadence.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ReviewCadence.BrowserTests;

/// <summary>The page runs under its own strict policy, in a real browser, at both hosts' URLs.</summary>
public sealed class ContentSecurityPolicyTests(ChromiumFixture chromium) : DashboardTestBase(chromium)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/api/dashboard")]
    public async Task The_page_works_under_its_strict_policy_and_the_policy_blocks_injected_script(string path)
    {
        await using var host = await DashboardHost.StartAsync(apiKey: "k3y-for-browser-tests");
        await using var session = await BrowserSession.OpenAsync(Browser);
        var page = session.Page;

        var response = await page.GotoAsync(new Uri(host.BaseUrl, path).ToString());
        Assert.NotNull(response);
        var headers = await response.AllHeadersAsync();
        Assert.StartsWith("default-src 'none'; script-src 'self' 'sha256-", headers["content-security-policy"]);
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        Assert.Equal("no-referrer", headers["referrer-policy"]);

        // The inline script ran (it asked for the key and, given it, loaded the API from this path's base).
        await page.GetByLabel("Function key", new() { Exact = true }).FillAsync("k3y-for-browser-tests");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use this key" }).ClickAsync();
        await Expect(Rows(page)).ToHaveCountAsync(3);
        await Expect(page.Locator("caption#runbooks-caption")).ToBeVisibleAsync();
        Assert.Empty(session.Problems);

        // The policy is enforced, not only sent: a script injected into the page does not run.
        var ran = await page.EvaluateAsync<bool>("""
            async () => {
              const s = document.createElement('script');
              s.textContent = 'window.injectedRan = true';
              document.body.append(s);
              await new Promise(r => setTimeout(r, 100));
              return window.injectedRan === true;
            }
            """);
        Assert.False(ran);
        Assert.Contains(session.Problems, p => p.Contains("Content Security Policy"));
    }
}
