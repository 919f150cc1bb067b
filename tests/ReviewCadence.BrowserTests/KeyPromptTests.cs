using Microsoft.Playwright;
using ReviewCadence.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ReviewCadence.BrowserTests;

/// <summary>The function key: asked for once, kept in session storage only, asked again when refused, never asked when not needed.</summary>
public sealed class KeyPromptTests(ChromiumFixture chromium) : DashboardTestBase(chromium)
{
    [Fact]
    public async Task A_key_protected_api_brings_up_the_key_form_a_wrong_key_is_asked_again_and_the_right_one_shows_the_runbooks()
    {
        await using var host = await DashboardHost.StartAsync(apiKey: "k3y-for-browser-tests");
        await using var session = await BrowserSession.OpenAsync(Browser);
        var page = session.Page;

        await page.GotoAsync(host.BaseUrl.ToString());
        var keyField = page.GetByLabel("Function key", new() { Exact = true });
        await Expect(keyField).ToBeVisibleAsync();
        await Expect(keyField).ToBeFocusedAsync();
        await Expect(page.Locator("#app")).ToBeHiddenAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Use this key" }).ClickAsync();
        await Expect(page.Locator("#key-field-error")).ToHaveTextAsync("Enter the function key.");
        await keyField.FillAsync("two words");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use this key" }).ClickAsync();
        await Expect(page.Locator("#key-field-error")).ToHaveTextAsync("A function key has only letters, digits and punctuation, without spaces.");

        await keyField.FillAsync("not-the-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use this key" }).ClickAsync();
        var error = page.Locator("#key-field-error");
        await Expect(error).ToHaveTextAsync("That key was not accepted. Enter the function key again.");
        await Expect(keyField).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Contains("key-field-error", (await keyField.GetAttributeAsync("aria-describedby"))!.Split(' '));
        await Expect(page.Locator("#app")).ToBeHiddenAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('reviewcadence.functionKey')"));

        await keyField.FillAsync("k3y-for-browser-tests");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use this key" }).ClickAsync();
        await Expect(Rows(page)).ToHaveCountAsync(3);
        await Expect(page.Locator("#key-panel")).ToBeHiddenAsync();

        // Kept for this tab only: session storage, nothing in local storage or cookies.
        Assert.Equal("k3y-for-browser-tests", await page.EvaluateAsync<string?>("() => sessionStorage.getItem('reviewcadence.functionKey')"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => localStorage.length"));
        Assert.Equal("", await page.EvaluateAsync<string>("() => document.cookie"));

        // A reload in the same tab does not ask again; a new browser session does.
        await page.ReloadAsync();
        await Expect(Rows(page)).ToHaveCountAsync(3);
        await Expect(page.Locator("#key-panel")).ToBeHiddenAsync();

        await using var other = await BrowserSession.OpenAsync(Browser);
        await other.Page.GotoAsync(host.BaseUrl.ToString());
        await Expect(other.Page.GetByLabel("Function key", new() { Exact = true })).ToBeVisibleAsync();
        Assert.Empty(session.Problems);
    }

    [Fact]
    public async Task A_key_that_stops_working_mid_session_brings_the_key_form_back()
    {
        await using var host = await DashboardHost.StartAsync(apiKey: "k3y-for-browser-tests");
        await using var session = await OpenDashboardAsync(host);
        var page = session.Page;

        // As if the key were rotated: the stored key is now refused on the next call.
        await page.EvaluateAsync("() => sessionStorage.setItem('reviewcadence.functionKey', 'rotated-away')");
        await page.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();

        await Expect(page.GetByLabel("Function key", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("#key-field-error")).ToHaveTextAsync("That key was not accepted. Enter the function key again.");
        await Expect(page.Locator("#app")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Without_an_api_key_the_page_never_asks_for_one()
    {
        await using var host = await DashboardHost.StartAsync(apiKey: null);
        await using var session = await BrowserSession.OpenAsync(Browser);
        var page = session.Page;

        await page.GotoAsync(host.BaseUrl.ToString());

        await Expect(Rows(page)).ToHaveCountAsync(3);
        await Expect(page.Locator("#key-panel")).ToBeHiddenAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("Loaded 3 runbooks; 0 need review.");
    }
}
