using System.Text.Json;
using ReviewCadence.Cli;
using ReviewCadence.Tests.Fetching;
using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Tests.EndToEnd;

/// <summary>
/// <c>render: browser</c> through <c>reviewcadence check</c>: a loopback page whose content a script writes is a
/// baseline when rendered in Debian's Chromium, an edit to what the script writes is a change naming its section,
/// and the same page read without a browser says it needs <c>render: browser</c>.
/// </summary>
public sealed class BrowserRenderEndToEndTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rc-browser-e2e-").FullName;
    private TestSite _site = null!;

    private string CatalogPath => Path.Combine(_dir, "catalog.yaml");

    private string Store => Path.Combine(_dir, "state.db");

    public async Task InitializeAsync()
    {
        _site = await TestSite.StartAsync();
        Serve("8443");
        Assert.True(File.Exists(BrowserPageFetcherTests.Chromium), $"Chromium is not at {BrowserPageFetcherTests.Chromium}: install it (apt-get install -y chromium)");
        await File.WriteAllTextAsync(CatalogPath, $"""
            settings:
              allowPrivateNetworks: true
              retries: 0
              timeoutSeconds: 15
              browser:
                executablePath: {BrowserPageFetcherTests.Chromium}
            sources:
              - id: status-board
                url: {_site.Url("/app")}
                render: browser
              - id: status-board-plain
                url: {_site.Url("/app")}
            owners:
              - id: ops
            runbooks:
              - id: regions
                title: Region failover runbook
                owner: ops
                cadenceDays: 30
                lastReviewed: 2026-11-01
                sources: [status-board, status-board-plain]
            """);
    }

    private void Serve(string port)
    {
        _site.Page("/app", BrowserPageFetcherTests.Shell);
        _site.Page("/app.js", BrowserPageFetcherTests.AppScript, "text/javascript");
        _site.Page("/api/status", BrowserPageFetcherTests.Status(port), "application/json");
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        TempFolder.Delete(_dir);
    }

    private async Task<JsonElement> CheckAsync(string now, int exitCode)
    {
        var result = await CliRunner.RunAsync("check", "--json", "--catalog", CatalogPath, "--store", Store, "--now", now);
        Assert.True(result.ExitCode == exitCode, result.ToString());
        return result.Json;
    }

    private static JsonElement Source(JsonElement report, string id) =>
        report.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("id").GetString() == id);

    [Fact]
    public async Task A_script_written_page_is_checked_in_the_browser_and_its_edit_is_a_named_change()
    {
        // Nothing needs review yet: the plain source is only unreachable (it becomes broken on its second failure).
        var first = await CheckAsync("2026-11-10T09:00:00Z", ExitCodes.Ok);

        Assert.Equal("new", Source(first, "status-board").GetProperty("outcome").GetString());
        var plain = Source(first, "status-board-plain");
        Assert.Equal("unreachable", plain.GetProperty("outcome").GetString());
        Assert.Contains("render: browser", plain.GetProperty("detail").GetString());

        var again = await CheckAsync("2026-11-11T09:00:00Z", ExitCodes.Attention);
        Assert.Equal("unchanged", Source(again, "status-board").GetProperty("outcome").GetString());
        Assert.Equal("broken", Source(again, "status-board-plain").GetProperty("outcome").GetString());

        Serve("9443");
        var edited = await CheckAsync("2026-11-12T09:00:00Z", ExitCodes.Attention);

        var board = Source(edited, "status-board");
        Assert.Equal("changed", board.GetProperty("outcome").GetString());
        Assert.Equal("Regions: 1 line changed", board.GetProperty("detail").GetString());

        var diff = await CliRunner.RunAsync("diff", "status-board", "--catalog", CatalogPath, "--store", Store);
        Assert.Equal(0, diff.ExitCode);
        Assert.Contains("+The eu-west region serves traffic on port 9443", diff.Stdout);
    }
}
