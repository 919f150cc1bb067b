using Microsoft.Playwright;
using ReviewCadence.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ReviewCadence.BrowserTests;

/// <summary>Keyboard use with a visible focus, and contrast of every coloured text (phone-sized screens: <see cref="LayoutTests"/>).</summary>
public sealed class AccessibilityTests(ChromiumFixture chromium) : DashboardTestBase(chromium)
{
    [Fact]
    public async Task The_keyboard_alone_reaches_and_activates_sort_buttons_runbook_details_and_actions_with_a_visible_focus()
    {
        await using var host = await DashboardHost.StartAsync();
        await FlagBudgetGateAsync(host);
        await using var session = await OpenDashboardAsync(host);
        var page = session.Page;

        var ownerSort = page.GetByRole(AriaRole.Button, new() { Name = "Owner", Exact = true });
        await TabToAsync(page, ownerSort);
        var outline = await ownerSort.EvaluateAsync<string[]>("e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth]; }");
        Assert.NotEqual("none", outline[0]);
        Assert.True(double.Parse(outline[1].Replace("px", ""), System.Globalization.CultureInfo.InvariantCulture) >= 2, $"focus outline {outline[1]}");
        await page.Keyboard.PressAsync("Enter");
        await Expect(SortHeader(page, "owner")).ToHaveAttributeAsync("aria-sort", "ascending");
        await page.Keyboard.PressAsync("Space");
        await Expect(SortHeader(page, "owner")).ToHaveAttributeAsync("aria-sort", "descending");
        await Expect(ownerSort).ToBeFocusedAsync();

        var gate = page.GetByRole(AriaRole.Button, new() { Name = "Token budget quality gate" });
        await TabToAsync(page, gate);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#detail")).ToBeVisibleAsync();
        await Expect(page.Locator("#detail .diff-line.added")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.getElementById('detail').contains(document.activeElement)"), "focus did not move into the detail dialog");
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator("#detail")).ToBeHiddenAsync();
        await Expect(gate).ToBeFocusedAsync();

        var checkNow = page.Locator("#run-check");
        await TabToAsync(page, checkNow, backwards: true);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(".check-summary")).ToContainTextAsync("Check finished: 3 sources checked");
        await Expect(checkNow).ToBeFocusedAsync();

        await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Send reminders now" }));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(".reminder-summary")).ToContainTextAsync("would be sent");
        var confirm = page.Locator("#send-reminders");
        await TabToAsync(page, confirm);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(".reminder-summary")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Sent \d+ reminders?\.$"));
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task Every_text_including_status_badges_diff_lines_and_errors_has_a_contrast_of_at_least_4_5(int width)
    {
        await using var host = await DashboardHost.StartAsync();
        await FlagBudgetGateAsync(host);
        host.Site.Pages.TryRemove(DashboardHost.AllocationPath, out _);
        await host.CheckAsync();
        await using var session = await OpenDashboardAsync(host, width: width, height: width < 600 ? 844 : 900);
        var page = session.Page;

        var failures = new List<string>();
        failures.AddRange(await LowContrastAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sources" }).ClickAsync();
        failures.AddRange(await LowContrastAsync(page));
        // The history dialog with a diff's highlighted words.
        await page.GetByRole(AriaRole.Link, new() { Name = "History of pricing" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Diff 1 → 2" }).ClickAsync();
        await Expect(page.Locator("#source-diff mark.word").First).ToBeVisibleAsync();
        failures.AddRange(await LowContrastAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Runbooks" }).ClickAsync();
        await OpenDetailAsync(page, "Token budget quality gate");
        await Expect(page.Locator("#detail .diff-line.removed")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Record review" }).ClickAsync();
        await Expect(page.Locator("#review-reviewer-error")).ToBeVisibleAsync();
        failures.AddRange(await LowContrastAsync(page));

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Presses Tab (or Shift+Tab) until the target has the focus.</summary>
    private static async Task TabToAsync(IPage page, ILocator target, bool backwards = false)
    {
        for (var presses = 0; presses < 80; presses++)
        {
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement"))
            {
                return;
            }
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
        }
        Assert.Fail($"{target} cannot be reached with the keyboard");
    }

    /// <summary>Visible text elements whose colour on their effective background is below 4.5:1 (WCAG 2 AA).</summary>
    private static Task<string[]> LowContrastAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => {
          const channel = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
          const parse = s => { const m = s.match(/rgba?\(([^)]+)\)/); if (!m) return null; const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
          const luminance = c => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
          const background = e => {
            for (let n = e; n; n = n.parentElement) {
              const c = parse(getComputedStyle(n).backgroundColor);
              if (c && c.a > 0) return c;
            }
            return { r: 255, g: 255, b: 255, a: 1 };
          };
          const failures = [];
          for (const e of document.querySelectorAll('body *')) {
            if (!e.checkVisibility() || e.closest('[aria-hidden="true"]') || e.closest('.sr-only')) continue;
            const ownText = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
            if (!ownText) continue;
            if (e.matches('button[aria-disabled="true"]')) continue;
            const fg = parse(getComputedStyle(e).color);
            const bg = background(e);
            const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
            const ratio = (hi + 0.05) / (lo + 0.05);
            if (ratio < 4.5) failures.push(`${e.tagName.toLowerCase()}.${e.className} "${e.textContent.trim().slice(0, 40)}": ${ratio.toFixed(2)}`);
          }
          return failures;
        }
        """);
}
