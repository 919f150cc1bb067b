using System.Buffers.Binary;
using Microsoft.Playwright;
using ReviewCadence.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ReviewCadence.BrowserTests;

/// <summary>
/// The dashboard's views as the README shows them, taken with the real browser at 1280 and 390 px over a real
/// serve: a changed page, a broken one and a dozen runbooks. Set <see cref="DirectoryVariable"/> to write them
/// where the docs keep them (<c>REVIEWCADENCE_SCREENSHOTS=docs/screenshots dotnet test --filter ScreenshotTests</c>);
/// otherwise they go to a temporary folder. Either way each picture is checked to be the view asked for.
/// </summary>
public sealed class ScreenshotTests(ChromiumFixture chromium) : DashboardTestBase(chromium)
{
    public const string DirectoryVariable = "REVIEWCADENCE_SCREENSHOTS";

    [Theory]
    [InlineData(1280, 860, "desktop")]
    [InlineData(390, 844, "phone")]
    public async Task The_views_are_photographed_at_desk_and_phone_widths(int width, int height, string name)
    {
        var directory = Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured
            ? Path.GetFullPath(configured, RepositoryRoot.Find())
            : Directory.CreateTempSubdirectory("rc-screenshots-").FullName;
        Directory.CreateDirectory(directory);

        await using var host = await DashboardHost.StartAsync(numbered: 9);
        await host.CheckAsync();
        await using var session = await OpenDashboardAsync(host, width: width, height: height);
        var page = session.Page;
        var taken = new List<string>();

        async Task ShootAsync(string view)
        {
            // Let the last status message settle (it is written a moment after it is said).
            await page.WaitForTimeoutAsync(150);
            var path = Path.Combine(directory, $"dashboard-{view}-{name}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
            taken.Add(path);
        }

        host.Site.Pages[DashboardHost.PricingPath] = DashboardHost.Doc("Pricing",
            "Token-based billing applies to models with unified official pricing.", "Per-call billing now applies to every model.");
        host.Site.Pages[DashboardHost.NumberedPath(3)] = DashboardHost.Doc("Reference page 3",
            "Step 3 of the procedure applies to every region except eu-west.", "Escalate to the owner when it fails.");
        host.Site.Pages.TryRemove(DashboardHost.AllocationPath, out _);
        await page.Locator("#run-check").ClickAsync();
        await Expect(page.Locator("#check-status")).ToContainTextAsync("Check finished");
        await ShootAsync("check");
        await page.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
        await Expect(page.Locator("#last-check")).ToContainTextAsync("Finished");
        await ShootAsync("runbooks");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sources", Exact = true }).ClickAsync();
        await page.GetByLabel("Outcome", new() { Exact = true }).SelectOptionAsync("attention");
        await Expect(page.Locator("#sources-body tr")).ToHaveCountAsync(3);
        await page.Locator("#sources-heading").ScrollIntoViewIfNeededAsync();
        await ShootAsync("sources");
        await page.GetByLabel("Outcome", new() { Exact = true }).SelectOptionAsync("");

        await page.GetByRole(AriaRole.Button, new() { Name = "Runbooks", Exact = true }).ClickAsync();
        await OpenDetailAsync(page, "Token budget quality gate");
        await Expect(page.Locator("#detail mark.word").First).ToBeVisibleAsync();
        await ShootAsync("runbook-detail");

        await page.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sources", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Diff of pricing" }).ClickAsync();
        await Expect(page.Locator("#source-diff mark.word").First).ToBeVisibleAsync();
        if (width < 600)
        {
            // A phone shows the diff below the versions: the picture shows where it starts.
            await page.Locator("#compare-heading").ScrollIntoViewIfNeededAsync();
            await page.Locator("#source-detail").EvaluateAsync("d => d.scrollTop = document.getElementById('compare').offsetTop - 8");
        }
        await ShootAsync("source-history");

        Assert.Equal(5, taken.Count);
        foreach (var path in taken)
        {
            var bytes = await File.ReadAllBytesAsync(path);
            Assert.True(bytes.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }), $"{path} is not a PNG");
            // IHDR: width and height, big-endian, right after the signature and the chunk's length and type.
            Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
            Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
        }
        Assert.Empty(session.Problems);
    }
}
