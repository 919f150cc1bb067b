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
    public async Task A_refusal_that_arrives_while_the_key_is_being_typed_leaves_the_typed_key_alone()
    {
        await using var host = await DashboardHost.StartAsync(apiKey: "k3y-for-browser-tests");
        await using var session = await BrowserSession.OpenAsync(Browser);
        var page = session.Page;

        // The first load asks for runbooks and sources together, both without a key. Hold the sources answer
        // back until the key has been typed, as a slow network or a busy host does. The counter (installed
        // by the test, outside the page's policy) tells when the page's own code has had each answer.
        await page.AddInitScriptAsync("""
            const fetchOfPage = window.fetch;
            window.answersSeen = 0;
            window.fetch = async (...args) => { const answer = await fetchOfPage(...args); window.answersSeen++; return answer; };
            """);
        var keyTyped = new TaskCompletionSource();
        await page.RouteAsync("**/sources", async route =>
        {
            await keyTyped.Task;
            await route.ContinueAsync();
        }, new() { Times = 1 });

        await page.GotoAsync(host.BaseUrl.ToString());
        var keyField = page.GetByLabel("Function key", new() { Exact = true });
        await keyField.FillAsync("k3y-for-browser-tests");
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.answersSeen"));
        keyTyped.SetResult();
        await page.WaitForFunctionAsync("() => window.answersSeen === 2");
        await Expect(keyField).ToHaveValueAsync("k3y-for-browser-tests");
        await Expect(keyField).ToBeFocusedAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Use this key" }).ClickAsync();
        await Expect(Rows(page)).ToHaveCountAsync(3);
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
