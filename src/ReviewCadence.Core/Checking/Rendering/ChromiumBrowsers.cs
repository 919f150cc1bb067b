using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using ReviewCadence.Catalog;

namespace ReviewCadence.Checking.Rendering;

/// <summary>
/// The Chromium instances that render <c>render: browser</c> sources, one per <see cref="BrowserSettings"/>: launched
/// headless from <see cref="BrowserSettings.ExecutablePath"/> or connected over CDP to
/// <see cref="BrowserSettings.Endpoint"/>, on first use, and again if it went away. One per process; disposing it closes them.
/// </summary>
internal sealed partial class ChromiumBrowsers(ILogger<ChromiumBrowsers> logger, IConfiguration? configuration = null) : IAsyncDisposable, IDisposable
{
    // Flags for a browser that only renders pages: no sandbox (containers run it as root), no GPU, no background
    // traffic of its own (updates, sync, safe-browsing lookups) that would leave the request interception.
    private static readonly string[] LaunchArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-default-apps", "--disable-extensions", "--no-first-run", "--mute-audio",
    ];

    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly Dictionary<BrowserSettings, IBrowser> _browsers = [];
    private IPlaywright? _playwright;
    private bool _disposed;

    /// <summary>The browser for <paramref name="settings"/>, started or connected if need be.</summary>
    /// <exception cref="BrowserUnavailableException">It could not be launched or reached; the message says which setting to fix.</exception>
    public async Task<IBrowser> GetAsync(BrowserSettings settings, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_browsers.TryGetValue(settings, out var known) && known.IsConnected)
                return known;
            _playwright ??= await Playwright.CreateAsync();
            var browser = await StartAsync(_playwright, settings, timeout);
            _browsers[settings] = browser;
            return browser;
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<IBrowser> StartAsync(IPlaywright playwright, BrowserSettings settings, TimeSpan timeout)
    {
        if (settings.Endpoint is { } endpoint)
        {
            var resolved = Resolve(endpoint);
            try
            {
                return await playwright.Chromium.ConnectOverCDPAsync(resolved, new BrowserTypeConnectOverCDPOptions { Timeout = (float)timeout.TotalMilliseconds });
            }
            catch (PlaywrightException ex)
            {
                // The endpoint may carry a token: it is never repeated, nor is the driver's message, which quotes it.
                logger.LogWarning("Connecting to the browser at settings.browser.endpoint failed ({Error})", ex.GetType().Name);
                throw new BrowserUnavailableException("the browser at settings.browser.endpoint could not be reached over CDP");
            }
        }
        var executable = settings.ExecutablePath ?? throw new BrowserUnavailableException("settings.browser has neither executablePath nor endpoint");
        if (!File.Exists(executable))
            throw new BrowserUnavailableException($"settings.browser.executablePath {executable} does not exist (install Chromium, e.g. apt-get install chromium)");
        try
        {
            return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = LaunchArgs,
                Timeout = (float)timeout.TotalMilliseconds,
            });
        }
        catch (PlaywrightException ex)
        {
            logger.LogWarning(ex, "Launching Chromium from {Executable} failed", executable);
            var firstLine = ex.Message.Split('\n', 2)[0].Trim();
            throw new BrowserUnavailableException($"Chromium at settings.browser.executablePath {executable} did not start ({firstLine})");
        }
    }

    /// <summary>The endpoint with its <c>${NAME}</c> references read from configuration; the value is never shown.</summary>
    private string Resolve(string endpoint) => Reference().Replace(endpoint, match =>
    {
        var name = match.Groups["name"].Value;
        return configuration?[name] is { Length: > 0 } value
            ? value
            : throw new BrowserUnavailableException($"settings.browser.endpoint refers to setting {name}, which is not configured");
    });

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Reference();

    public async ValueTask DisposeAsync()
    {
        await _lock.WaitAsync();
        try
        {
            if (_disposed)
                return;
            _disposed = true;
            foreach (var browser in _browsers.Values)
            {
                try
                {
                    await browser.CloseAsync();
                }
                catch (PlaywrightException)
                {
                    // Already gone: nothing to close.
                }
            }
            _browsers.Clear();
            _playwright?.Dispose();
            _playwright = null;
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
