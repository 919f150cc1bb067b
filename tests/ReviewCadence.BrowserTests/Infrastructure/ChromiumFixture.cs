using Microsoft.Playwright;

namespace ReviewCadence.BrowserTests.Infrastructure;

/// <summary>
/// One headless Chromium for the browser tests: Debian's <c>chromium</c> driven by Playwright's bundled
/// driver (Playwright downloads no browser here). Each test opens its own context, so session storage
/// and cookies never leak between tests.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    /// <summary>Overrides where Chromium is (default <c>/usr/bin/chromium</c>).</summary>
    public const string PathVariable = "REVIEWCADENCE_CHROMIUM";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        string? executable = Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            // No system Chromium: on a machine with internet access Playwright can fetch its own build
            // (a fresh developer machine); where it cannot (this project's CI), say how to install one.
            if (Microsoft.Playwright.Program.Main(["install", "chromium"]) != 0)
            {
                throw new InvalidOperationException(
                    $"Chromium is not installed at {executable} and Playwright could not download one: the browser tests need it. " +
                    $"Install it with `apt-get update && apt-get install -y chromium` (.ci/run does this on CI), or set {PathVariable} to its path.");
            }
            executable = null;
        }
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Browser";
}
