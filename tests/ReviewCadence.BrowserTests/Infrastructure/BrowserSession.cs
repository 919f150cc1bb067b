using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace ReviewCadence.BrowserTests.Infrastructure;

/// <summary>
/// One browser tab in its own context (fresh session storage), recording every JavaScript dialog
/// (alert/confirm/prompt: none may ever open), uncaught page errors and Content-Security-Policy violations.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _dialogs = new();
    private readonly ConcurrentQueue<string> _problems = new();

    private BrowserSession(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Dialog += (_, dialog) =>
        {
            _dialogs.Enqueue($"{dialog.Type}: {dialog.Message}");
            _ = dialog.DismissAsync();
        };
        page.PageError += (_, error) => _problems.Enqueue($"page error: {error}");
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                _problems.Enqueue($"CSP: {message.Text}");
            }
        };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public IReadOnlyList<string> Dialogs => [.. _dialogs];

    /// <summary>Uncaught script errors and CSP violations seen so far.</summary>
    public IReadOnlyList<string> Problems => [.. _problems];

    public static async Task<BrowserSession> OpenAsync(IBrowser browser, int width = 1280, int height = 900)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        return new BrowserSession(context, page);
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
